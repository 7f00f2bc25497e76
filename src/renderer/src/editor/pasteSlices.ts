/**
 * When a long paste goes in: a slice per frame, each as large as the frame
 * budget allows, so typing and scrolling never stall behind a huge paste and
 * the number of commits (each of which costs something for the whole
 * document) stays small. DOM- and Lexical-free, so its timing is unit-tested
 * on a fake clock; PasteCleanupPlugin supplies what a commit and a step do.
 */

/**
 * Tags each commit of a sliced paste. The word count, which waits for a
 * pause in the writing, waits for the whole paste instead: run between two
 * slices (frames grow long as the document does), it would walk a
 * half-pasted document again and again.
 * The update that places the caret after the last slice carries no such tag.
 */
export const PASTE_SLICE_TAG = 'copydesk-paste-slice';

/** Work per frame on a large paste: building nodes, then Lexical's commit of them, stays near one frame's worth. */
export const FRAME_BUDGET_MS = 12;
/** The most building per commit, however long the document has grown. */
export const MAX_BUILD_MS = 60;
/** Blocks (or lines) built between two looks at the clock. */
export const STEP = 40;

export interface SlicedPaste {
  /** How many blocks (or lines) the paste has. */
  total: number;
  /** Builds and inserts blocks [from, to) at the caret. */
  insert: (from: number, to: number) => void;
  /** One editor commit around `fill`; the first is the undo step, later ones merge into it. */
  commit: (fill: () => void, first: boolean) => void;
  /** Resolves at the next frame, when the window has had its turn. */
  frame: () => Promise<void>;
  now?: () => number;
}

/** Inserts the whole paste, committing a slice per frame; answers how many commits it took. */
export async function pasteInSlices({ total, insert, commit, frame, now = () => performance.now() }: SlicedPaste) {
  let next = 0;
  let budget = FRAME_BUDGET_MS;
  let commits = 0;
  while (next < total) {
    const began = now();
    commit(() => {
      do {
        const to = Math.min(total, next + STEP);
        insert(next, to);
        next = to;
      } while (next < total && now() - began < budget);
    }, commits === 0);
    commits++;
    // Each commit costs something for the whole document; as that grows, build more per commit
    // so it stays a fraction of the frame, up to a limit that keeps the window answering.
    const spent = now() - began;
    budget = Math.min(MAX_BUILD_MS, Math.max(FRAME_BUDGET_MS, spent - budget));
    if (next < total) await frame();
  }
  return commits;
}
