import { describe, expect, it } from 'vitest';
import { SPELLING_NOTES, spellCheckerOf } from '../../src/common/preferences';
import { APP_ORIGIN, resolveAppFile } from '../../src/main/shell/appScheme';
import { contextMenuTemplate, type ContextActions } from '../../src/main/shell/contextMenu';
import { spellcheckPlan } from '../../src/main/shell/spellcheck';

/** Which checker marks words on each platform, and that nothing is downloaded from outside the app. */

const actions: ContextActions = {
  replaceMisspelling: () => undefined,
  addToDictionary: () => undefined,
  openExternal: () => undefined,
  copyText: () => undefined,
  toWindow: () => undefined,
};
const editFlags = {
  canCut: true,
  canCopy: true,
  canPaste: true,
  canSelectAll: true,
  canUndo: true,
  canRedo: true,
  canDelete: true,
  canEditRichly: true,
};

describe('spelling in the desktop app', () => {
  it('uses the system checker on macOS and Copydesk’s own elsewhere, and never downloads a dictionary', async () => {
    expect(spellcheckPlan('darwin', APP_ORIGIN)).toEqual({
      chromium: true,
      dictionaryUrl: 'app://copydesk/dictionaries/',
    });
    for (const platform of ['win32', 'linux'] as const) {
      expect(spellcheckPlan(platform, APP_ORIGIN).chromium, platform).toBe(false);
      expect(spellCheckerOf(platform)).toBe('in-app');
    }
    // The address Chromium would fetch a .bdic from is the app's own scheme, which serves none.
    const bdic = `${spellcheckPlan('linux', APP_ORIGIN).dictionaryUrl}en-US-10-1.bdic`;
    expect((await resolveAppFile(bdic, '/nonexistent/renderer')).status).toBe(404);
    expect(SPELLING_NOTES[spellCheckerOf('darwin')]).toMatch(/^Spelling is checked by macOS/);
    expect(SPELLING_NOTES[spellCheckerOf('linux')]).toMatch(/nothing is downloaded/);
  });

  it('keeps the right-click menu right either way: suggestions only when Chromium marked the word', () => {
    const base = { isEditable: true, selectionText: '', linkURL: '', editFlags };
    // Windows and Linux: Chromium marks nothing, so the menu is editing alone.
    const quiet = contextMenuTemplate({ ...base, misspelledWord: '', dictionarySuggestions: [] }, actions);
    expect(quiet.map((item) => item.label)).toEqual(['Cut', 'Copy', 'Paste', 'Paste as plain text', 'Select all']);
    // macOS: the system's suggestions first.
    const marked = contextMenuTemplate(
      { ...base, misspelledWord: 'recieve', dictionarySuggestions: ['receive'] },
      actions,
    );
    expect(marked.map((item) => item.label ?? '-').slice(0, 3)).toEqual([
      'receive',
      'Add “recieve” to dictionary',
      '-',
    ]);
  });
});
