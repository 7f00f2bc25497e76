import { create } from 'zustand';
import type { DraftSort, DraftStatus, DraftSummary, StatusCounts } from '../../../common/domain';
import type { SavedFields } from '../../../common/api';
import { api, messageOf, unwrap } from '../api';
import { useNotices } from '../shell/notices';

/**
 * Library and selection state. Rows are fetched a page at a time as the
 * list scrolls, so a library of 100,000 pieces costs what one screen costs.
 * The open document itself lives in Lexical, not here.
 */

export const PAGE_SIZE = 100;

export type LibraryView = DraftStatus | 'all' | 'trash';

interface LibraryState {
  view: LibraryView;
  query: string;
  tag: string | null;
  section: string | null;
  sort: DraftSort;
  total: number;
  /** Loaded pages by index; a missing page is fetched when it scrolls into view. */
  pages: Record<number, DraftSummary[]>;
  counts: StatusCounts | null;
  /** Every section a live piece is in, for the filters and the section field. */
  sections: string[];
  /** Every author on a byline, for the byline field (loaded only where it is asked for). */
  authors: string[];
  generation: number;
  selectedId: string | null;
  /** Pieces ticked for a bulk action (tagging), by id. */
  checked: string[];
  cursor: number;
  error: string | null;
  refresh: () => Promise<void>;
  loadFacets: (withAuthors?: boolean) => Promise<void>;
  ensureRows: (from: number, to: number) => void;
  rowAt: (index: number) => DraftSummary | undefined;
  setFilter: (changes: Partial<Pick<LibraryState, 'view' | 'query' | 'tag' | 'section' | 'sort'>>) => void;
  select: (id: string | null) => void;
  setCursor: (index: number) => void;
  createDraft: () => Promise<void>;
  trash: (id: string) => Promise<void>;
  restore: (id: string) => Promise<void>;
  purge: (id: string) => Promise<void>;
  updateRow: (draft: SavedFields) => void;
  toggleChecked: (id: string) => void;
  clearChecked: () => void;
  bulkTag: (add: string[], remove: string[]) => Promise<void>;
}

const loading = new Set<string>();

function listInput(state: LibraryState, offset: number) {
  const { view, query, tag, section, sort } = state;
  return {
    ...(query.trim() ? { query } : {}),
    ...(view !== 'all' && view !== 'trash' ? { status: view } : {}),
    ...(tag ? { tag } : {}),
    ...(section ? { section } : {}),
    trashed: view === 'trash',
    sort: query.trim() && sort === 'updated' ? ('relevance' as const) : sort,
    offset,
    limit: PAGE_SIZE,
  };
}

export const useLibrary = create<LibraryState>((set, get) => {
  const fetchPage = async (page: number, generation: number): Promise<void> => {
    const key = `${generation}:${page}`;
    if (loading.has(key)) return;
    loading.add(key);
    try {
      const result = await unwrap(api().drafts.list(listInput(get(), page * PAGE_SIZE)));
      if (get().generation !== generation) return;
      // Page 0 of a new listing replaces the old pages; until it arrives the old rows stay on screen.
      const pages = page === 0 ? { 0: result.rows } : { ...get().pages, [page]: result.rows };
      set({ pages, total: result.total, error: null });
    } catch (err) {
      if (get().generation === generation) set({ error: messageOf(err) });
    } finally {
      loading.delete(key);
    }
  };

  return {
    view: 'all',
    query: '',
    tag: null,
    section: null,
    sort: 'updated',
    total: 0,
    pages: {},
    counts: null,
    sections: [],
    authors: [],
    generation: 0,
    selectedId: null,
    checked: [],
    cursor: 0,
    error: null,

    async refresh() {
      const generation = get().generation + 1;
      set({ generation });
      // The rows first: they are what the writer is waiting to see.
      const rows = fetchPage(0, generation);
      const counts = unwrap(api().drafts.counts({})).then(
        (c) => set({ counts: c }),
        () => undefined,
      );
      await Promise.all([rows, counts]);
    },

    async loadFacets(withAuthors = false) {
      // A field or filter without its suggestions still works: a failure here leaves the last ones.
      await unwrap(api().drafts.facets({ authors: withAuthors })).then(
        (f) => set(withAuthors ? { sections: f.sections, authors: f.authors } : { sections: f.sections }),
        () => undefined,
      );
    },

    ensureRows(from, to) {
      const { pages, generation } = get();
      for (let page = Math.floor(from / PAGE_SIZE); page <= Math.floor(Math.max(from, to) / PAGE_SIZE); page++) {
        if (!pages[page]) void fetchPage(page, generation);
      }
    },

    rowAt(index) {
      return get().pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];
    },

    setFilter(changes) {
      set({ ...changes, cursor: 0 });
      void get().refresh();
    },

    select(id) {
      set({ selectedId: id });
    },

    setCursor(index) {
      set({ cursor: Math.max(0, Math.min(get().total - 1, index)) });
    },

    async createDraft() {
      try {
        const draft = await unwrap(api().drafts.create({}));
        set({ selectedId: draft.id, query: '', view: 'all', tag: null, section: null, cursor: 0 });
        await get().refresh();
      } catch (err) {
        set({ error: messageOf(err) });
      }
    },

    async trash(id) {
      try {
        const draft = await unwrap(api().drafts.trash({ id }));
        if (get().selectedId === id) set({ selectedId: null });
        await get().refresh();
        useNotices.getState().push({
          kind: 'info',
          message: `“${draft.headline || 'Untitled'}” moved to the trash.`,
          action: { label: 'Undo', run: () => void get().restore(id) },
        });
      } catch (err) {
        set({ error: messageOf(err) });
      }
    },

    async restore(id) {
      try {
        await unwrap(api().drafts.restore({ id }));
        await get().refresh();
      } catch (err) {
        set({ error: messageOf(err) });
      }
    },

    async purge(id) {
      try {
        await unwrap(api().drafts.purge({ id }));
        await get().refresh();
      } catch (err) {
        set({ error: messageOf(err) });
      }
    },

    toggleChecked(id) {
      const checked = get().checked;
      set({ checked: checked.includes(id) ? checked.filter((c) => c !== id) : [...checked, id] });
    },

    clearChecked() {
      set({ checked: [] });
    },

    async bulkTag(add, remove) {
      const ids = get().checked;
      if (ids.length === 0) return;
      try {
        const { changed } = await unwrap(api().drafts.bulkTag({ ids, add, remove }));
        useNotices
          .getState()
          .push({ kind: 'info', message: `Tags changed on ${changed} ${changed === 1 ? 'piece' : 'pieces'}.` });
        set({ checked: [] });
        await get().refresh();
      } catch (err) {
        set({ error: messageOf(err) });
      }
    },

    updateRow(draft) {
      const pages = { ...get().pages };
      for (const [index, rows] of Object.entries(pages)) {
        const at = rows.findIndex((r) => r.id === draft.id);
        if (at < 0) continue;
        const next = [...rows];
        next[at] = {
          ...rows[at]!,
          headline: draft.headline,
          dek: draft.dek,
          section: draft.section,
          byline: draft.byline,
          wordCount: draft.wordCount,
          updatedAt: draft.updatedAt,
          version: draft.version,
          tags: draft.tags,
          status: draft.status,
        };
        pages[Number(index)] = next;
      }
      set({ pages });
    },
  };
});
