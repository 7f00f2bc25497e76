import { $isListNode } from '@lexical/list';
import {
  $createParagraphNode,
  $createTextNode,
  $getRoot,
  $isElementNode,
  $isTextNode,
  type LexicalEditor,
} from 'lexical';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BodyInput } from '../../src/common/domain';
import type { LexicalDocument } from '../../src/common/lexical/document';
import { BodySnapshots } from '../../src/renderer/src/editor/bodySnapshot';
import { fixtureDocument, fixtureNames, loadFixture } from '../support/fixtures';
import { openTestStore, type TestStore } from '../support/store';
import { doc, headlessEditor } from './_support';

/**
 * The autosave's body: the editor's document exported a block at a time
 * (`BodySnapshots`, which must always equal Lexical's own `toJSON()`, and
 * must export again exactly the blocks an edit touched), sent to main as
 * JSON text and read there by `BodyInput`.
 */

/** Every fixture article's blocks in one document: figures, citations, links, lists, headings, quotes. */
function allFixtures(): LexicalDocument {
  const children = fixtureNames().flatMap((name) => fixtureDocument(loadFixture(name)).root.children);
  return { root: { type: 'root', version: 1, format: '', indent: 0, direction: null, children } };
}

const lexicalJson = (editor: LexicalEditor): LexicalDocument =>
  editor.getEditorState().toJSON() as unknown as LexicalDocument;

function expectSameAsLexical(snapshots: BodySnapshots, editor: LexicalEditor): LexicalDocument {
  const state = editor.getEditorState();
  const document = snapshots.document(state);
  expect(document).toEqual(lexicalJson(editor));
  expect(JSON.parse(snapshots.text(state))).toEqual(lexicalJson(editor));
  return document;
}

/** Indexes of the top-level blocks whose JSON object is not the one the earlier snapshot had. */
const exportedAgain = (before: LexicalDocument, after: LexicalDocument): number[] =>
  after.root.children.flatMap((block, i) => (before.root.children[i] === block ? [] : [i]));

describe('the editor body a block at a time', () => {
  it('equals Lexical’s own export, as data and as text, for every kind of block', () => {
    const editor = headlessEditor(allFixtures());
    expectSameAsLexical(new BodySnapshots(), editor);
  });

  it('exports again only the block a keystroke changed, and nothing when the state is the same', () => {
    const editor = headlessEditor(allFixtures());
    const snapshots = new BodySnapshots();
    const first = expectSameAsLexical(snapshots, editor);
    expect(snapshots.document(editor.getEditorState())).toBe(first);

    let typedIn = -1;
    editor.update(
      () => {
        const blocks = $getRoot().getChildren();
        typedIn = blocks.findIndex((b) => $isElementNode(b) && $isTextNode(b.getFirstChild()));
        const text = (blocks[typedIn] as ReturnType<typeof $createParagraphNode>).getFirstChildOrThrow();
        if ($isTextNode(text)) text.setTextContent(`${text.getTextContent()} and more`);
      },
      { discrete: true },
    );
    const second = expectSameAsLexical(snapshots, editor);
    expect(exportedAgain(first, second)).toEqual([typedIn]);
  });

  it('follows an edit deep inside a list, a removed and an inserted block', () => {
    const editor = headlessEditor(allFixtures());
    const snapshots = new BodySnapshots();
    const first = expectSameAsLexical(snapshots, editor);
    let list = -1;
    editor.update(
      () => {
        const blocks = $getRoot().getChildren();
        list = blocks.findIndex((b) => $isListNode(b));
        const item = blocks[list]!;
        if (!$isElementNode(item)) return;
        const text = item.getFirstDescendant();
        if ($isTextNode(text)) text.setTextContent('A changed list item');
      },
      { discrete: true },
    );
    expect(list).toBeGreaterThan(0);
    const second = expectSameAsLexical(snapshots, editor);
    expect(exportedAgain(first, second)).toEqual([list]);

    editor.update(
      () => {
        const blocks = $getRoot().getChildren();
        blocks[0]!.remove();
        blocks[3]!.insertAfter($createParagraphNode().append($createTextNode('A new paragraph.')));
      },
      { discrete: true },
    );
    const third = expectSameAsLexical(snapshots, editor);
    // Lexical marks the neighbours of a removed or inserted block as changed too: the new block and
    // those neighbours are exported again, every other block is kept.
    const fresh = third.root.children.filter((b) => !second.root.children.includes(b));
    expect(fresh.length).toBeGreaterThanOrEqual(1);
    expect(fresh.length).toBeLessThanOrEqual(4);
    expect(third.root.children).toHaveLength(second.root.children.length);
  });

  it('exports everything again when a whole new state is loaded (undo to an old state, a reload)', () => {
    const editor = headlessEditor(allFixtures());
    const snapshots = new BodySnapshots();
    const first = expectSameAsLexical(snapshots, editor);
    editor.setEditorState(editor.parseEditorState(JSON.stringify(first)));
    const second = expectSameAsLexical(snapshots, editor);
    expect(exportedAgain(first, second)).toHaveLength(first.root.children.length);
  });
});

describe('a body sent as JSON text', () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it('is parsed and saved like the object it stands for', async () => {
    const draft = await store.call('drafts.create', { headline: 'Text body', body: doc('First.') });
    const body = doc('First.', 'Second, sent as text.');
    const outcome = await store.call('drafts.save', {
      id: draft.id,
      expectedVersion: draft.version,
      body: JSON.stringify(body),
    });
    expect(outcome.kind).toBe('saved');
    expect((await store.call('drafts.get', { id: draft.id })).body).toEqual(body);
  });

  it('is refused with the reason when it is not JSON, or not a document', () => {
    const problem = (value: unknown): string | undefined => BodyInput.safeParse(value).error?.issues[0]?.message;
    expect(problem('{"root": ')).toBe('The body is not valid JSON.');
    expect(problem('{"root": {"type": "paragraph"}}')).toBe('The body root node must have type "root".');
    expect(problem('[]')).toBe('The body has no root node.');
    expect(problem({ root: { type: 'root', children: [{}] } })).toBe('The body node at root.0 has no type.');
    expect(BodyInput.parse(JSON.stringify(doc('Fine.')))).toEqual(doc('Fine.'));
  });
});
