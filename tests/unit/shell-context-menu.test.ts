import { describe, expect, it } from 'vitest';
import {
  contextMenuTemplate,
  listenForContextMenu,
  type ContextActions,
  type ContextParams,
} from '../../src/main/shell/contextMenu';

/**
 * The right-click menu, built from params shaped like Electron's
 * `context-menu` event's; the actions are recorded instead of run.
 */

type Item = ReturnType<typeof contextMenuTemplate>[number];

const ALL_FLAGS = {
  canUndo: true,
  canRedo: true,
  canCut: true,
  canCopy: true,
  canPaste: true,
  canDelete: true,
  canSelectAll: true,
  canEditRichly: true,
};
const NO_FLAGS = {
  canUndo: false,
  canRedo: false,
  canCut: false,
  canCopy: false,
  canPaste: false,
  canDelete: false,
  canSelectAll: false,
  canEditRichly: false,
};

function params(overrides: Partial<ContextParams>): ContextParams {
  return {
    isEditable: true,
    selectionText: '',
    linkURL: '',
    misspelledWord: '',
    dictionarySuggestions: [],
    editFlags: ALL_FLAGS,
    ...overrides,
  };
}

function recorder(): ContextActions & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    replaceMisspelling: (word) => calls.push(`replace:${word}`),
    addToDictionary: (word) => calls.push(`add:${word}`),
    openExternal: (url) => calls.push(`open:${url}`),
    copyText: (text) => calls.push(`copy:${text}`),
    toWindow: (command) => calls.push(`window:${command}`),
  };
}

const shape = (items: Item[]): string[] =>
  items.map((item) => (item.type === 'separator' ? '-' : `${item.label}${item.enabled === false ? ' (off)' : ''}`));
const click = (items: Item[], label: string): void =>
  (items.find((item) => item.label === label)!.click as () => void)();

describe('the context menu', () => {
  it('in the editor, offers cut, copy, paste, paste as plain text and select all, each as Chromium allows', () => {
    const items = contextMenuTemplate(
      params({ editFlags: { ...ALL_FLAGS, canCut: false, canCopy: false } }),
      recorder(),
    );
    expect(shape(items)).toEqual(['Cut (off)', 'Copy (off)', 'Paste', 'Paste as plain text', 'Select all']);
    expect(items.map((item) => item.role)).toEqual(['cut', 'copy', 'paste', 'pasteAndMatchStyle', 'selectAll']);
    expect(shape(contextMenuTemplate(params({ editFlags: NO_FLAGS }), recorder()))).toEqual([
      'Cut (off)',
      'Copy (off)',
      'Paste (off)',
      'Paste as plain text (off)',
      'Select all (off)',
    ]);
  });

  it('on a misspelled word, lists the suggestions first and replaces the word with the one chosen, or adds it to the dictionary', () => {
    const actions = recorder();
    const items = contextMenuTemplate(
      params({ misspelledWord: 'recieve', dictionarySuggestions: ['receive', 'relieve'] }),
      actions,
    );
    expect(shape(items)).toEqual([
      'receive',
      'relieve',
      'Add “recieve” to dictionary',
      '-',
      'Cut',
      'Copy',
      'Paste',
      'Paste as plain text',
      'Select all',
    ]);
    click(items, 'relieve');
    click(items, 'Add “recieve” to dictionary');
    expect(actions.calls).toEqual(['replace:relieve', 'add:recieve']);
  });

  it('says when the spellchecker has no suggestion, and keeps a long list short', () => {
    expect(shape(contextMenuTemplate(params({ misspelledWord: 'Xzqv' }), recorder())).slice(0, 2)).toEqual([
      'No spelling suggestions (off)',
      'Add “Xzqv” to dictionary',
    ]);
    const many = Array.from({ length: 12 }, (_, i) => `word${i}`);
    const items = contextMenuTemplate(params({ misspelledWord: 'wrd', dictionarySuggestions: many }), recorder());
    expect(shape(items).slice(0, 7)).toEqual([
      'word0',
      'word1',
      'word2',
      'word3',
      'word4',
      'word5',
      'Add “wrd” to dictionary',
    ]);
  });

  it('offers no spelling outside an editable field (a misspelling in a read-only preview is not the writer’s to fix)', () => {
    const items = contextMenuTemplate(
      params({ isEditable: false, misspelledWord: 'teh', dictionarySuggestions: ['the'], selectionText: 'teh' }),
      recorder(),
    );
    expect(shape(items)).toEqual(['Copy']);
  });

  it('on a link, opens a web link in the browser, copies its address, and in the editor edits it', () => {
    const actions = recorder();
    const items = contextMenuTemplate(params({ linkURL: 'https://example.com/story' }), actions);
    expect(shape(items)).toEqual([
      'Open link in browser',
      'Copy link address',
      'Edit link…',
      '-',
      'Cut',
      'Copy',
      'Paste',
      'Paste as plain text',
      'Select all',
    ]);
    click(items, 'Open link in browser');
    click(items, 'Copy link address');
    click(items, 'Edit link…');
    expect(actions.calls).toEqual([
      'open:https://example.com/story',
      'copy:https://example.com/story',
      'window:edit.link',
    ]);

    // A link that is not a web link is never opened, only its address copied; outside the editor it is not editable.
    const odd = contextMenuTemplate(params({ isEditable: false, linkURL: 'file:///etc/passwd' }), recorder());
    expect(shape(odd)).toEqual(['Copy link address']);
  });

  it('shows nothing where there is nothing to do, and copy where text is selected', () => {
    expect(contextMenuTemplate(params({ isEditable: false }), recorder())).toEqual([]);
    expect(contextMenuTemplate(params({ isEditable: false, selectionText: '   ' }), recorder())).toEqual([]);
    expect(shape(contextMenuTemplate(params({ isEditable: false, selectionText: 'a quote' }), recorder()))).toEqual([
      'Copy',
    ]);
  });

  it("pops the menu up on the contents' context-menu event, and not when it would be empty", () => {
    const listeners = new Map<string, (event: unknown, params: ContextParams) => void>();
    const contents = {
      on: (name: string, fn: (event: unknown, params: ContextParams) => void) => listeners.set(name, fn),
    };
    const shown: Item[][] = [];
    listenForContextMenu(contents as unknown as Parameters<typeof listenForContextMenu>[0], recorder(), (template) =>
      shown.push(template),
    );
    const fire = listeners.get('context-menu')!;
    fire({}, params({ isEditable: false }));
    expect(shown).toEqual([]);
    fire({}, params({ misspelledWord: 'teh', dictionarySuggestions: ['the'] }));
    expect(shape(shown[0]!).slice(0, 2)).toEqual(['the', 'Add “teh” to dictionary']);
  });
});
