/**
 * Every command a writer can give from the menu bar, the keyboard, the
 * command palette and the shortcuts sheet: one table, so the names and
 * keys cannot drift between them. The application menu is laid out from it
 * (src/main/shell/menu.ts); the renderer's palette and sheet read it too
 * (src/renderer/src/palette/).
 */

export type Platform = 'darwin' | 'win32' | 'linux';

/** Electron's roles the table uses: the system carries these out itself. */
export type CommandRole =
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'selectAll'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'hide'
  | 'hideOthers'
  | 'quit';

export interface CommandSpec {
  label: string;
  /** An Electron accelerator, the same everywhere or one for macOS and one for Windows and Linux. */
  keys?: string | { mac?: string; other?: string };
  /** Applies only to the piece open in the editor: disabled when none is. */
  needsPiece?: true;
  /** Carried out by the system, or by the main process; otherwise by the window, as an `app.command` event. */
  runs?: { role: CommandRole } | 'main';
  /** The window already listens for these keys itself; the menu shows them without taking them (no double action). */
  keysInWindow?: true;
  /** Given by the app itself, never chosen from a menu. */
  offMenu?: true;
  /**
   * The editor's own formatting: Lexical answers its keys while the text has
   * the focus, so it stays out of the application menu (which must not take
   * those keys) and is reached from the palette and the sheet.
   */
  inEditor?: true;
}

export const COMMANDS = {
  'file.newDraft': { label: 'New draft', keys: 'CmdOrCtrl+N', keysInWindow: true },
  'file.import': { label: 'Import…', keys: 'CmdOrCtrl+O' },
  'file.export': { label: 'Export…', keys: 'CmdOrCtrl+Shift+E', needsPiece: true },
  'file.saveVersion': { label: 'Save a version', keys: 'CmdOrCtrl+S', needsPiece: true, keysInWindow: true },
  'file.saveNamedVersion': {
    label: 'Save a named version…',
    keys: 'CmdOrCtrl+Shift+S',
    needsPiece: true,
    keysInWindow: true,
  },
  // The files the system asked Copydesk to open, once the writer agreed, wait in the shell's hand-over (as a drop's do).
  'file.importOpened': { label: 'Import the files opened from the system', offMenu: true },
  'file.close': { label: 'Close', keys: 'CmdOrCtrl+W', needsPiece: true },
  'app.preferences': { label: 'Preferences…', keys: 'CmdOrCtrl+,', keysInWindow: true },
  'app.hide': { label: 'Hide Copydesk', keys: { mac: 'Cmd+H' }, runs: { role: 'hide' } },
  'app.hideOthers': { label: 'Hide others', keys: { mac: 'Cmd+Alt+H' }, runs: { role: 'hideOthers' } },
  'app.quit': { label: 'Quit Copydesk', keys: { mac: 'Cmd+Q', other: 'Ctrl+Q' }, runs: { role: 'quit' } },

  'edit.undo': { label: 'Undo', keys: 'CmdOrCtrl+Z', runs: { role: 'undo' } },
  'edit.redo': { label: 'Redo', keys: { mac: 'Cmd+Shift+Z', other: 'Ctrl+Y' }, runs: { role: 'redo' } },
  'edit.cut': { label: 'Cut', keys: 'CmdOrCtrl+X', runs: { role: 'cut' } },
  'edit.copy': { label: 'Copy', keys: 'CmdOrCtrl+C', runs: { role: 'copy' } },
  'edit.paste': { label: 'Paste', keys: 'CmdOrCtrl+V', runs: { role: 'paste' } },
  'edit.pastePlain': { label: 'Paste as plain text', keys: 'CmdOrCtrl+Shift+V', runs: { role: 'pasteAndMatchStyle' } },
  'edit.selectAll': { label: 'Select all', keys: 'CmdOrCtrl+A', runs: { role: 'selectAll' } },
  'edit.find': { label: 'Find…', keys: 'CmdOrCtrl+F', needsPiece: true, keysInWindow: true },
  'edit.replace': {
    label: 'Replace…',
    keys: { mac: 'Cmd+Alt+F', other: 'Ctrl+H' },
    needsPiece: true,
    keysInWindow: true,
  },
  'edit.link': { label: 'Link…', keys: 'CmdOrCtrl+K', needsPiece: true, keysInWindow: true },
  'edit.reviewNote': { label: 'Add a review note', keys: 'CmdOrCtrl+Alt+M', needsPiece: true, keysInWindow: true },
  // The editor listens for these itself (BlockMovePlugin): the caret's block, the selected ones, or a selected figure.
  'edit.moveBlockUp': { label: 'Move block up', keys: 'Alt+Shift+Up', needsPiece: true, keysInWindow: true },
  'edit.moveBlockDown': { label: 'Move block down', keys: 'Alt+Shift+Down', needsPiece: true, keysInWindow: true },
  'edit.spelling': { label: 'Spelling suggestions', keys: 'CmdOrCtrl+.', needsPiece: true, keysInWindow: true },

  'format.bold': { label: 'Bold', keys: 'CmdOrCtrl+B', needsPiece: true, inEditor: true },
  'format.italic': { label: 'Italic', keys: 'CmdOrCtrl+I', needsPiece: true, inEditor: true },
  'format.underline': { label: 'Underline', keys: 'CmdOrCtrl+U', needsPiece: true, inEditor: true },
  'format.strikethrough': { label: 'Strikethrough', needsPiece: true, inEditor: true },
  'format.code': { label: 'Inline code', needsPiece: true, inEditor: true },

  'view.commandPalette': { label: 'Command palette…', keys: 'CmdOrCtrl+Shift+P', keysInWindow: true },
  // The app's rooms, as the bar across the top names them.
  'view.write': { label: 'Write', keys: 'CmdOrCtrl+1', keysInWindow: true },
  'view.desk': { label: 'Desk', keys: 'CmdOrCtrl+2', keysInWindow: true },
  'view.newsroom': { label: 'Newsroom', keys: 'CmdOrCtrl+3', keysInWindow: true },
  'view.tags': { label: 'Tags', keys: 'CmdOrCtrl+4', keysInWindow: true },
  'view.publishing': { label: 'Publishing', keys: 'CmdOrCtrl+5', keysInWindow: true },
  'view.checkRules': { label: 'Check rules', keys: 'CmdOrCtrl+6', keysInWindow: true },
  'view.library': { label: 'Library', keys: 'CmdOrCtrl+Shift+L' },
  'view.sidePane': { label: 'Side pane', keys: 'CmdOrCtrl+Shift+D', needsPiece: true },
  'view.focusMode': { label: 'Focus mode', keys: 'CmdOrCtrl+Shift+F', needsPiece: true, keysInWindow: true },
  'view.preview': { label: 'Preview', keys: 'CmdOrCtrl+Alt+P', needsPiece: true, keysInWindow: true },
  'view.spelling': { label: 'Spelling and house style', needsPiece: true },
  'view.resetZoom': { label: 'Actual size', keys: 'CmdOrCtrl+0', runs: { role: 'resetZoom' } },
  'view.zoomIn': { label: 'Zoom in', keys: 'CmdOrCtrl+Plus', runs: { role: 'zoomIn' } },
  'view.zoomOut': { label: 'Zoom out', keys: 'CmdOrCtrl+-', runs: { role: 'zoomOut' } },
  'view.fullScreen': {
    label: 'Full screen',
    keys: { mac: 'Ctrl+Cmd+F', other: 'F11' },
    runs: { role: 'togglefullscreen' },
  },

  'piece.submitForReview': { label: 'Submit for review', keys: 'CmdOrCtrl+Shift+Enter', needsPiece: true },
  'piece.runCheck': { label: 'Run the check', keys: 'F7', needsPiece: true },
  'piece.publish': { label: 'Publish…', keys: 'CmdOrCtrl+Shift+U', needsPiece: true },

  'window.minimize': { label: 'Minimize', keys: 'CmdOrCtrl+M', runs: { role: 'minimize' } },

  'help.shortcuts': { label: 'Keyboard shortcuts', keys: 'CmdOrCtrl+/', keysInWindow: true },
  'help.whereData': { label: 'Where my data lives' },
  'help.openDataFolder': { label: 'Open the data folder', runs: 'main' },
  'help.reportProblem': { label: 'Report a problem…', runs: 'main' },
} as const satisfies Record<string, CommandSpec>;

export type CommandId = keyof typeof COMMANDS;

export const COMMAND_IDS = Object.keys(COMMANDS) as CommandId[];

export function commandSpec(id: CommandId): CommandSpec {
  return COMMANDS[id];
}

/** The command's accelerator on a platform, with CmdOrCtrl left for Electron to resolve; undefined if it has none there. */
export function commandKeys(id: CommandId, platform: Platform): string | undefined {
  const keys = commandSpec(id).keys;
  return typeof keys === 'object' ? (platform === 'darwin' ? keys.mac : keys.other) : keys;
}

/** The menus, in the menu bar's order; the editor's formatting, outside the menu bar, comes last. */
export const COMMAND_GROUPS = ['Copydesk', 'File', 'Edit', 'View', 'Piece', 'Window', 'Help', 'Formatting'] as const;
export type CommandGroup = (typeof COMMAND_GROUPS)[number];

const GROUP_OF_PREFIX: Record<string, CommandGroup> = {
  app: 'Copydesk',
  file: 'File',
  edit: 'Edit',
  view: 'View',
  piece: 'Piece',
  window: 'Window',
  help: 'Help',
  format: 'Formatting',
};

/**
 * The menu a command sits in, read from its id ("file.export" is in File).
 * The app's own commands are in the Copydesk menu on macOS and in File
 * elsewhere, as the menu lays them out.
 */
export function commandGroup(id: CommandId, platform: Platform): CommandGroup {
  const group = GROUP_OF_PREFIX[id.slice(0, id.indexOf('.'))];
  if (!group) throw new Error(`${id} has no menu`);
  return group === 'Copydesk' && platform !== 'darwin' ? 'File' : group;
}

/** Whether a command can be given now. */
export function commandEnabled(id: CommandId, state: { pieceOpen: boolean }): boolean {
  return commandSpec(id).needsPiece !== true || state.pieceOpen;
}

const MODIFIER_NAMES: Record<string, string> = {
  command: 'Cmd',
  cmd: 'Cmd',
  control: 'Ctrl',
  ctrl: 'Ctrl',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
};
const MODIFIER_ORDER = ['Ctrl', 'Cmd', 'Super', 'Alt', 'AltGr', 'Shift'];

/**
 * An accelerator as the keys actually pressed on a platform: CmdOrCtrl
 * resolved, names unified and modifiers in one order, so two spellings of
 * one chord compare equal.
 */
export function normalizeAccelerator(accelerator: string, platform: Platform): string {
  const parts = accelerator.split('+');
  // "CmdOrCtrl+Plus" names the key Plus; a trailing "+" after a "+" (as in "Ctrl++") is the key itself.
  const key = parts.at(-1) === '' ? '+' : parts.at(-1)!;
  const modifiers = parts.slice(0, parts.at(-1) === '' ? -2 : -1).map((part) => {
    const lower = part.toLowerCase();
    if (lower === 'cmdorctrl' || lower === 'commandorcontrol') return platform === 'darwin' ? 'Cmd' : 'Ctrl';
    const name = MODIFIER_NAMES[lower];
    if (!name) throw new Error(`"${part}" in "${accelerator}" is not a modifier`);
    return name;
  });
  const ordered = [...new Set(modifiers)].sort((a, b) => MODIFIER_ORDER.indexOf(a) - MODIFIER_ORDER.indexOf(b));
  const keyName =
    key.toLowerCase() === 'plus'
      ? '+'
      : key.length === 1
        ? key.toUpperCase()
        : key[0]!.toUpperCase() + key.slice(1).toLowerCase();
  return [...ordered, keyName].join('+');
}
