import {
  $createRangeSelection,
  $getRoot,
  $getSelection,
  $isRangeSelection,
  $setSelection,
  type ElementNode,
  type LexicalEditor,
} from 'lexical';
import { afterEach, describe, expect, it } from 'vitest';
import { LAST_PIECE_SETTING, LastPiece } from '../../src/common/lastPiece';
import { scrollToCentre } from '../../src/renderer/src/focus/caretCentre';
import { $bodyCaret, $restoreBodyCaret } from '../../src/renderer/src/reopen/bodyCaret';
import { openTestStore, type TestStore } from '../support/store';
import { closeAndRemove, doc, headlessEditor } from './_support';

/** Reopening the last piece (#15): the caret kept as a path and put back, and the setting that holds it. */

const selectedText = (editor: LexicalEditor): string =>
  editor.getEditorState().read(() => {
    const selection = $getSelection();
    return $isRangeSelection(selection) ? selection.getTextContent() : '<none>';
  });

describe("the body's caret, kept and put back", () => {
  const body = doc('Ferries stayed in port.', 'Pilots want hazard pay.', 'Talks resume on Monday.');

  it('survives a new editor of the same text, where node keys differ', () => {
    const first = headlessEditor(body);
    first.update(
      () => {
        const [, second, third] = $getRoot().getChildren<ElementNode>();
        const selection = $createRangeSelection();
        selection.anchor.set(second!.getFirstDescendant()!.getKey(), 7, 'text');
        selection.focus.set(third!.getFirstDescendant()!.getKey(), 5, 'text');
        $setSelection(selection);
      },
      { discrete: true },
    );
    const caret = first.getEditorState().read($bodyCaret);
    expect(caret).toEqual({
      in: 'body',
      anchor: { path: [1, 0], offset: 7, type: 'text' },
      focus: { path: [2, 0], offset: 5, type: 'text' },
    });
    // What the setting will hold passes its schema.
    expect(LastPiece.parse({ draftId: '6f1c9a52-3b7e-4d0a-9c1e-2f4b8d6a0e11', scrollTop: 640, caret })).toBeTruthy();

    const second = headlessEditor(body);
    let restored = false;
    second.update(() => void (restored = $restoreBodyCaret(caret!)), { discrete: true });
    expect(restored).toBe(true);
    expect(selectedText(second)).toBe('want hazard pay.\nTalks');
  });

  it('keeps a caret in an empty paragraph, on the element', () => {
    const editor = headlessEditor(doc('One.', ''));
    editor.update(() => void $getRoot().getLastChild()!.selectStart(), { discrete: true });
    const caret = editor.getEditorState().read($bodyCaret);
    expect(caret).toMatchObject({ anchor: { path: [1], offset: 0, type: 'element' } });
    const again = headlessEditor(doc('One.', ''));
    let restored = false;
    again.update(() => void (restored = $restoreBodyCaret(caret!)), { discrete: true });
    expect(restored).toBe(true);
  });

  it('leaves the selection alone when the text no longer has the place', () => {
    const caret = {
      in: 'body' as const,
      anchor: { path: [2, 0], offset: 30, type: 'text' as const },
      focus: { path: [2, 0], offset: 30, type: 'text' as const },
    };
    const shorter = headlessEditor(doc('Ferries stayed in port.', 'Pilots want hazard pay.', 'Talks.'));
    let restored = true;
    shorter.update(() => void (restored = $restoreBodyCaret(caret)), { discrete: true });
    expect(restored).toBe(false);
    const fewer = headlessEditor(doc('Ferries stayed in port.'));
    fewer.update(() => void (restored = $restoreBodyCaret({ ...caret, anchor: { ...caret.anchor, offset: 1 } })), {
      discrete: true,
    });
    expect(restored).toBe(false);
    expect(selectedText(fewer)).toBe('<none>');
  });
});

describe('typewriter scrolling', () => {
  it("scrolls by the distance from the caret's line to the pane's middle", () => {
    expect(scrollToCentre({ top: 600, height: 20 }, { top: 100, height: 800 })).toBe(110);
    expect(scrollToCentre({ top: 490, height: 20 }, { top: 100, height: 800 })).toBe(0);
    expect(scrollToCentre({ top: 150, height: 30 }, { top: 0, height: 700 })).toBe(-185);
  });
});

describe('the lastPiece setting', () => {
  let store: TestStore;
  afterEach(async () => {
    await closeAndRemove(store);
  });

  it('holds a place or nothing, and refuses anything else with a reason', async () => {
    store = await openTestStore();
    const draft = await store.call('drafts.create', { headline: 'Harbour strike' });
    const place = {
      draftId: draft.id,
      scrollTop: 1200,
      caret: { in: 'headline', start: 3, end: 7 },
    };
    await store.call('settings.set', { key: LAST_PIECE_SETTING, value: place });
    expect((await store.call('settings.get', { key: LAST_PIECE_SETTING })).value).toEqual(place);
    // With the block at the page's top edge, which a page laid out afresh is scrolled back to.
    const withTop = { ...place, top: { block: 41, offset: -12.5 } };
    await store.call('settings.set', { key: LAST_PIECE_SETTING, value: withTop });
    expect((await store.call('settings.get', { key: LAST_PIECE_SETTING })).value).toEqual(withTop);
    await store.call('settings.set', { key: LAST_PIECE_SETTING, value: null });
    expect((await store.call('settings.get', { key: LAST_PIECE_SETTING })).value).toBeNull();

    await expect(
      store.call('settings.set', {
        key: LAST_PIECE_SETTING,
        value: { draftId: 'not-an-id', scrollTop: 0, caret: null },
      }),
    ).rejects.toThrow('The piece and the place to reopen next time were not saved: That is not a draft id.');
    await expect(
      store.call('settings.set', { key: LAST_PIECE_SETTING, value: { ...place, caret: { in: 'body', anchor: {} } } }),
    ).rejects.toThrow(/were not saved/);
    await expect(
      store.call('settings.set', { key: LAST_PIECE_SETTING, value: { ...place, top: { block: -1, offset: 0 } } }),
    ).rejects.toThrow(/were not saved/);
    expect((await store.call('settings.get', { key: LAST_PIECE_SETTING })).value).toBeNull();
  });
});
