/** A block's extent on screen, top to bottom. */
export interface Extent {
  top: number;
  bottom: number;
}

/**
 * Which gap between blocks a drop at height `y` lands in: 0 before the
 * first block, `blocks.length` after the last, else before the first block
 * whose middle is below `y`. The blocks are in document order, so a binary
 * search finds it in a long piece.
 */
export function dropGap(blocks: readonly Extent[], y: number): number {
  let low = 0;
  let high = blocks.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    const block = blocks[mid]!;
    if (y < (block.top + block.bottom) / 2) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** The height of the line that shows a gap: midway between its two blocks, or just outside the first or last. */
export function gapLine(blocks: readonly Extent[], gap: number): number {
  const before = blocks[gap - 1];
  const after = blocks[gap];
  if (before && after) return (before.bottom + after.top) / 2;
  return after ? after.top - 2 : (before?.bottom ?? 0) + 2;
}
