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

/** The top-level block of the body that holds this element, if any. */
function blockOf(root: HTMLElement, element: Element): Element | undefined {
  let at: Element | null = element;
  while (at && at.parentElement !== root) at = at.parentElement;
  return at ?? undefined;
}

/**
 * The body's block at the page's top edge now. Found by hit-testing just
 * under the edge, so only blocks on screen are measured: measuring one far
 * off screen lays it out, and the page would move while the writer works.
 */
export function pageTopOf(page: HTMLElement, root: HTMLElement): PageTop | undefined {
  const first = root.firstElementChild;
  if (!first) return undefined;
  const edge = page.getBoundingClientRect().top;
  const x = root.getBoundingClientRect().left + 1;
  // The body begins below the edge (the headline is at the top): its first block, a negative offset. The body's own
  // box is asked, not the block's, which may be far off screen.
  let block: Element | undefined = root.getBoundingClientRect().top >= edge ? first : undefined;
  // Every few pixels down, past the gap between two blocks; elementsFromPoint sees through a menu or a notice on top.
  for (let y = edge + 1; !block && y < edge + 64; y += 8)
    for (const element of document.elementsFromPoint(x, y)) {
      block = root.contains(element) && element !== root ? blockOf(root, element) : undefined;
      if (block) break;
    }
  if (!block) return undefined;
  const index = Array.prototype.indexOf.call(root.children, block);
  return { block: index, offset: Math.round(aboveEdge(page, block) * 100) / 100 };
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
