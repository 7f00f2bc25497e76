import { create } from 'zustand';
import type { ApiInput } from '../../../common/api';
import { NO_FILTER, type BoardQuery } from '../../../common/desk/board';
import type { BoardPiece, DeskBoardView, DeskNotifications, DeskRequestOutcome } from '../../../common/desk/status';
import type { VocabularyOutcome } from '../../../common/desk/workflow';
import { api, messageOf, unwrap } from '../api';
import { useLibrary } from '../library/libraryStore';
import { useNewsroom } from './newsroomStore';

/**
 * The team's desk as the server decides it: the board's columns as the
 * person filters and pages them (main keeps every piece and sends only
 * those), the pieces held here, this computer's waiting or refused requests,
 * the person's name and role on the desk, and their notifications. Loaded
 * when this computer has joined a desk, and again on each `desk.changed`
 * event and after each request (TeamDeskSync).
 */
interface TeamDeskState {
  board: DeskBoardView | null;
  /** The filters and the cards per column the board shows; kept while the app runs, as the Desk's mode is. */
  query: BoardQuery;
  notifications: DeskNotifications | null;
  error: string | null;
  /** Reads the board and the notifications again; calls made while one runs are folded into one more. */
  refresh: () => Promise<void>;
  /** Filters or pages the board: it is read again for the new view. */
  setQuery: (change: Partial<BoardQuery>) => Promise<void>;
  /** Asks the desk for a decision; the board is read again whatever the answer. */
  request: (input: ApiInput<'desk.request'>) => Promise<DeskRequestOutcome>;
  dismiss: (requestId: string) => Promise<void>;
  markRead: (ids: number[] | 'all') => Promise<void>;
  /** Downloads a piece of the board not held here yet, and answers its local draft. */
  take: (document: string) => Promise<string>;
  /** Counts, or with `apply` makes, a rename of a tag or section on every shared piece (editors). */
  vocabulary: (change: ApiInput<'desk.vocabulary'>) => Promise<VocabularyOutcome>;
  /** Forgets the desk (another desk joined, or none): nothing of the last one is shown. */
  clear: () => void;
}

let running: Promise<void> | null = null;
let again = false;

export const useTeamDesk = create<TeamDeskState>((set, get) => {
  const load = async (): Promise<void> => {
    const query = get().query;
    // Each is shown as it comes: the board is drawn from what main keeps, while the notifications may wait for the desk.
    await Promise.all([
      unwrap(api().desk.boardView(query)).then((board) => {
        // A view asked for before the filters changed is not shown over them: the next read brings theirs.
        if (get().query === query) set({ board, error: null });
      }),
      unwrap(api().desk.notifications({})).then((notifications) => set({ notifications })),
    ]).catch((err: unknown) => set({ error: messageOf(err) }));
  };
  return {
    board: null,
    query: { filter: NO_FILTER, shown: {} },
    notifications: null,
    error: null,

    refresh() {
      // A burst of desk.changed events (a sync brings many answers) costs one more read, not one each.
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await load();
        } while (again);
      })().finally(() => {
        running = null;
      });
      return running;
    },

    setQuery(change) {
      set({ query: { ...get().query, ...change } });
      return get().refresh();
    },

    async request(input) {
      try {
        return await unwrap(api().desk.request(input));
      } finally {
        await get().refresh();
      }
    },

    async dismiss(requestId) {
      await unwrap(api().desk.dismiss({ requestId }));
      await get().refresh();
    },

    async markRead(ids) {
      set({ notifications: await unwrap(api().desk.readNotifications({ ids })) });
    },

    async take(document) {
      const held = heldPiece(get().board, (p) => p.document === document)?.draftId;
      const draftId = held ?? (await unwrap(api().desk.take({ document }))).draftId;
      await Promise.all([
        get().refresh(),
        useNewsroom
          .getState()
          .loadStatus()
          .catch(() => undefined),
        useLibrary.getState().refresh(),
      ]);
      return draftId;
    },

    async vocabulary(change) {
      const outcome = await unwrap(api().desk.vocabulary(change));
      if (outcome.applied) await get().refresh();
      return outcome;
    },

    clear() {
      set({ board: null, notifications: null, error: null });
    },
  };
});

/** The board's entry for a local draft, when it is a shared piece the desk knows. */
export function boardPieceOf(board: DeskBoardView | null, draftId: string): BoardPiece | undefined {
  return heldPiece(board, (p) => p.draftId === draftId);
}

/** A piece held on this computer, by any test: whatever the board's filters, main sends every held piece. */
export function heldPiece(board: DeskBoardView | null, test: (piece: BoardPiece) => boolean): BoardPiece | undefined {
  return board?.held.find(test);
}
