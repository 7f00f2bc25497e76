import { create } from 'zustand';
import type { DeskListing, DeskStatus, SyncReport } from '../../../common/desk/status';
import { api, unwrap } from '../api';

/**
 * The newsroom's desk as this computer sees it: the connection, the pieces
 * shared from here, and the desk's own list (fetched on demand, since it
 * needs the server).
 */
interface NewsroomState {
  status: DeskStatus | null;
  listing: DeskListing[] | null;
  lastSync: SyncReport | null;
  loadStatus: () => Promise<void>;
  loadListing: () => Promise<void>;
  join: (url: string, token: string) => Promise<void>;
  sync: () => Promise<SyncReport>;
  share: (draftId: string) => Promise<void>;
  unshare: (draftId: string) => Promise<void>;
  /** Downloads a piece of the desk's list (if not held yet) and answers its local draft. */
  take: (listing: DeskListing) => Promise<string>;
  /** Tells the desk which piece this window shows (null: none), for colleagues' presence marks. */
  showing: (draftId: string | null) => Promise<void>;
}

export const useNewsroom = create<NewsroomState>((set, get) => ({
  status: null,
  listing: null,
  lastSync: null,
  loadStatus: async () => {
    set({ status: await unwrap(api().desk.status({})) });
  },
  loadListing: async () => {
    set({ listing: await unwrap(api().desk.list({})) });
  },
  join: async (url, token) => {
    await unwrap(api().desk.join({ url, token }));
    set({ listing: null, lastSync: null });
    await get().loadStatus();
  },
  sync: async () => {
    const report = await unwrap(api().desk.sync({}));
    set({ lastSync: report });
    await Promise.all([get().loadStatus(), get().loadListing()]);
    return report;
  },
  share: async (draftId) => {
    await unwrap(api().desk.share({ draftId }));
    await get().loadStatus();
  },
  unshare: async (draftId) => {
    await unwrap(api().desk.unshare({ draftId }));
    await get().loadStatus();
  },
  take: async (listing) => {
    const draftId = listing.draftId ?? (await unwrap(api().desk.take({ document: listing.document }))).draftId;
    await Promise.all([get().loadStatus(), get().loadListing()]);
    return draftId;
  },
  showing: async (draftId) => {
    await unwrap(api().desk.presence({ draftId }));
  },
}));

/** "Ed has it open", "Ed and Ana have it open", or nothing. */
export function presentLine(present: ReadonlyArray<{ name: string }>): string {
  const names = present.map((p) => p.name);
  if (names.length === 0) return '';
  return `${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`} ${names.length === 1 ? 'has' : 'have'} it open`;
}

/** Whether a draft is shared with the desk from this computer. */
export function isShared(status: DeskStatus | null, draftId: string): boolean {
  return status?.pieces.some((p) => p.draftId === draftId) ?? false;
}
