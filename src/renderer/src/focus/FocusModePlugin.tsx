import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { COMMAND_PRIORITY_HIGH, KEY_ESCAPE_COMMAND } from 'lexical';
import { useCallback, useEffect, useRef } from 'react';
import { inTheWriting } from '../editor/inTheWriting';
import { chordOf, commandForChord } from '../palette/keys';
import { currentPlatform } from '../palette/platform';
import { usePieceCommand } from '../palette/usePieceCommand';
import { scrollToCentre } from './caretCentre';
import { caretRect } from './caretRect';
import { useFocusMode } from './focusStore';
import './focus.css';

const PLATFORM = currentPlatform();
/** Frames without a move that count as settled, and the most frames a centring keeps correcting. */
const SETTLED_FRAMES = 4;
const MAX_SETTLE_FRAMES = 60;
const toggle = (): void => useFocusMode.getState().setOn(!useFocusMode.getState().on);

/** Escape leaves from the writing, from nowhere in particular, or from the Leave button; elsewhere it is a bar's or a dialog's. */
const leavesFocus = (target: EventTarget | null): boolean =>
  target === document.body ||
  inTheWriting(target) ||
  (target instanceof Element && target.classList.contains('cd-focus-leave'));

/**
 * Focus mode for the open piece: the command (View › Focus mode, its keys,
 * the palette) turns it on and off, Escape in the text leaves it, and while
 * it is on the caret's line is kept at the middle of the page as the writer
 * types or moves (typewriter scrolling). The panes are hidden by focus.css.
 */
export function FocusModePlugin() {
  const [editor] = useLexicalComposerContext();
  const on = useFocusMode((s) => s.on);
  usePieceCommand('view.focusMode', toggle);

  /** Scrolls the caret's line to the middle; says whether the page moved. */
  const centreOnce = useCallback((): boolean => {
    const root = editor.getRootElement();
    const page = root?.closest<HTMLElement>('.cd-page');
    const selection = window.getSelection();
    if (!root || !page || !selection?.focusNode || !root.contains(selection.focusNode)) return false;
    const caret = caretRect(selection);
    if (!caret) return false;
    const before = page.scrollTop;
    page.scrollTop += scrollToCentre(caret, page.getBoundingClientRect());
    return Math.abs(page.scrollTop - before) >= 1;
  }, [editor]);

  // Blocks off screen are laid out at a guessed height (content-visibility) and take their real one as they come
  // into view, moving the caret's line after it was centred: centre again each frame until the page holds still.
  const settling = useRef(0);
  const centre = useCallback(() => {
    cancelAnimationFrame(settling.current);
    centreOnce();
    let still = 0;
    let frames = 0;
    const step = (): void => {
      still = centreOnce() ? 0 : still + 1;
      if (still < SETTLED_FRAMES && ++frames < MAX_SETTLE_FRAMES) settling.current = requestAnimationFrame(step);
    };
    settling.current = requestAnimationFrame(step);
  }, [centreOnce]);

  // The writer's own scrolling wins over the settling.
  useEffect(() => {
    if (!on) return;
    const stop = (): void => cancelAnimationFrame(settling.current);
    window.addEventListener('wheel', stop, { passive: true });
    window.addEventListener('pointerdown', stop);
    return () => {
      stop();
      window.removeEventListener('wheel', stop);
      window.removeEventListener('pointerdown', stop);
    };
  }, [on]);

  // The window takes the keys itself (keysInWindow), so they work where no menu bar does; Escape leaves.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        if (!useFocusMode.getState().on || event.defaultPrevented) return;
        if (!leavesFocus(event.target)) return;
        event.preventDefault();
        useFocusMode.getState().setOn(false);
        return;
      }
      const chord = chordOf(event, PLATFORM);
      if (!chord || commandForChord(chord, PLATFORM, ['view.focusMode']) === undefined) return;
      event.preventDefault();
      toggle();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Entering: the caret goes to the text, and its line to the middle.
  useEffect(() => {
    if (!on) return;
    if (!inTheWriting(document.activeElement)) editor.focus(centre);
    else requestAnimationFrame(centre);
  }, [on, editor, centre]);

  // Escape in the body leaves focus mode and keeps the caret (the editor's own Escape would let go of the focus).
  useEffect(
    () =>
      on
        ? editor.registerCommand(
            KEY_ESCAPE_COMMAND,
            (event) => {
              event.preventDefault();
              useFocusMode.getState().setOn(false);
              return true;
            },
            COMMAND_PRIORITY_HIGH,
          )
        : undefined,
    [on, editor],
  );

  // After every change of the text or the caret, once the DOM shows it.
  useEffect(() => (on ? editor.registerUpdateListener(() => centre()) : undefined), [on, editor, centre]);

  // Focus mode belongs to the open piece: closing it leaves the mode.
  useEffect(() => () => useFocusMode.getState().setOn(false), []);

  if (!on) return null;
  return (
    <div className="cd-focus-bar">
      <span className="cd-sr-only" role="status">
        Focus mode: the panes are hidden. Escape leaves it.
      </span>
      <button type="button" className="cd-focus-leave" onClick={() => useFocusMode.getState().setOn(false)}>
        Leave focus mode
      </button>
    </div>
  );
}
