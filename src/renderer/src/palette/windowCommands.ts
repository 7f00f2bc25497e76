import { COMMAND_IDS, type CommandId } from '../../../common/commands';

/**
 * Which of the table's commands the window carries out today, and which of
 * those the open piece's components do (they act on its editor and panes).
 * The dispatcher must give each app command a runner (its type says so);
 * the rest of the table is the system's (undo, zoom) or main's.
 */

export const APP_COMMAND_IDS = [
  'file.newDraft',
  'file.import',
  'file.importOpened',
  'file.close',
  'view.commandPalette',
  'view.write',
  'view.desk',
  'view.newsroom',
  'view.tags',
  'view.publishing',
  'view.checkRules',
  'view.library',
  'piece.publish',
  'help.shortcuts',
  'help.whereData',
  'app.preferences',
] as const satisfies readonly CommandId[];

export const PIECE_COMMAND_IDS = [
  'file.export',
  'file.saveVersion',
  'file.saveNamedVersion',
  'edit.find',
  'edit.replace',
  'edit.link',
  'edit.reviewNote',
  'edit.moveBlockUp',
  'edit.moveBlockDown',
  'edit.spelling',
  'format.bold',
  'format.italic',
  'format.underline',
  'format.strikethrough',
  'format.code',
  'view.sidePane',
  'view.focusMode',
  'view.preview',
  'view.spelling',
  'piece.submitForReview',
  'piece.runCheck',
] as const satisfies readonly CommandId[];

export type AppCommandId = (typeof APP_COMMAND_IDS)[number];
export type PieceCommandId = (typeof PIECE_COMMAND_IDS)[number];
export type WindowCommandId = AppCommandId | PieceCommandId;

/** In the table's order, which the palette keeps among equal matches. */
export const WINDOW_COMMAND_IDS = COMMAND_IDS.filter((id): id is WindowCommandId => runsInWindow(id));

export function runsInWindow(id: CommandId): id is WindowCommandId {
  return (APP_COMMAND_IDS as readonly CommandId[]).includes(id) || runsInPiece(id);
}

/** Whether the open piece's components carry the command out (and listen for its keys themselves). */
export function runsInPiece(id: CommandId): id is PieceCommandId {
  return (PIECE_COMMAND_IDS as readonly CommandId[]).includes(id);
}
