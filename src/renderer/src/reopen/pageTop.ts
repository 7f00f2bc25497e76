import type { PageTop } from '../../../common/lastPiece';

/**
 * The page's scroll as the block at its top edge (lastPiece.ts's PageTop),
 * and putting it back. A bare scrollTop does not come back: the body's
 * blocks off screen are laid out at a guessed height until first seen
 * (styles.css, content-visibility), so the same number lands on another
 * paragraph in a page laid out afresh, and Chromium's scroll anchoring then
 * moves it further as the guessed blocks take their real height.
 */

/** How far the page's top edge is from the block's top, in pixels (the block's part above the edge). */
const aboveEdge = (page: HTMLElement, block: Element): number =>
  page.getBoundingClientRect().top - block.getBoundingClientRect().top;

/** The body's block at the page's top edge now: the first whose bottom is below it (blocks run down in order). */
export function pageTopOf(page: HTMLElement, root: HTMLElement): PageTop | undefined {
  const blocks = root.children;
  const edge = page.getBoundingClientRect().top;
  let low = 0;
  let high = blocks.length - 1;
  if (high < 0) return undefined;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (blocks[middle]!.getBoundingClientRect().bottom > edge) high = middle;
    else low = middle + 1;
  }
  return { block: low, offset: Math.round(aboveEdge(page, blocks[low]!) * 100) / 100 };
}

/** Frames in a row with nothing to correct before the place counts as settled. */
const STILL_FRAMES = 4;
/** However the layout goes on moving, the page is let go after this many frames (some 10 s). */
const MAX_FRAMES = 600;
/** The writer's own moves end the hold at once: from then on the page is theirs. */
const WRITER_MOVES = ['wheel', 'pointerdown', 'keydown', 'touchstart'] as const;

/**
 * Scrolls the page to a kept place now, then corrects it at every frame
 * while the layout settles (blocks taking their real height as they come
 * into view, images loading, the browser bringing a restored selection into
 * view), until it has held still for a few frames with the images and fonts
 * loaded, or the writer scrolls, clicks or types. `done` is called once,
 * however it ends; the returned function ends it early.
 */
export function holdPageTop(
  page: HTMLElement,
  root: HTMLElement,
  place: { scrollTop: number; top?: PageTop | undefined },
  done: () => void,
): () => void {
  let frames = 0;
  let still = 0;
  let request = 0;
  let over = false;

  const stop = (): void => {
    if (over) return;
    over = true;
    cancelAnimationFrame(request);
    for (const type of WRITER_MOVES) window.removeEventListener(type, stop, true);
    done();
  };

  /** How far to scroll on to the place; null when the body has no such block yet (a shared piece's comes later). */
  const distance = (): number | null => {
    if (!place.top) return place.scrollTop - page.scrollTop;
    const block = root.children[place.top.block];
    return block ? place.top.offset - aboveEdge(page, block) : null;
  };

  const loaded = (): boolean =>
    document.fonts.status === 'loaded' && [...root.querySelectorAll('img')].every((image) => image.complete);

  const step = (): void => {
    const before = page.scrollTop;
    const by = distance();
    // Without its block the kept scrollTop is the best guess, and the hold waits for the block.
    if (by === null) page.scrollTop = place.scrollTop;
    else if (Math.abs(by) >= 1) page.scrollTop = before + by;
    // Nothing moved (near enough already, or the page cannot scroll that far): a still frame.
    if (by !== null && Math.abs(page.scrollTop - before) < 1) still += 1;
    else still = 0;
    frames += 1;
    if ((still >= STILL_FRAMES && loaded()) || frames >= MAX_FRAMES) stop();
    else request = requestAnimationFrame(step);
  };

  for (const type of WRITER_MOVES) window.addEventListener(type, stop, { capture: true, passive: true });
  step();
  return stop;
}
