import { TEXT_FORMAT } from '../lexical/nodes';

/**
 * Turns a run of formatted text into properly nested open/close steps, the
 * shape both Markdown and HTML need. Marks that start together open longest
 * first, so that a shorter mark nests inside and closes without disturbing
 * the longer one; a mark that must close while one opened inside it goes on
 * closes that inner one too and opens it again (a new "piece").
 */

/** Marks written as a pair around text; code is written as a span of its own, innermost. */
export const PAIRED_MARKS = [
  TEXT_FORMAT.bold,
  TEXT_FORMAT.italic,
  TEXT_FORMAT.strikethrough,
  TEXT_FORMAT.underline,
] as const;

export interface MarkPiece {
  bit: number;
  /** Index of the first text in the piece. */
  start: number;
  /** Index after the last text in the piece. */
  end: number;
  /** True when the mark was open just before and had to be closed for an outer mark. */
  reopened: boolean;
}

export type MarkStep =
  { kind: 'open'; piece: MarkPiece } | { kind: 'close'; piece: MarkPiece } | { kind: 'text'; index: number };

export function planMarks(formats: readonly number[]): MarkStep[] {
  const steps: MarkStep[] = [];
  const stack: MarkPiece[] = [];
  const n = formats.length;
  const runEnd = (bit: number, from: number): number => {
    let j = from;
    while (j < n && formats[j]! & bit) j++;
    return j;
  };
  for (let i = 0; i < n; i++) {
    const format = formats[i]!;
    const firstStale = stack.findIndex((p) => !(format & p.bit));
    const closedHere = new Set<number>();
    if (firstStale >= 0) {
      while (stack.length > firstStale) {
        const piece = stack.pop()!;
        piece.end = i;
        closedHere.add(piece.bit);
        steps.push({ kind: 'close', piece });
      }
    }
    const missing = PAIRED_MARKS.filter((bit) => format & bit && !stack.some((p) => p.bit === bit));
    missing.sort((a, b) => runEnd(b, i) - runEnd(a, i));
    for (const bit of missing) {
      const piece: MarkPiece = { bit, start: i, end: n, reopened: closedHere.has(bit) };
      stack.push(piece);
      steps.push({ kind: 'open', piece });
    }
    steps.push({ kind: 'text', index: i });
  }
  while (stack.length > 0) {
    const piece = stack.pop()!;
    piece.end = n;
    steps.push({ kind: 'close', piece });
  }
  return steps;
}
