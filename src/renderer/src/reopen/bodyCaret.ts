import {
  $createRangeSelection,
  $getRoot,
  $getSelection,
  $isElementNode,
  $isRangeSelection,
  $isTextNode,
  $setSelection,
  type LexicalNode,
  type PointType,
} from 'lexical';
import type { BodyPoint, Caret } from '../../../common/lastPiece';

/**
 * The body's caret as a path of child indexes from the root (lastPiece.ts),
 * and back. Read and run inside an editor's read or update.
 */

function pathOf(node: LexicalNode): number[] {
  const path: number[] = [];
  for (let at: LexicalNode | null = node; at && at.getParent(); at = at.getParent())
    path.unshift(at.getIndexWithinParent());
  return path;
}

function pointOf(point: PointType): BodyPoint {
  return { path: pathOf(point.getNode()), offset: point.offset, type: point.type };
}

/** The selection in the body now, or null when there is none (or it is not text: a figure chosen, say). */
export function $bodyCaret(): Extract<Caret, { in: 'body' }> | null {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return null;
  return { in: 'body', anchor: pointOf(selection.anchor), focus: pointOf(selection.focus) };
}

/** The node and offset a kept point names in this document, or null when the document no longer has it. */
function resolve(point: BodyPoint): { key: string; offset: number; type: 'text' | 'element' } | null {
  let node: LexicalNode | null = $getRoot();
  for (const index of point.path) {
    node = $isElementNode(node) ? node.getChildAtIndex(index) : null;
    if (!node) return null;
  }
  if (point.type === 'text') {
    if (!$isTextNode(node) || point.offset > node.getTextContentSize()) return null;
  } else if (!$isElementNode(node) || point.offset > node.getChildrenSize()) return null;
  return { key: node.getKey(), offset: point.offset, type: point.type };
}

/** Puts the caret back where it was kept; false (and the selection left alone) when the text has changed too much for it. */
export function $restoreBodyCaret(caret: Extract<Caret, { in: 'body' }>): boolean {
  const anchor = resolve(caret.anchor);
  const focus = resolve(caret.focus);
  if (!anchor || !focus) return false;
  const selection = $createRangeSelection();
  selection.anchor.set(anchor.key, anchor.offset, anchor.type);
  selection.focus.set(focus.key, focus.offset, focus.type);
  $setSelection(selection);
  return true;
}
