import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { SKIP_SCROLL_INTO_VIEW_TAG } from 'lexical';
import { useEffect } from 'react';
import type { Caret } from '../../../common/lastPiece';
import { api } from '../api';
import { $bodyCaret, $restoreBodyCaret } from './bodyCaret';
import { useLastPiece } from './lastPieceStore';
import { holdPageTop, pageTopOf } from './pageTop';

/** A second of stillness: the place is written when the writer pauses, not on every key. */
const QUIET_MS = 1000;

const fieldOf = (element: Element | null): 'headline' | 'dek' | null =>
  element?.classList.contains('cd-headline') ? 'headline' : element?.classList.contains('cd-dek') ? 'dek' : null;

/**
 * Keeps where the writer is in the open piece (the page's scroll, the caret
 * in the body, headline or dek) for the next launch, and puts them back when
 * the piece is the one reopened at launch (lastPieceStore.ts).
 */
export function RememberPlacePlugin({ draftId }: { draftId: string }) {
  const [editor] = useLexicalComposerContext();

  useEffect(() => {
    const root = editor.getRootElement();
    const page = root?.closest<HTMLElement>('.cd-page');
    if (!root || !page) return;
    const field = (name: 'headline' | 'dek'): HTMLTextAreaElement | null =>
      page.querySelector<HTMLTextAreaElement>(`.cd-${name}`);

    // Back where the writer was, once the piece's fields are on screen (the headline is filled in after this
    // effect, which would move its caret to the end): the caret first, then the scroll, which the caret must not move.
    const place = useLastPiece.getState().take(draftId);
    // While the page is being put back its scroll is not the writer's: nothing is kept until it has settled.
    let holding = place !== null;
    let letGo = (): void => undefined;
    const scrollBack = (): void => {
      if (place) letGo = holdPageTop(page, root, place, () => (holding = false));
    };
    const putBack = (): void => {
      if (place?.caret?.in === 'body') {
        const caret = place.caret;
        editor.update(() => void $restoreBodyCaret(caret), {
          tag: SKIP_SCROLL_INTO_VIEW_TAG,
          onUpdate: () => {
            root.focus({ preventScroll: true });
            scrollBack();
          },
        });
      } else {
        if (place?.caret) {
          const { start, end } = place.caret;
          const box = field(place.caret.in);
          box?.focus({ preventScroll: true });
          box?.setSelectionRange(start, end);
        }
        scrollBack();
      }
    };
    const restoring = place ? requestAnimationFrame(putBack) : 0;

    // The last caret the writer had in the piece stays kept while the focus is in a pane.
    let caret: Caret | null = place?.caret ?? null;
    const current = (): Caret | null => {
      const active = document.activeElement;
      const name = fieldOf(active);
      if (name && active instanceof HTMLTextAreaElement)
        return { in: name, start: active.selectionStart, end: active.selectionEnd };
      if (root.contains(active)) return editor.getEditorState().read($bodyCaret) ?? caret;
      return caret;
    };
    let timer: ReturnType<typeof setTimeout> | null = null;
    const keepNow = (): void => {
      if (timer) clearTimeout(timer);
      timer = null;
      // The setting still holds the place being put back.
      if (holding) return;
      caret = current();
      // A place that cannot be kept costs the next launch its caret, never the writing: no alarm.
      useLastPiece
        .getState()
        .keep({ draftId, scrollTop: Math.round(page.scrollTop), top: pageTopOf(page, root), caret })
        .catch(() => undefined);
    };
    const later = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(keepNow, QUIET_MS);
    };
    const onHidden = (): void => {
      if (document.visibilityState === 'hidden') keepNow();
    };

    // A place just put back is what the setting already holds.
    if (!place) keepNow();
    const unregister = editor.registerUpdateListener(later);
    page.addEventListener('scroll', later, { passive: true });
    document.addEventListener('selectionchange', later);
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', keepNow);
    // Before the app quits, with the save (FlushOnLeavePlugin).
    const unsubscribe = api().events.subscribe((event) => {
      if (event.type === 'app.flush-requested') keepNow();
    });
    return () => {
      cancelAnimationFrame(restoring);
      letGo();
      if (timer) clearTimeout(timer);
      unregister();
      page.removeEventListener('scroll', later);
      document.removeEventListener('selectionchange', later);
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', keepNow);
      unsubscribe();
    };
  }, [editor, draftId]);

  return null;
}
