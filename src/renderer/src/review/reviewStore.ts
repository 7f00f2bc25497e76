import { create } from 'zustand';
import type { DraftStatus, ReviewNote, StatusChange } from '../../../common/domain';
import { api, messageOf, unwrap } from '../api';
import { useOpenDraft } from '../editor/openDraftStore';
import { useLibrary } from '../library/libraryStore';
import { useShell } from '../shell/shellStore';

/** The side pane's tab and the open piece's review state: notes and trail (the check is liveCheck.ts). */
export type SideTab = 'fields' | 'review' | 'history';

interface ReviewState {
  tab: SideTab;
  draftId: string | null;
  notes: ReviewNote[];
  trail: StatusChange[];
  pending: { id: string; quote: string } | null;
  activeNoteId: string | null;
  error: string | null;
  setTab: (tab: SideTab) => void;
  load: (draftId: string) => Promise<void>;
  refreshTrail: () => Promise<void>;
  /**
   * Moves the open piece to another status, after saving what is typed.
   * 'conflict' when it changed elsewhere; a refusal (the check) is thrown.
   */
  changeStatus: (to: DraftStatus, note: string, override?: string) => Promise<'changed' | 'conflict' | 'closed'>;
  startNote: (id: string, quote: string) => void;
  cancelNote: () => void;
  submitNote: (body: string) => Promise<void>;
  reply: (parentId: string, body: string) => Promise<void>;
  resolve: (id: string, resolved: boolean) => Promise<void>;
  focusNote: (id: string | null) => void;
}

let tabChosen = false;

export const useReview = create<ReviewState>((set, get) => {
  const replaceNote = (note: ReviewNote): void => set({ notes: get().notes.map((n) => (n.id === note.id ? note : n)) });
  const guard = async (work: () => Promise<void>): Promise<void> => {
    try {
      await work();
      set({ error: null });
    } catch (err) {
      set({ error: messageOf(err) });
    }
  };
  return {
    tab: 'fields',
    draftId: null,
    notes: [],
    trail: [],
    pending: null,
    activeNoteId: null,
    error: null,

    setTab(tab) {
      tabChosen = true;
      set({ tab });
    },

    async load(draftId) {
      // Editors start on the review tools with the first piece they open; after that the pane stays where they put it.
      const first = get().draftId === null && !tabChosen;
      const editor = useShell.getState().profile?.role === 'editor';
      set({
        draftId,
        notes: [],
        trail: [],
        pending: null,
        activeNoteId: null,
        error: null,
        ...(first && editor ? { tab: 'review' as const } : {}),
      });
      await guard(async () => {
        const [notes, trail] = await Promise.all([
          unwrap(api().notes.list({ draftId })),
          unwrap(api().drafts.trail({ id: draftId })),
        ]);
        if (get().draftId === draftId) set({ notes, trail });
      });
    },

    async refreshTrail() {
      const id = get().draftId;
      if (id) await guard(async () => set({ trail: await unwrap(api().drafts.trail({ id })) }));
    },

    async changeStatus(to, note, override) {
      const { controller, draftId: id, adopt } = useOpenDraft.getState();
      if (!controller || !id) return 'closed';
      await controller.flush();
      const outcome = await unwrap(
        api().drafts.setStatus({
          id,
          expectedVersion: controller.currentVersion,
          status: to,
          ...(note ? { note } : {}),
          ...(override ? { override } : {}),
        }),
      );
      if (outcome.kind === 'conflict') return 'conflict';
      adopt(outcome.draft);
      void useLibrary.getState().refresh();
      await get().refreshTrail();
      return 'changed';
    },

    startNote(id, quote) {
      set({ pending: { id, quote }, tab: 'review', activeNoteId: id });
    },

    cancelNote() {
      set({ pending: null });
    },

    async submitNote(body) {
      const { pending, draftId } = get();
      if (!pending || !draftId) return;
      await guard(async () => {
        const note = await unwrap(api().notes.add({ draftId, id: pending.id, quote: pending.quote, body }));
        set({ notes: [...get().notes, note], pending: null, activeNoteId: note.id });
      });
    },

    async reply(parentId, body) {
      await guard(async () => replaceNote(await unwrap(api().notes.reply({ parentId, body }))));
    },

    async resolve(id, resolved) {
      await guard(async () => replaceNote(await unwrap(api().notes.resolve({ id, resolved }))));
    },

    focusNote(id) {
      set({ activeNoteId: id, ...(id ? { tab: 'review' as const } : {}) });
    },
  };
});
