import { $generateNodesFromDOM } from '@lexical/html';
import { $isHeadingNode } from '@lexical/rich-text';
import { $isLinkNode, LinkNode } from '@lexical/link';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import {
  $createParagraphNode,
  $createTextNode,
  $getNodeByKey,
  $getSelection,
  $insertNodes,
  $isElementNode,
  $isParagraphNode,
  $isRangeSelection,
  $setSelection,
  COMMAND_PRIORITY_HIGH,
  HISTORY_MERGE_TAG,
  PASTE_COMMAND,
  PASTE_TAG,
  SKIP_DOM_SELECTION_TAG,
  SKIP_SCROLL_INTO_VIEW_TAG,
  TextNode,
  type LexicalEditor,
  type LexicalNode,
  type NodeKey,
} from 'lexical';
import { useEffect } from 'react';
import { useNotices } from '../../shell/notices';
import { useOpenDraft } from '../openDraftStore';
import { sanitizePastedDocument } from '../pasteCleaner';
import { cleanPastedUrl, LARGE_PASTE_CHARS } from '../pasteSafety';
import { PASTE_SLICE_TAG, pasteInSlices } from '../pasteSlices';
import { wordListsToLists } from '../wordLists';

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * After the first slice of a long paste, when the caret ended at the end of
 * a top-level paragraph or heading (pasting into a new draft, or at the end
 * of one): an empty paragraph after it marks where the rest goes, so later
 * slices need neither the caret nor the DOM selection, which the browser
 * would report back stale. Anywhere else, null: the caret leads.
 */
function $placeMarker(): NodeKey | null {
  const selection = $getSelection();
  if (!$isRangeSelection(selection) || !selection.isCollapsed()) return null;
  const anchor = selection.anchor;
  const top = anchor.getNode().getTopLevelElement();
  if (!top || !($isParagraphNode(top) || $isHeadingNode(top))) return null;
  const last = top.getLastDescendant();
  const atEnd =
    anchor.type === 'element'
      ? anchor.key === top.getKey() && anchor.offset === top.getChildrenSize()
      : last !== null && anchor.key === last.getKey() && anchor.offset === last.getTextContentSize();
  if (!atEnd) return null;
  const placed = $createParagraphNode();
  top.insertAfter(placed);
  return placed.getKey();
}

/** Between two slices of one paste there is a paragraph break, never a merge of the next slice's first block into the last. */
function startNextSlice(marker: NodeKey | null): void {
  const placed = marker ? $getNodeByKey(marker) : null;
  if (placed) {
    const paragraph = $createParagraphNode();
    placed.insertBefore(paragraph);
    paragraph.select();
    return;
  }
  const selection = $getSelection();
  if ($isRangeSelection(selection)) selection.insertParagraph();
}

/**
 * Inserts a paste a slice per frame, so typing and scrolling never stall
 * behind a huge one. Each slice is cleaned as it goes in, and is as large as
 * the frame budget allows, so the number of commits (each of which costs
 * something for the whole document) stays small. The first slice is the
 * undo step; later ones merge into it, and none scrolls until the last.
 * (Without a marker the DOM selection has to follow each slice: the browser
 * reports a stale one back to the editor, which would put the next slice at
 * the old caret.) Autosave waits until the paste is in, then saves it once.
 */
async function insertInSlices(editor: LexicalEditor, html: string | null, text: string): Promise<void> {
  const notices = useNotices.getState();
  const large = (html ?? text).length >= LARGE_PASTE_CHARS;
  const size = ((html ?? text).length / 1024 / 1024).toFixed(1);
  if (large) notices.push({ kind: 'info', message: `Pasting ${size} MB…` }, 4000);
  const release = large ? useOpenDraft.getState().controller?.hold() : undefined;
  try {
    let build: (from: number, to: number) => LexicalNode[];
    let total: number;
    if (html !== null) {
      const parsed = new DOMParser().parseFromString(html, 'text/html');
      wordListsToLists(parsed);
      const blocks = Array.from(parsed.body.childNodes);
      total = blocks.length;
      build = (from, to) => {
        const slice = document.implementation.createHTMLDocument('');
        for (const node of blocks.slice(from, to)) slice.body.appendChild(slice.importNode(node, true));
        sanitizePastedDocument(slice);
        return $generateNodesFromDOM(editor, slice);
      };
    } else {
      const lines = text.split(/\r?\n/);
      total = lines.length;
      build = (from, to) => lines.slice(from, to).map((line) => $createParagraphNode().append($createTextNode(line)));
    }
    let marker: NodeKey | null = null;
    await pasteInSlices({
      total,
      insert: (from, to) => {
        if (from > 0) startNextSlice(marker);
        $insertNodes(build(from, to));
        if (from === 0 && to < total) marker = $placeMarker();
      },
      commit: (fill, first) =>
        editor.update(fill, {
          discrete: true,
          // Setting the DOM selection lays out the whole document; with a marker to go by, it waits for the end.
          tag: [
            first ? PASTE_TAG : HISTORY_MERGE_TAG,
            PASTE_SLICE_TAG,
            SKIP_SCROLL_INTO_VIEW_TAG,
            ...(marker ? [SKIP_DOM_SELECTION_TAG] : []),
          ],
        }),
      frame,
    });
    // Now the caret goes to the end of what was pasted, and into view.
    editor.update(
      () => {
        const placed = marker ? $getNodeByKey(marker) : null;
        if ($isElementNode(placed)) {
          const last = placed.getPreviousSibling();
          if (placed.isEmpty()) placed.remove();
          if (last) last.selectEnd();
          return;
        }
        const selection = $getSelection();
        if (selection) $setSelection(selection.clone());
      },
      { tag: HISTORY_MERGE_TAG },
    );
  } finally {
    release?.();
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
