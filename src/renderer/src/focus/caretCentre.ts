/**
 * Typewriter scrolling: how far to scroll a pane so that the caret's line
 * sits at its middle. Pure arithmetic over rectangles, so it is tested
 * without a browser.
 */
export function scrollToCentre(caret: { top: number; height: number }, pane: { top: number; height: number }): number {
  return caret.top + caret.height / 2 - (pane.top + pane.height / 2);
}
