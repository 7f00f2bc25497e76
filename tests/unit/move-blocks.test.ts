import { $isListNode } from '@lexical/list';
import {
  $createNodeSelection,
  $getRoot,
  $getSelection,
  $isRangeSelection,
  $setSelection,
  type LexicalEditor,
} from 'lexical';
import { describe, expect, it } from 'vitest';
import type { SerializedNode } from '../../src/common/lexical/document';
import { listNode, paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { figureNode } from '../../src/common/nodes/figure/figureJson';
import { $moveBlocks } from '../../src/renderer/src/editor/blocks/moveBlocks';
import { chordOf, commandForChord } from '../../src/renderer/src/palette/keys';
import { headlessEditor } from './_support';

const para = (text: string): SerializedNode => paragraphNode([textNode(text)]);
const figure = figureNode({ image: 'a'.repeat(64), alt: 'Alt', caption: 'Caption', credit: 'Credit', license: 'CC' });

function editorWith(children: SerializedNode[]): LexicalEditor {
  return headlessEditor({ root: { type: 'root', children } });
}

/** The top-level blocks' text ("[figure]" for a figure), with list items joined by "|". */
function blocks(editor: LexicalEditor): string[] {
  return editor.getEditorState().read(() =>
    $getRoot()
      .getChildren()
      .map((node) =>
        $isListNode(node)
          ? node
              .getChildren()
              .map((item) => item.getTextContent())
              .join('|')
          : node.getType() === 'figure'
            ? '[figure]'
            : node.getTextContent(),
      ),
  );
}

/** Puts the caret in the text `text`, at `offset`; or selects from one text to another. */
function select(editor: LexicalEditor, from: string, to = from): void {
  editor.update(
    () => {
      const texts = $getRoot().getAllTextNodes();
      const a = texts.find((t) => t.getTextContent() === from)!;
      const b = texts.find((t) => t.getTextContent() === to)!;
      a.select(1, 1);
      const selection = $getSelection();
      if ($isRangeSelection(selection)) selection.focus.set(b.getKey(), 2, 'text');
    },
    { discrete: true },
  );
}

const move = (editor: LexicalEditor, direction: 'up' | 'down'): boolean => {
  let moved = false;
  editor.update(() => void (moved = $moveBlocks(direction)), { discrete: true });
  return moved;
};

const caret = (editor: LexicalEditor) =>
  editor.getEditorState().read(() => {
    const selection = $getSelection();
    if (!$isRangeSelection(selection)) return null;
    return [
      selection.anchor.getNode().getTextContent(),
      selection.anchor.offset,
      selection.focus.getNode().getTextContent(),
      selection.focus.offset,
    ];
  });

describe('moving blocks', () => {
  it("moves the caret's block past its neighbours, keeping the caret, and stops at the ends", () => {
    const editor = editorWith([para('A'), para('B'), para('C')]);
    select(editor, 'B');
    expect(move(editor, 'up')).toBe(true);
    expect(blocks(editor)).toEqual(['B', 'A', 'C']);
    expect(caret(editor)).toEqual(['B', 1, 'B', 2]);
    expect(move(editor, 'up')).toBe(false);
    expect(blocks(editor)).toEqual(['B', 'A', 'C']);
    move(editor, 'down');
    move(editor, 'down');
    expect(blocks(editor)).toEqual(['A', 'C', 'B']);
    expect(move(editor, 'down')).toBe(false);
  });

  it('moves a selection of several blocks together', () => {
    const editor = editorWith([para('A'), para('B'), para('C'), para('D')]);
    select(editor, 'C', 'B');
    move(editor, 'down');
    expect(blocks(editor)).toEqual(['A', 'D', 'B', 'C']);
    move(editor, 'up');
    move(editor, 'up');
    expect(blocks(editor)).toEqual(['B', 'C', 'A', 'D']);
  });

  it('moves a list item inside its list, and the whole list when all of it is selected', () => {
    const editor = editorWith([
      para('A'),
      listNode(false, [[textNode('one')], [textNode('two')], [textNode('three')]]),
    ]);
    select(editor, 'three');
    move(editor, 'up');
    expect(blocks(editor)).toEqual(['A', 'one|three|two']);
    select(editor, 'one', 'two');
    move(editor, 'up');
    expect(blocks(editor)).toEqual(['one|three|two', 'A']);
  });

  it('moves a selected figure whole, words and all', () => {
    const editor = editorWith([para('A'), figure, para('B')]);
    editor.update(
      () => {
        const selection = $createNodeSelection();
        selection.add($getRoot().getChildAtIndex(1)!.getKey());
        $setSelection(selection);
      },
      { discrete: true },
    );
    move(editor, 'down');
    expect(blocks(editor)).toEqual(['A', 'B', '[figure]']);
    const saved = editor.getEditorState().toJSON().root.children;
    expect(saved[2]).toMatchObject({ type: 'figure', alt: 'Alt', caption: 'Caption', credit: 'Credit', license: 'CC' });
    move(editor, 'up');
    move(editor, 'up');
    expect(blocks(editor)).toEqual(['[figure]', 'A', 'B']);
    expect(move(editor, 'up')).toBe(false);
  });
});

describe('the keys', () => {
  it("are the table's Alt+Shift+Up and Down on every platform", () => {
    const press = (key: string) => ({ key, altKey: true, shiftKey: true, ctrlKey: false, metaKey: false });
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      expect(commandForChord(chordOf(press('ArrowUp'), platform)!, platform)).toBe('edit.moveBlockUp');
      expect(commandForChord(chordOf(press('ArrowDown'), platform)!, platform)).toBe('edit.moveBlockDown');
    }
  });
});
