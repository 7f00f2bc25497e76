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
import { paletteRows, sheetGroups } from '../../src/renderer/src/palette/commandRows';
import { runsInWindow, WINDOW_COMMAND_IDS } from '../../src/renderer/src/palette/windowCommands';
import { chordOf, commandForChord, shortcutText } from '../../src/renderer/src/palette/keys';
import { filterCommands, matchScore } from '../../src/renderer/src/palette/paletteFilter';

/**
 * The command palette and shortcuts sheet as the table (src/common/commands.ts)
 * makes them: every command named, one chord each per platform and no two
 * alike, the filter finding each command by the words of its label, key
 * presses read as the table's chords. (The sheet's Markdown examples are
 * typed into the editor in tests/e2e/palette.spec.ts.)
 */

const PLATFORMS: Platform[] = ['darwin', 'win32', 'linux'];
const words = (label: string): string[] =>
  label
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
const press = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('the command table, for the palette and the sheet', () => {
  it('gives every command a label, and at most one chord per platform, never one another command has', () => {
    for (const id of COMMAND_IDS) expect(commandSpec(id).label.trim(), id).not.toBe('');
    for (const platform of PLATFORMS) {
      const taken = new Map<string, CommandId>();
      for (const id of COMMAND_IDS) {
        const keys = commandKeys(id, platform);
        if (keys === undefined) continue;
        // One accelerator, not a list of them: modifiers and one key (normalizeAccelerator refuses a second key).
        expect(typeof keys, id).toBe('string');
        expect(keys, id).not.toMatch(/\s/);
        const chord = normalizeAccelerator(keys, platform);
        expect(taken.get(chord), `${id} and ${taken.get(chord)} on ${platform}: ${chord}`).toBeUndefined();
        taken.set(chord, id);
      }
    }
  });

  it('uses Ctrl/Cmd+Shift+P for the palette, since Ctrl/Cmd+K is the link, and Ctrl/Cmd+/ for the sheet', () => {
    expect(commandKeys('edit.link', 'linux')).toBe('CmdOrCtrl+K');
    expect(shortcutText('view.commandPalette', 'linux')).toBe('Ctrl+Shift+P');
    expect(shortcutText('view.commandPalette', 'darwin')).toBe('Cmd+Shift+P');
    expect(shortcutText('help.shortcuts', 'win32')).toBe('Ctrl+/');
  });

  it('names the menu of each command by its id', () => {
    expect(commandGroup('file.export', 'linux')).toBe('File');
    expect(commandGroup('app.preferences', 'darwin')).toBe('Copydesk');
    expect(commandGroup('app.preferences', 'win32')).toBe('File');
    expect(commandGroup('format.bold', 'linux')).toBe('Formatting');
    for (const platform of PLATFORMS)
      for (const id of COMMAND_IDS) expect(() => commandGroup(id, platform)).not.toThrow();
  });
});

describe('the palette filter', () => {
  const rows = COMMAND_IDS.map((id) => ({ id, label: commandSpec(id).label, context: commandGroup(id, 'linux') }));

  it('finds every command by each word of its label, and puts it first for its whole label', () => {
    for (const row of rows) {
      for (const word of words(row.label))
        expect(
          filterCommands(rows, word).map((r) => r.id),
          `"${word}" for ${row.id}`,
        ).toContain(row.id);
      // Labels that begin another's ("Find…", "Paste") need not win alone; an exact label never loses to a different one.
      const first = filterCommands(rows, row.label)[0]!;
      expect(words(first.label).join(' ').startsWith(words(row.label).join(' ')), `${row.label} → ${first.label}`).toBe(
        true,
      );
    }
  });

  it('ranks a label that starts with the query over one that only holds its words or letters', () => {
    expect(filterCommands(rows, 'new draft')[0]!.id).toBe('file.newDraft');
    expect(filterCommands(rows, 'draft new')[0]!.id).toBe('file.newDraft');
    expect(filterCommands(rows, 'find')[0]!.id).toBe('edit.find');
    expect(filterCommands(rows, 'version').map((r) => r.id)).toEqual(
      expect.arrayContaining(['file.saveVersion', 'file.saveNamedVersion']),
    );
    expect(matchScore('Save a version', 'save')).toBe(0);
    expect(matchScore('Save a version', 'vers save')).toBe(1);
    expect(matchScore('Save a version', 'ersio')).toBe(2);
    expect(matchScore('Save a version', 'svv')).toBe(3);
    expect(matchScore('Save a version', 'publish')).toBeNull();
    expect(filterCommands(rows, 'zzzz')).toEqual([]);
    // Its menu's name finds a command too, after the labels that match.
    const viewDesk = filterCommands(rows, 'view desk');
    expect(viewDesk[0]!.id).toBe('view.desk');
    expect(filterCommands(rows, '').length).toBe(rows.length);
  });
});

describe('what the palette and the sheet show', () => {
  it('offers every command the window carries out by name, and none it does not', () => {
    const offered = paletteRows('linux').map((r) => r.id);
    for (const id of offered) expect(runsInWindow(id), id).toBe(true);
    expect(offered).not.toContain('file.importOpened');
    expect(offered).toEqual(
      expect.arrayContaining([
        'file.newDraft',
        'edit.find',
        'edit.replace',
        'file.saveVersion',
        'view.desk',
        'view.checkRules',
        'piece.runCheck',
        'piece.publish',
        'piece.submitForReview',
        'help.shortcuts',
        'format.bold',
      ]),
    );
    // The system's own commands (undo, zoom, quit) are not the window's to give.
    for (const id of WINDOW_COMMAND_IDS) expect(typeof commandSpec(id).runs, id).not.toBe('object');
    expect(paletteRows('darwin').find((r) => r.id === 'edit.replace')!.keys).toBe('Cmd+Alt+F');
  });

  it('lists each shortcut once in the sheet, under its menu in the menu bar order, with the editor formatting last', () => {
    for (const platform of PLATFORMS) {
      const groups = sheetGroups(platform);
      const ids = groups.flatMap((g) => g.rows.map((r) => r.id));
      expect(new Set(ids).size).toBe(ids.length);
      for (const { group, rows } of groups) for (const row of rows) expect(commandGroup(row.id, platform)).toBe(group);
      expect(groups.at(-1)!.group).toBe('Formatting');
      const file = groups.find((g) => g.group === 'File')!.rows;
      expect(file.find((r) => r.id === 'file.saveVersion')!.keys).toBe(platform === 'darwin' ? 'Cmd+S' : 'Ctrl+S');
      expect(ids).toEqual(
        expect.arrayContaining([
          'edit.undo',
          'edit.find',
          'edit.link',
          'format.bold',
          'view.commandPalette',
          'help.shortcuts',
        ]),
      );
    }
  });
});

describe('key presses', () => {
  it('read as the chords of the table', () => {
    expect(commandForChord(chordOf(press('P', { ctrlKey: true, shiftKey: true }), 'linux')!, 'linux')).toBe(
      'view.commandPalette',
    );
    expect(commandForChord(chordOf(press('p', { metaKey: true, shiftKey: true }), 'darwin')!, 'darwin')).toBe(
      'view.commandPalette',
    );
    expect(commandForChord(chordOf(press('/', { ctrlKey: true }), 'win32')!, 'win32')).toBe('help.shortcuts');
    expect(commandForChord(chordOf(press('n', { ctrlKey: true }), 'linux')!, 'linux')).toBe('file.newDraft');
    expect(commandForChord(chordOf(press('3', { ctrlKey: true }), 'linux')!, 'linux')).toBe('view.newsroom');
    expect(commandForChord(chordOf(press('F7'), 'linux')!, 'linux')).toBe('piece.runCheck');
    // Ctrl on a Mac is not Cmd, and Alt changes the chord.
    expect(commandForChord(chordOf(press('n', { ctrlKey: true }), 'darwin')!, 'darwin')).toBeUndefined();
    expect(commandForChord(chordOf(press('n', { ctrlKey: true, altKey: true }), 'linux')!, 'linux')).toBeUndefined();
    expect(chordOf(press('Shift', { shiftKey: true }), 'linux')).toBeNull();
  });
});
