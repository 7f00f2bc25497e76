import { describe, expect, it } from 'vitest';
import {
  COMMAND_IDS,
  commandGroup,
  commandKeys,
  commandSpec,
  normalizeAccelerator,
  type CommandId,
  type Platform,
} from '../../src/common/commands';
import {
  buildMenuTemplate,
  installApplicationMenu,
  type MenuActions,
  type MenuContext,
} from '../../src/main/shell/menu';

type MenuItemConstructorOptions = ReturnType<typeof buildMenuTemplate>[number];

/**
 * The command table (src/common/commands.ts) and the application menu laid
 * out from it (src/main/shell/menu.ts), built for each platform as plain
 * templates; Electron's Menu is a stand-in that records what it was given.
 */

const PLATFORMS: Platform[] = ['darwin', 'win32', 'linux'];
/** Chords Lexical's rich-text editor answers itself (bold, italic, underline): no menu item may take them. */
const EDITOR_KEYS = ['CmdOrCtrl+B', 'CmdOrCtrl+I', 'CmdOrCtrl+U'];
/** The editor's formatting commands, which the table keeps out of the menu. */
const IN_EDITOR = COMMAND_IDS.filter((id) => commandSpec(id).inEditor === true);
/** The keys an Electron accelerator may end with, besides one printable character. */
const NAMED_KEYS =
  /^(F([1-9]|1[0-9]|2[0-4])|Plus|Space|Tab|Backspace|Delete|Insert|Return|Enter|Up|Down|Left|Right|Home|End|PageUp|PageDown|Escape|Esc)$/;

function recorder(): MenuActions & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    toWindow: (command) => calls.push(`window:${command}`),
    inMain: {
      'help.openDataFolder': () => calls.push('main:help.openDataFolder'),
      'help.reportProblem': () => calls.push('main:help.reportProblem'),
    },
  };
}

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

function template(
  context: Partial<MenuContext> & { platform: Platform },
  actions: MenuActions = recorder(),
): MenuItemConstructorOptions[] {
  return buildMenuTemplate({ pieceOpen: false, devTools: false, ...context }, actions);
}

describe('the command table', () => {
  it('gives every command a label of its own, and every accelerator a well-formed chord', () => {
    const labels = COMMAND_IDS.map((id) => commandSpec(id).label);
    for (const [i, label] of labels.entries()) expect(label.trim(), COMMAND_IDS[i]).not.toBe('');
    expect(new Set(labels).size).toBe(labels.length);
    for (const platform of PLATFORMS) {
      for (const id of COMMAND_IDS) {
        const keys = commandKeys(id, platform);
        if (keys === undefined) continue;
        const key = /(?:^|\+)(\+|[^+]+)$/.exec(normalizeAccelerator(keys, platform))![1]!;
        expect(key.length === 1 || NAMED_KEYS.test(key), `${id} on ${platform}: ${keys}`).toBe(true);
        if (platform !== 'darwin') expect(keys, `${id}: Cmd exists only on macOS`).not.toMatch(/(^|\+)(Cmd|Command)\+/);
      }
    }
  });

  it('reads two spellings of one chord as the same keys', () => {
    expect(normalizeAccelerator('CmdOrCtrl+Shift+e', 'darwin')).toBe(normalizeAccelerator('Shift+Command+E', 'darwin'));
    expect(normalizeAccelerator('CommandOrControl+Plus', 'linux')).toBe('Ctrl++');
    expect(normalizeAccelerator('Option+Cmd+F', 'darwin')).toBe('Cmd+Alt+F');
    expect(() => normalizeAccelerator('Hyper+K', 'linux')).toThrow(/not a modifier/);
  });
});

describe('the application menu', () => {
  it.each(PLATFORMS)('on %s, no two items (nor an editor shortcut) share keys', (platform) => {
    const taken = new Map<string, string>(
      EDITOR_KEYS.map((keys) => [normalizeAccelerator(keys, platform), `the editor's ${keys}`]),
    );
    for (const item of items(template({ platform, devTools: true }))) {
      if (typeof item.accelerator !== 'string') continue;
      const chord = normalizeAccelerator(item.accelerator, platform);
      expect(taken.get(chord), `${item.label ?? item.role} (${chord})`).toBeUndefined();
      taken.set(chord, String(item.label ?? item.role));
    }
    expect(taken.size).toBeGreaterThan(20);
  });

  it.each(PLATFORMS)('on %s, has File, Edit, View, Piece, Window and Help, with every command once', (platform) => {
    const built = template({ platform });
    const tops = built.map((item) => String(item.label).replace('&', ''));
    expect(tops).toEqual([
      ...(platform === 'darwin' ? ['Copydesk'] : []),
      'File',
      'Edit',
      'View',
      'Piece',
      'Window',
      'Help',
    ]);
    const ids = items(built).flatMap((item) => (item.id ? [item.id] : []));
    expect(new Set(ids).size).toBe(ids.length);
    const macOnly: CommandId[] = ['app.hide', 'app.hideOthers'];
    const inMenu = COMMAND_IDS.filter(
      (id) =>
        commandSpec(id).offMenu !== true && !IN_EDITOR.includes(id) && (platform === 'darwin' || !macOnly.includes(id)),
    );
    expect(ids.sort()).toEqual(inMenu.sort());
    // Each item shows its command's label and keys.
    for (const item of items(built)) {
      if (!item.id) continue;
      expect(item.label).toBe(commandSpec(item.id as CommandId).label);
      expect(item.accelerator).toBe(commandKeys(item.id as CommandId, platform));
    }
    // Each command sits in the menu its group names (the shortcuts sheet groups them the same way).
    for (const top of built) {
      for (const item of items([top]).slice(1)) {
        if (item.id)
          expect(commandGroup(item.id as CommandId, platform), item.id).toBe(String(top.label).replace('&', ''));
      }
    }
  });

  it("keeps the editor's formatting out, with the very keys Lexical answers", () => {
    expect(IN_EDITOR.length).toBeGreaterThan(0);
    expect(IN_EDITOR.flatMap((id) => commandKeys(id, 'linux') ?? []).sort()).toEqual([...EDITOR_KEYS].sort());
  });

  it('gives macOS its app menu (About, Preferences, Services, Hide, Quit) and Windows and Linux Alt-key access', () => {
    const [appMenu] = template({ platform: 'darwin' });
    const sub = appMenu!.submenu as MenuItemConstructorOptions[];
    expect(sub.map((item) => item.role ?? item.id ?? item.type)).toEqual([
      'about',
      'separator',
      'app.preferences',
      'separator',
      'services',
      'separator',
      'hide',
      'hideOthers',
      'unhide',
      'separator',
      'quit',
    ]);
    expect(template({ platform: 'darwin' }).find((item) => item.label === 'Window')!.role).toBe('window');
    for (const platform of ['win32', 'linux'] as const) {
      const built = template({ platform });
      for (const top of built) expect(top.label).toMatch(/^&\w/);
      const file = items([built[0]!]).map((item) => item.role ?? item.id);
      expect(file).toContain('app.preferences');
      expect(file).toContain('quit');
      expect(items([built.at(-1)!]).map((item) => item.role)).toContain('about');
    }
  });

  it("disables the piece's commands while no piece is open, and only those", () => {
    for (const platform of PLATFORMS) {
      for (const pieceOpen of [false, true]) {
        for (const item of items(template({ platform, pieceOpen }))) {
          if (!item.id) continue;
          const needsPiece = commandSpec(item.id as CommandId).needsPiece === true;
          expect(item.enabled ?? true, `${item.id}, piece open: ${pieceOpen}`).toBe(pieceOpen || !needsPiece);
        }
      }
    }
    const closed = items(template({ platform: 'linux' }));
    expect(closed.find((item) => item.id === 'piece.publish')!.enabled).toBe(false);
    expect(closed.find((item) => item.id === 'file.newDraft')!.enabled).toBe(true);
  });

  it('sends a click to the window as its command, runs the main-process ones in main, and leaves roles to the system', () => {
    const actions = recorder();
    const built = items(template({ platform: 'linux', pieceOpen: true }, actions));
    const click = (id: string): void => (built.find((item) => item.id === id)!.click as () => void)();
    click('file.newDraft');
    click('piece.publish');
    click('help.openDataFolder');
    click('help.reportProblem');
    expect(actions.calls).toEqual([
      'window:file.newDraft',
      'window:piece.publish',
      'main:help.openDataFolder',
      'main:help.reportProblem',
    ]);
    const paste = built.find((item) => item.id === 'edit.pastePlain')!;
    expect(paste.role).toBe('pasteAndMatchStyle');
    expect(paste.click).toBeUndefined();
  });

  it('shows the keys the window handles itself without taking them from it', () => {
    const built = items(template({ platform: 'win32', pieceOpen: true }));
    const newDraft = built.find((item) => item.id === 'file.newDraft')!;
    expect(newDraft.accelerator).toBe('CmdOrCtrl+N');
    expect(newDraft.registerAccelerator).toBe(false);
    expect(built.find((item) => item.id === 'piece.publish')!.registerAccelerator).toBeUndefined();
  });

  it('offers the developer tools only in development', () => {
    const roles = (devTools: boolean) => items(template({ platform: 'linux', devTools })).map((item) => item.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('is set once, and set again only when a piece opens or closes', () => {
    const set: MenuItemConstructorOptions[][] = [];
    const menu = {
      buildFromTemplate: (t: MenuItemConstructorOptions[]) => t,
      setApplicationMenu: (m: unknown) => set.push(m as MenuItemConstructorOptions[]),
    };
    const installed = installApplicationMenu(
      menu as unknown as Parameters<typeof installApplicationMenu>[0],
      { platform: 'linux', pieceOpen: false, devTools: false },
      recorder(),
    );
    expect(set).toHaveLength(1);
    installed.setPieceOpen(false);
    expect(set).toHaveLength(1);
    installed.setPieceOpen(true);
    expect(set).toHaveLength(2);
    expect(items(set[1]!).find((item) => item.id === 'piece.publish')!.enabled).toBe(true);
  });
});
