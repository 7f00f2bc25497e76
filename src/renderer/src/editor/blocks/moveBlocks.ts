import { $isListItemNode, type ListItemNode } from '@lexical/list';
import { $findMatchingParent } from '@lexical/utils';
import { $getSelection, $isNodeSelection, $isRangeSelection, $setSelection, type LexicalNode } from 'lexical';

export type Direction = 'up' | 'down';

/** The list item a node is in, or null outside lists. */
const $itemOf = (node: LexicalNode): ListItemNode | null =>
  $isListItemNode(node) ? node : $findMatchingParent(node, $isListItemNode);

/**
 * The first and last of the sibling blocks a move takes: inside one list,
 * the items the caret or selection is in (the whole list when all of its
 * items are); otherwise the top-level blocks from the selection's start to
 * its end; for a selected figure or divider, that block.
 */
function $movingRun(): [LexicalNode, LexicalNode] | null {
  const selection = $getSelection();
  let ends: LexicalNode[];
  if ($isRangeSelection(selection)) ends = [selection.anchor.getNode(), selection.focus.getNode()];
  else if ($isNodeSelection(selection)) ends = selection.getNodes();
  else return null;
  // A caret on the root itself (an empty piece) is in no block.
  if (ends.some((node) => node.getKey() === 'root')) return null;
  const items = ends.map($itemOf);
  const list = items[0]?.getParent();
  let run: LexicalNode[];
  if (items.every((item) => item !== null && item.getParent() === list)) {
    run = items as ListItemNode[];
    const whole = run.some((i) => i.is(list?.getFirstChild())) && run.some((i) => i.is(list?.getLastChild()));
    if (whole) run = ends.map((node) => node.getTopLevelElementOrThrow());
  } else run = ends.map((node) => node.getTopLevelElementOrThrow());
  const sorted = run.sort((a, b) => a.getIndexWithinParent() - b.getIndexWithinParent());
  return [sorted[0]!, sorted.at(-1)!];
}

/**
 * Moves the block holding the caret (or the selected blocks, or a selected
 * figure) past its neighbour up or down, by moving the neighbour: the moved
 * blocks keep their nodes, so the caret and selection stay where they were
 * in the text. False when there is nothing to move past.
 */
export function $moveBlocks(direction: Direction): boolean {
  const run = $movingRun();
  if (!run) return false;
  const [first, last] = run;
  if (direction === 'up') {
    const before = first.getPreviousSibling();
    if (!before) return false;
    last.insertAfter(before);
  } else {
    const after = last.getNextSibling();
    if (!after) return false;
    first.insertBefore(after);
  }
  // The same selection, marked changed, so the window's caret follows the moved text.
  $setSelection($getSelection()?.clone() ?? null);
  return true;
}
