import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $getRoot } from 'lexical';
import { useEffect, useState } from 'react';
import { countWords, readingMinutes } from '../../../../common/lexical/document';

/**
 * Live word count, counted when typing pauses so long pieces stay quick to
 * type in. An update listener, not a text-content listener: Lexical walks
 * the whole document twice per update to feed those, keystroke or not.
 */
export function WordCountPlugin() {
  const [editor] = useLexicalComposerContext();
  const [text, setText] = useState(() => editor.getEditorState().read(() => $getRoot().getTextContent()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unregister = editor.registerUpdateListener(({ dirtyElements, dirtyLeaves }) => {
      if (dirtyElements.size === 0 && dirtyLeaves.size === 0) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => setText(editor.getEditorState().read(() => $getRoot().getTextContent())), 250);
    });
    return () => {
      if (timer) clearTimeout(timer);
      unregister();
    };
  }, [editor]);
  const words = countWords(text);
  return (
    <span className="cd-count" aria-live="off">
      {words.toLocaleString()} words · {text.length.toLocaleString()} characters · {readingMinutes(words)} min read
    </span>
  );
}
