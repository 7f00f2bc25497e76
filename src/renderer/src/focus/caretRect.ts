/**
 * The rectangle of the caret (the selection's focus end): a collapsed range
 * at the start of an empty line has no box of its own, so that line's
 * element stands in for it.
 */
export function caretRect(selection: Selection): DOMRect | null {
  if (selection.rangeCount === 0 || !selection.focusNode) return null;
  const range = document.createRange();
  range.setStart(selection.focusNode, selection.focusOffset);
  range.collapse(true);
  const rect = range.getBoundingClientRect();
  if (rect.height > 0) return rect;
  const node = selection.focusNode;
  const element = node instanceof Element ? node : node.parentElement;
  return element?.getBoundingClientRect() ?? null;
}
