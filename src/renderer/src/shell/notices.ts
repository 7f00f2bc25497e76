import { create } from 'zustand';

/** Short messages for the writer: what went wrong, or what just happened (with an undo). */
export interface Notice {
  id: number;
  kind: 'error' | 'info';
  message: string;
  action?: { label: string; run: () => void };
}

interface NoticeState {
  notices: Notice[];
  push: (notice: Omit<Notice, 'id'>, ttlMs?: number) => void;
  dismiss: (id: number) => void;
}

let nextId = 1;

export const useNotices = create<NoticeState>((set, get) => ({
  notices: [],
  push(notice, ttlMs = 8000) {
    const id = nextId++;
    set({ notices: [...get().notices, { ...notice, id }] });
    setTimeout(() => get().dismiss(id), ttlMs);
  },
  dismiss(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },
}));

export const notifyError = (message: string): void => useNotices.getState().push({ kind: 'error', message });
