import { commandEnabled, commandSpec, type CommandId } from '../../../common/commands';
import { api, messageOf, unwrap } from '../api';
import { useOpenDraft } from '../editor/openDraftStore';
import { useExchange } from '../exchange/exchangeStore';
import { useLibrary } from '../library/libraryStore';
import { usePublish } from '../publish/publishStore';
import { notifyError, useNotices } from '../shell/notices';
import { useShell, type AppView } from '../shell/shellStore';
import { useCommandUi } from './commandUi';
import { runsInPiece, runsInWindow, type AppCommandId, type PieceCommandId } from './windowCommands';

/**
 * The one place the window carries out a command of the table
 * (src/common/commands.ts), whether it came from the menu bar (an
 * `app.command` event), the keys, or the command palette. Commands on the
 * open piece are given by the piece's own components while it is open
 * (`providePieceCommand`), since they act on its editor and panes.
 */

type Runner = () => void | Promise<unknown>;

const showView = (view: AppView) => () => useShell.getState().setView(view);

async function newDraft(): Promise<void> {
  useShell.getState().setView('write');
  await useLibrary.getState().createDraft();
}

/** The library's list takes the focus, to be walked with the arrow keys (its search box when it is empty). */
function focusLibrary(): void {
  useShell.getState().setView('write');
  requestAnimationFrame(() => {
    const list = document.querySelector<HTMLElement>('[role="listbox"][aria-label="Drafts"]');
    (list?.querySelector('[role="option"]')
      ? list
      : document.querySelector<HTMLElement>('input[aria-label="Search drafts"]')
    )?.focus();
  });
}

async function showWhereData(): Promise<void> {
  const info = await unwrap(api().app.info({}));
  useNotices
    .getState()
    .push(
      { kind: 'info', message: `Your work is kept in ${info.databasePath}, in the data folder ${info.dataDir}.` },
      20_000,
    );
}

/** The window's own commands; the piece's are provided by its components (`providePieceCommand`). */
const APP_RUNNERS: Record<AppCommandId, Runner> = {
  'file.newDraft': newDraft,
  'file.import': () => useExchange.getState().importFiles(),
  'file.importOpened': () => useExchange.getState().importDropped(),
  'file.close': () => useLibrary.getState().select(null),
  'view.commandPalette': () => useCommandUi.getState().show('palette'),
  'view.write': showView('write'),
  'view.desk': showView('desk'),
  'view.newsroom': showView('newsroom'),
  'view.tags': showView('tags'),
  'view.publishing': showView('targets'),
  'view.checkRules': showView('settings'),
  'view.library': focusLibrary,
  'piece.publish': () => usePublish.getState().openDialog(),
  'help.shortcuts': () => useCommandUi.getState().show('sheet'),
  'help.whereData': showWhereData,
  'app.preferences': () => useCommandUi.getState().show('preferences'),
};

const pieceRunners = new Map<CommandId, Runner>();

/** Called by the open piece's components: they carry out `id` until the returned function is called. */
export function providePieceCommand(id: PieceCommandId, run: Runner): () => void {
  pieceRunners.set(id, run);
  return () => {
    if (pieceRunners.get(id) === run) pieceRunners.delete(id);
  };
}

export const pieceIsOpen = (): boolean => useOpenDraft.getState().draftId !== null;

const named = (id: CommandId): string => commandSpec(id).label.replace(/…$/, '');

/**
 * Carries out a command in the window. A command on the piece with none
 * open says so rather than doing nothing; so does a failure.
 */
export async function runCommand(id: CommandId): Promise<void> {
  if (!runsInWindow(id)) return;
  if (!commandEnabled(id, { pieceOpen: pieceIsOpen() })) {
    useNotices.getState().push({ kind: 'info', message: `${named(id)}: open a piece first.` });
    return;
  }
  const run = runsInPiece(id) ? pieceRunners.get(id) : APP_RUNNERS[id];
  if (!run) {
    notifyError(`${named(id)} is not ready yet: the piece is still opening.`);
    return;
  }
  try {
    await run();
  } catch (err) {
    notifyError(`${named(id)}: ${messageOf(err)}`);
  }
}
