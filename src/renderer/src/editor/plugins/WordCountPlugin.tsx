import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import type { LexicalEditor } from 'lexical';
import { useEffect, useMemo, useState } from 'react';
import { readerText, readingMinutes, wordCount, type SerializedNode } from '../../../../common/lexical/document';
import { GoalProgress } from '../../goal/GoalProgress';
import { bodySnapshots } from '../bodySnapshot';
import { PASTE_SLICE_TAG } from '../pasteSlices';

const blocksOf = (editor: LexicalEditor): SerializedNode[] =>
  bodySnapshots(editor).document(editor.getEditorState()).root.children;

/**
 * Live word count, counted when typing pauses so long pieces stay quick to
 * type in, by the one definition the store and every other screen use
 * (`wordCount`: the body as a reader reads it). An update listener, not a
 * text-content listener: Lexical walks the whole document twice per update
 * to feed those, keystroke or not.
 */
export function WordCountPlugin() {
  const [editor] = useLexicalComposerContext();
  const [blocks, setBlocks] = useState(() => blocksOf(editor));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let pasting = false;
    const unregister = editor.registerUpdateListener(({ dirtyElements, dirtyLeaves, tags }) => {
      const edited = dirtyElements.size > 0 || dirtyLeaves.size > 0;
      // A sliced paste is counted once it is all in: the update placing the caret after its last slice counts it.
      if (tags.has(PASTE_SLICE_TAG)) pasting = true;
      else if (edited || pasting) pasting = false;
      else return;
      if (timer) clearTimeout(timer);
      if (!pasting) timer = setTimeout(() => setBlocks(blocksOf(editor)), 250);
    });
    return () => {
      if (timer) clearTimeout(timer);
      unregister();
    };
  }, [editor]);
  // Counted when the blocks change, not each time the editor around it re-renders (a save's status, say).
  const { words, characters } = useMemo(
    () => ({ words: wordCount(blocks), characters: readerText(blocks).length }),
    [blocks],
  );
  return (
    <>
      <span className="cd-count" aria-live="off">
        {words.toLocaleString()} words · {characters.toLocaleString()} characters · {readingMinutes(words)} min read
      </span>
      <GoalProgress words={words} />
    </>
  );
}
