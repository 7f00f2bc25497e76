import { describe, expect, it } from 'vitest';
import { dropGap, gapLine } from '../../src/renderer/src/editor/blocks/dropGap';

// Three blocks: 0–100, 120–200 (a tall figure would be the same), 220–240.
const blocks = [
  { top: 0, bottom: 100 },
  { top: 120, bottom: 200 },
  { top: 220, bottom: 240 },
];

describe('where a dragged figure lands', () => {
  it('is the gap before the first block whose middle is below the pointer', () => {
    expect(dropGap(blocks, -10)).toBe(0);
    expect(dropGap(blocks, 49)).toBe(0);
    expect(dropGap(blocks, 51)).toBe(1);
    expect(dropGap(blocks, 159)).toBe(1);
    expect(dropGap(blocks, 161)).toBe(2);
    expect(dropGap(blocks, 231)).toBe(3);
    expect(dropGap(blocks, 900)).toBe(3);
    expect(dropGap([], 10)).toBe(0);
  });

  it('is shown midway between its blocks, or just outside the first or last', () => {
    expect(gapLine(blocks, 0)).toBe(-2);
    expect(gapLine(blocks, 1)).toBe(110);
    expect(gapLine(blocks, 2)).toBe(210);
    expect(gapLine(blocks, 3)).toBe(242);
  });
});
