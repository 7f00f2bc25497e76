import { create } from 'zustand';
import type { DraftStatus, DraftSummary } from '../../../common/domain';
import { api, messageOf, unwrap } from '../api';

/** The desk's columns as the server has them: each status's pieces, longest waiting first. */

export const DESK_COLUMNS: DraftStatus[] = ['draft', 'in_review', 'approved', 'published'];
const COLUMN_SIZE = 100;

export interface DeskColumn {
  rows: DraftSummary[];
  total: number;
}

interface DeskState {
  columns: Partial<Record<DraftStatus, DeskColumn>>;
  error: string | null;
  load: (filter: { section: string; tag: string }) => Promise<void>;
}

let request = 0;

export const useDesk = create<DeskState>((set) => ({
  columns: {},
  error: null,

  async load({ section, tag }) {
    const mine = ++request;
    try {
      const pages = await Promise.all(
        DESK_COLUMNS.map((status) =>
          unwrap(
            api().drafts.list({
              status,
              sort: 'waiting',
              limit: COLUMN_SIZE,
              ...(section ? { section } : {}),
              ...(tag ? { tag } : {}),
            }),
          ).then((page) => [status, page] as const),
        ),
      );
      // A later filter's answer wins, whichever arrives first.
      if (mine === request)
        set({
          columns: Object.fromEntries(pages.map(([status, page]) => [status, { rows: page.rows, total: page.total }])),
        });
    } catch (err) {
      if (mine === request) set({ error: messageOf(err) });
    }
  },
}));
