/// <reference lib="dom" />
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { createElement as h, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { setMeasure, type BenchEditor } from './shared';

/**
 * The "bare Lexical" baseline of the typing benchmark: LexicalComposer with
 * RichTextPlugin and HistoryPlugin and nothing else — no extra nodes, no
 * other plugins, no update listeners of our own, no React state outside
 * Lexical's. Built in production mode like the app.
 */

const theme = {
  paragraph: 'p',
  text: {
    bold: 'bold',
    italic: 'italic',
    underline: 'underline',
    strikethrough: 'strike',
    underlineStrikethrough: 'underline-strike',
    code: 'code',
  },
};

function Expose() {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    const api: BenchEditor = { load: (json) => editor.setEditorState(editor.parseEditorState(json)) };
    (window as unknown as { __benchEditor: BenchEditor }).__benchEditor = api;
  }, [editor]);
  return null;
}

const root = document.getElementById('root')!;
setMeasure(root);
createRoot(root).render(
  h(
    LexicalComposer,
    {
      initialConfig: {
        namespace: 'bare-lexical',
        theme,
        onError: (error: Error) => {
          throw error;
        },
      },
    },
    h(RichTextPlugin, {
      contentEditable: h(ContentEditable, { className: 'editor', 'aria-label': 'Body text', spellCheck: true }),
      placeholder: null,
      ErrorBoundary: LexicalErrorBoundary,
    }),
    h(HistoryPlugin),
    h(Expose),
  ),
);
