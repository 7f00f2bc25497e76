import { create } from 'zustand';
import { api, unwrap } from '../api';

/** The open piece's word-count goal, as the store keeps it (src/main/services/wordGoals.ts). */

interface WordGoalState {
  draftId: string | null;
  /** null: no goal, or not read yet. */
  words: number | null;
  /** Reads the goal of the piece just opened; a piece without one shows none. */
  load: (draftId: string) => Promise<void>;
  /** Sets (or with null removes) the goal; a refusal throws, with the store's message, and leaves the old goal. */
  save: (draftId: string, words: number | null) => Promise<void>;
}

export const useWordGoal = create<WordGoalState>((set, get) => ({
  draftId: null,
  words: null,
  async load(draftId) {
    set({ draftId, words: null });
    const { words } = await unwrap(api().drafts.wordGoal({ id: draftId }));
    if (get().draftId === draftId) set({ words });
  },
  async save(draftId, words) {
    const saved = await unwrap(api().drafts.setWordGoal({ id: draftId, words }));
    if (get().draftId === draftId) set({ words: saved.words });
  },
}));
