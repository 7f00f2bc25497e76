import { create } from 'zustand';

/**
 * What the history panel says after a restore. The editor reloads the piece
 * after a restore, which mounts a fresh panel; the confirmation and the
 * selected revision live here so that they survive it.
 */
export interface RestoreNotice {
  draftId: string;
  /** The revision that was restored: it stays selected. */
  selectId: number;
  /** The draft's version the restore made; once the writer saves again, the notice has done its work. */
  version: number;
  message: string;
}

interface HistoryState {
  notice: RestoreNotice | null;
  setNotice(notice: RestoreNotice | null): void;
}

export const useHistory = create<HistoryState>((set) => ({
  notice: null,
  setNotice(notice) {
    set({ notice });
  },
}));
