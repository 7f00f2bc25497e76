import {
  $getNodeByKey,
  $getRoot,
  $isElementNode,
  $isTextNode,
  type ElementNode,
  type LexicalEditor,
  type LexicalNode,
  type NodeKey,
} from 'lexical';
import type { TextMatch } from '../../../common/find/findMatches';
import { $isFigureNode } from '../../../common/nodes/figure/FigureNode';

/**
 * The open piece as find and replace sees it: the headline, the dek, then
 * each paragraph (heading, quote, list item) and figure caption in the
 * order they stand. A paragraph's text is its text nodes joined, so a
 * match may run across bold, a link or a review mark; anything else in a
 * line (a citation, a line break) is a gap no match crosses.
 */

export type FieldName = 'headline' | 'dek';

/** Where a text node's characters sit in its paragraph's text. */
interface Run {
  key: NodeKey;
  start: number;
  end: number;
}

export type PiecePart =
  | { kind: 'field'; field: FieldName; text: string }
  | { kind: 'caption'; key: NodeKey; text: string }
  | { kind: 'block'; key: NodeKey; text: string; runs: Run[] };

/** Stands in for a citation or line break: not a character a typed query holds. */
const GAP = '\uFFFC';

function $blockPart(block: ElementNode, parts: PiecePart[]): void {
  const part = { kind: 'block' as const, key: block.getKey(), text: '', runs: [] as Run[] };
  const visit = (node: LexicalNode): void => {
    if ($isTextNode(node)) {
      const text = node.getTextContent();
      part.runs.push({ key: node.getKey(), start: part.text.length, end: part.text.length + text.length });
      part.text += text;
    } else if ($isElementNode(node) && node.isInline()) {
      node.getChildren().forEach(visit);
    } else if ($isElementNode(node)) {
      // A list nested in a list item is a paragraph of its own, after this one.
      $collect(node, parts);
    } else {
      part.text += GAP;
    }
  };
  block.getChildren().forEach(visit);
  if (part.runs.length > 0) parts.push(part);
}

function $collect(node: LexicalNode, parts: PiecePart[]): void {
  if ($isFigureNode(node)) {
    parts.push({ kind: 'caption', key: node.getKey(), text: node.getFields().caption });
  } else if ($isElementNode(node)) {
    const children = node.getChildren();
    if (children.some((c) => $isTextNode(c) || ($isElementNode(c) && c.isInline()))) $blockPart(node, parts);
    else children.forEach((c) => $collect(c, parts));
  }
}

/** The body's parts, in order; read inside the editor's state. */
export function $bodyParts(): PiecePart[] {
  const parts: PiecePart[] = [];
  $collect($getRoot(), parts);
  return parts;
}

/** The pieces of text nodes a match covers, first to last, as offsets into each node. */
export function coveredRuns(
  part: Extract<PiecePart, { kind: 'block' }>,
  match: TextMatch,
): Array<{ key: NodeKey; start: number; end: number }> {
  return part.runs
    .filter((r) => r.start < match.end && r.end > match.start)
    .map((r) => ({
      key: r.key,
      start: Math.max(match.start, r.start) - r.start,
      end: Math.min(match.end, r.end) - r.start,
    }));
}

/**
 * Replaces a paragraph's matches inside an editor update. The last match
 * goes first, so the offsets of the ones before it still hold; a match
 * across nodes takes the first node's formatting.
 */
export function $replaceInBlock(
  part: Extract<PiecePart, { kind: 'block' }>,
  matches: readonly TextMatch[],
  replacement: string,
): void {
  for (const match of [...matches].reverse()) {
    const covered = coveredRuns(part, match);
    covered.forEach((run, i) => {
      const node = $getNodeByKey(run.key);
      if (!$isTextNode(node)) return;
      node.spliceText(run.start, run.end - run.start, i === 0 ? replacement : '');
    });
    // Emptied nodes after the first go, once all the splices are done.
    for (const run of covered.slice(1)) {
      const node = $getNodeByKey(run.key);
      if ($isTextNode(node) && node.getTextContentSize() === 0) node.remove();
    }
  }
}

function domPoint(editor: LexicalEditor, key: string, offset: number): [Node, number] | null {
  const element = editor.getElementByKey(key);
  const text = element && document.createTreeWalker(element, NodeFilter.SHOW_TEXT).nextNode();
  return text ? [text, Math.min(offset, text.textContent?.length ?? 0)] : null;
}

/** The DOM range a match in a paragraph covers on screen, for highlights painted over the text (find, spelling). */
export function blockRange(
  editor: LexicalEditor,
  part: Extract<PiecePart, { kind: 'block' }>,
  match: TextMatch,
): Range | null {
  const runs = coveredRuns(part, match);
  const first = runs[0];
  const last = runs.at(-1);
  const start = first && domPoint(editor, first.key, first.start);
  const end = last && domPoint(editor, last.key, last.end);
  if (!start || !end) return null;
  const range = document.createRange();
  range.setStart(...start);
  range.setEnd(...end);
  return range;
}
