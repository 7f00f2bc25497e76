import { create } from 'zustand';
import { LAST_PIECE_SETTING, LastPiece } from '../../../common/lastPiece';
import { api, unwrap } from '../api';
import { useLibrary } from '../library/libraryStore';

/**
 * The piece open when the app closed, and where in it the writer was (the
 * `lastPiece` setting, src/common/lastPiece.ts): read once at launch to open
 * it again, written as the writer moves, forgotten when the piece is closed.
 */

type Place = NonNullable<LastPiece>;

interface LastPieceState {
  /** The place to restore once its piece has opened; taken once. */
  pending: Place | null;
  /** At launch: opens the piece that was open, unless it has since gone to the trash or been deleted. */
  reopen: () => Promise<void>;
  /** The place to put the caret and scroll back to in `draftId`, just opened; null if there is none. */
  take: (draftId: string) => Place | null;
  /** Keeps where the writer is now (or null: no piece open). */
  keep: (place: LastPiece) => Promise<void>;
}

let kept = 'null';

export const useLastPiece = create<LastPieceState>((set, get) => ({
  pending: null,

  async reopen() {
    const { value } = await unwrap(api().settings.get({ key: LAST_PIECE_SETTING }));
    const parsed = LastPiece.safeParse(value);
    const place = parsed.success ? parsed.data : null;
    kept = JSON.stringify(place);
    if (!place) return;
    const draft = await unwrap(api().drafts.get({ id: place.draftId })).catch(() => null);
    // Gone, or in the trash: the app starts on the library, and the place is forgotten.
    if (!draft || draft.trashedAt !== null) return get().keep(null);
    // The writer may have opened a piece while the setting was read: theirs wins.
    if (useLibrary.getState().selectedId !== null) return;
    set({ pending: place });
    useLibrary.getState().select(place.draftId);
  },

  take(draftId) {
    const place = get().pending;
    if (place?.draftId !== draftId) return null;
    set({ pending: null });
    return place;
  },

  async keep(place) {
    const text = JSON.stringify(place);
    if (text === kept) return;
    await unwrap(api().settings.set({ key: LAST_PIECE_SETTING, value: place }));
    kept = text;
  },
}));

// Closing the piece (or trashing it) means there is nothing to reopen.
useLibrary.subscribe((state, before) => {
  if (before.selectedId !== null && state.selectedId === null)
    void useLastPiece
      .getState()
      .keep(null)
      .catch(() => undefined);
});
