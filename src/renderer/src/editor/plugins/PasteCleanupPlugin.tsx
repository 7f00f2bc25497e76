import { $generateNodesFromDOM } from '@lexical/html';
import { $isLinkNode, LinkNode } from '@lexical/link';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import { $createParagraphNode, $createTextNode, $insertNodes, COMMAND_PRIORITY_HIGH, PASTE_COMMAND, TextNode, type LexicalEditor } from 'lexical';
import { useEffect } from 'react';
import { useNotices } from '../../shell/notices';
import { cleanPastedUrl, LARGE_PASTE_CHARS, sanitizePastedDocument } from '../pasteSafety';
import { wordListsToLists } from '../wordLists';

const SLICE_BLOCKS = 150;

/**
 * Inserts a paste a slice per frame, so typing and scrolling never stall
 * behind a huge one; HTML is cleaned before the editor reads any of it.
 */
async function insertInSlices(editor: LexicalEditor, html: string | null, text: string): Promise<void> {
  const notices = useNotices.getState();
  const large = (html ?? text).length >= LARGE_PASTE_CHARS;
  const size = ((html ?? text).length / 1024 / 1024).toFixed(1);
  if (large) notices.push({ kind: 'info', message: `Pasting ${size} MB…` }, 4000);
  const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  if (html !== null) {
    const parsed = new DOMParser().parseFromString(html, 'text/html');
    wordListsToLists(parsed);
    sanitizePastedDocument(parsed);
    const blocks = Array.from(parsed.body.childNodes);
    for (let i = 0; i < blocks.length; i += SLICE_BLOCKS) {
      const slice = document.implementation.createHTMLDocument('');
      for (const node of blocks.slice(i, i + SLICE_BLOCKS)) slice.body.appendChild(slice.importNode(node, true));
      editor.update(() => $insertNodes($generateNodesFromDOM(editor, slice)), { tag: 'paste' });
      await frame();
    }
  } else {
    const paragraphs = text.split(/\r?\n/);
    for (let i = 0; i < paragraphs.length; i += SLICE_BLOCKS * 4) {
      const slice = paragraphs.slice(i, i + SLICE_BLOCKS * 4);
      editor.update(() => $insertNodes(slice.map((line) => $createParagraphNode().append($createTextNode(line)))), { tag: 'paste' });
      await frame();
    }
  }
  if (large) notices.push({ kind: 'info', message: `Pasted ${size} MB.` }, 3000);
}

/**
 * Pasted HTML from web pages, Word and Google Docs keeps its structure
 * (headings, lists, links, bold, italic) and loses the rest: scripts,
 * handlers, styles, classes, images without a stored file, unsafe or
 * tracking-laden links. The transforms below hold the same line for
 * anything that reaches the document another way.
 */
export function PasteCleanupPlugin() {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      mergeRegister(
        editor.registerNodeTransform(LinkNode, (link) => {
          if (!$isLinkNode(link)) return;
          const clean = cleanPastedUrl(link.getURL());
          if (clean === null) {
            for (const child of link.getChildren()) link.insertBefore(child);
            link.remove();
          } else if (clean !== link.getURL()) {
            link.setURL(clean);
          }
        }),
        editor.registerNodeTransform(TextNode, (node) => {
          if (node.getStyle() !== '') node.setStyle('');
        }),
        editor.registerCommand(
          PASTE_COMMAND,
          (event) => {
            const data = event instanceof ClipboardEvent ? event.clipboardData : null;
            if (!data) return false;
            // A copy from Copydesk itself keeps its figures and citations: Lexical reads its own format.
            if (data.types.includes('application/x-lexical-editor')) return false;
            const html = data.getData('text/html') || null;
            const text = data.getData('text/plain');
            if (html === null && text.length < LARGE_PASTE_CHARS) return false;
            event.preventDefault();
            void insertInSlices(editor, html, text);
            return true;
          },
          COMMAND_PRIORITY_HIGH,
        ),
      ),
    [editor],
  );
  return null;
}
