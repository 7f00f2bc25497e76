import type { Menu as ElectronMenu, MenuItemConstructorOptions } from 'electron';
import {
  COMMANDS,
  commandEnabled,
  commandKeys,
  commandSpec,
  type CommandId,
  type Platform,
} from '../../common/commands';

/**
 * The application menu, laid out from the command table in
 * src/common/commands.ts: File, Edit, View, Piece, Window, Help, with the
 * macOS app menu there, and Alt-key access on Windows and Linux. The
 * editor's own formatting (`inEditor`) stays out: Lexical answers its keys.
 */

/** The commands the main process carries out itself (the rest reach the window as `app.command`). */
export type MainCommandId = { [K in CommandId]: (typeof COMMANDS)[K] extends { runs: 'main' } ? K : never }[CommandId];

export interface MenuContext {
  platform: Platform;
  pieceOpen: boolean;
  /** Development builds get the developer tools in View. */
  devTools: boolean;
}

export interface MenuActions {
  toWindow(command: CommandId): void;
  inMain: Record<MainCommandId, () => void>;
}

type Entry = CommandId | '-' | MenuItemConstructorOptions;
interface TopMenu {
  label: string;
  role?: MenuItemConstructorOptions['role'];
  entries: Entry[];
}

function layout({ platform, devTools }: MenuContext): TopMenu[] {
  const mac = platform === 'darwin';
  // Windows and Linux open a menu with Alt and its underlined letter.
  const top = (label: string, entries: Entry[], role?: MenuItemConstructorOptions['role']): TopMenu => ({
    label: mac ? label : `&${label}`,
    entries,
    ...(role ? { role } : {}),
  });
  const appMenu = top('Copydesk', [
    { role: 'about' },
    '-',
    'app.preferences',
    '-',
    { role: 'services' },
    '-',
    'app.hide',
    'app.hideOthers',
    { role: 'unhide' },
    '-',
    'app.quit',
  ]);
  return [
    ...(mac ? [appMenu] : []),
    top('File', [
      'file.newDraft',
      'file.import',
      '-',
      'file.export',
      'file.saveVersion',
      'file.saveNamedVersion',
      '-',
      'file.close',
      ...(mac ? [] : (['-', 'app.preferences', '-', 'app.quit'] as Entry[])),
    ]),
    top('Edit', [
      'edit.undo',
      'edit.redo',
      '-',
      'edit.cut',
      'edit.copy',
      'edit.paste',
      'edit.pastePlain',
      'edit.selectAll',
      '-',
      'edit.find',
      'edit.replace',
      '-',
      'edit.link',
      'edit.reviewNote',
      '-',
      'edit.moveBlockUp',
      'edit.moveBlockDown',
      'edit.spelling',
    ]),
    top('View', [
      'view.commandPalette',
      '-',
      'view.write',
      'view.desk',
      'view.newsroom',
      'view.tags',
      'view.publishing',
      'view.checkRules',
      '-',
      'view.library',
      'view.sidePane',
      'view.focusMode',
      'view.preview',
      'view.spelling',
      '-',
      'view.resetZoom',
      'view.zoomIn',
      'view.zoomOut',
      '-',
      'view.fullScreen',
      ...(devTools ? (['-', { role: 'reload' }, { role: 'toggleDevTools' }] as Entry[]) : []),
    ]),
    top('Piece', ['piece.submitForReview', 'piece.runCheck', '-', 'piece.publish']),
    top(
      'Window',
      ['window.minimize', ...(mac ? ([{ role: 'zoom' }, '-', { role: 'front' }] as Entry[]) : [])],
      mac ? 'window' : undefined,
    ),
    top(
      'Help',
      [
        'help.shortcuts',
        '-',
        'help.whereData',
        'help.openDataFolder',
        '-',
        'help.reportProblem',
        ...(mac ? [] : (['-', { role: 'about' }] as Entry[])),
      ],
      mac ? 'help' : undefined,
    ),
  ];
}

/** One command as a menu item: a role the system carries out, or a click that goes where the command runs. */
function commandItem(id: CommandId, context: MenuContext, actions: MenuActions): MenuItemConstructorOptions {
  const spec = commandSpec(id);
  const accelerator = commandKeys(id, context.platform);
  const item: MenuItemConstructorOptions = { id, label: spec.label, ...(accelerator ? { accelerator } : {}) };
  if (typeof spec.runs === 'object') return { ...item, role: spec.runs.role };
  const runs = spec.runs;
  return {
    ...item,
    enabled: commandEnabled(id, context),
    // On Windows and Linux a menu accelerator takes the keys before the page; these the window handles (and prevents) itself.
    // On macOS, where this option does nothing, the page sees a key first and the menu gets only what the page left unhandled.
    ...(spec.keysInWindow ? { registerAccelerator: false } : {}),
    click: runs === 'main' ? () => actions.inMain[id as MainCommandId]() : () => actions.toWindow(id),
  };
}

export function buildMenuTemplate(context: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  return layout(context).map(({ label, role, entries }) => ({
    label,
    ...(role ? { role } : {}),
    submenu: entries.map((entry): MenuItemConstructorOptions => {
      if (entry === '-') return { type: 'separator' };
      if (typeof entry === 'string') return commandItem(entry, context, actions);
      return entry;
    }),
  }));
}

/**
 * Sets the application menu and rebuilds it when the window opens or
 * closes a piece, so the piece's commands are enabled only while one is open.
 */
export function installApplicationMenu(
  menu: Pick<typeof ElectronMenu, 'buildFromTemplate' | 'setApplicationMenu'>,
  context: MenuContext,
  actions: MenuActions,
): { setPieceOpen(open: boolean): void } {
  let current = context;
  const apply = (): void => menu.setApplicationMenu(menu.buildFromTemplate(buildMenuTemplate(current, actions)));
  apply();
  return {
    setPieceOpen(open) {
      if (open === current.pieceOpen) return;
      current = { ...current, pieceOpen: open };
      apply();
    },
  };
}
