import { create } from 'zustand';
import type { ApiInput } from '../../../common/api';
import type { DeskBoard, DeskNotifications, DeskRequestOutcome } from '../../../common/desk/status';
import type { VocabularyOutcome } from '../../../common/desk/workflow';
import { api, messageOf, unwrap } from '../api';
import { useLibrary } from '../library/libraryStore';
import { useNewsroom } from './newsroomStore';

/**
 * The team's desk as the server decides it: every shared piece's status,
 * assignment and slot, this computer's waiting or refused requests, the
 * person's name and role on the desk, and their notifications. Loaded when
 * this computer has joined a desk, and again on each `desk.changed` event
 * and after each request (TeamDeskSync).
 */
interface TeamDeskState {
  board: DeskBoard | null;
  notifications: DeskNotifications | null;
  error: string | null;
  /** Reads the board and the notifications again; calls made while one runs are folded into one more. */
  refresh: () => Promise<void>;
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
    try {
      const [board, notifications] = await Promise.all([
        unwrap(api().desk.board({})),
        unwrap(api().desk.notifications({})),
      ]);
      set({ board, notifications, error: null });
    } catch (err) {
      set({ error: messageOf(err) });
    }
  };
  return {
    board: null,
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
      const held = get().board?.pieces.find((p) => p.document === document)?.draftId;
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
export function boardPieceOf(board: DeskBoard | null, draftId: string): DeskBoard['pieces'][number] | undefined {
  return board?.pieces.find((p) => p.draftId === draftId);
}
