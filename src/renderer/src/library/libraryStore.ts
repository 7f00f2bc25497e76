import { create } from 'zustand';
import type { Draft, DraftStatus, DraftSummary, StatusCounts } from '../../../common/domain';
import { api, messageOf, unwrap } from '../api';

/**
 * Library and selection state. The open document itself lives in Lexical;
 * this store only keeps what the list shows and which piece is open.
 */
interface LibraryState {
  rows: DraftSummary[];
  total: number;
  counts: StatusCounts | null;
  query: string;
  status: DraftStatus | null;
  selectedId: string | null;
  loading: boolean;
  error: string | null;
  refresh(): Promise<void>;
  setQuery(query: string): void;
  setStatus(status: DraftStatus | null): void;
  select(id: string | null): void;
  createDraft(): Promise<void>;
  trash(id: string): Promise<void>;
  /** Reflects a save in the list without asking the store again. */
  updateRow(draft: Draft): void;
}

let refreshSeq = 0;

export const useLibrary = create<LibraryState>((set, get) => ({
  rows: [],
  total: 0,
  counts: null,
  query: '',
  status: null,
  selectedId: null,
  loading: false,
  error: null,

  async refresh() {
    const seq = ++refreshSeq;
    const { query, status } = get();
    set({ loading: true });
    try {
      const [page, counts] = await Promise.all([
        unwrap(api().drafts.list({ ...(query.trim() ? { query } : {}), ...(status ? { status } : {}), limit: 200 })),
        unwrap(api().drafts.counts({})),
      ]);
      if (seq !== refreshSeq) return;
      set({ rows: page.rows, total: page.total, counts, loading: false, error: null });
    } catch (err) {
      if (seq === refreshSeq) set({ loading: false, error: messageOf(err) });
    }
  },

  setQuery(query) {
    set({ query });
    void get().refresh();
  },

  setStatus(status) {
    set({ status });
    void get().refresh();
  },

  select(id) {
    set({ selectedId: id });
  },

  async createDraft() {
    try {
      const draft = await unwrap(api().drafts.create({}));
      set({ selectedId: draft.id, query: '', status: null });
      await get().refresh();
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },

  async trash(id) {
    try {
      await unwrap(api().drafts.trash({ id }));
      if (get().selectedId === id) set({ selectedId: null });
      await get().refresh();
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },

  updateRow(draft) {
    set({
      rows: get().rows.map((row) =>
        row.id === draft.id
          ? { ...row, headline: draft.headline, dek: draft.dek, wordCount: draft.wordCount, updatedAt: draft.updatedAt, version: draft.version, tags: draft.tags, status: draft.status }
          : row,
      ),
    });
  },
}));
