import { create } from 'zustand';
import type { SaveOutcome } from '../../../common/api';
import type { Draft, Revision, RevisionSummary } from '../../../common/domain';
import { compareVersions, type Comparison as VersionComparison } from '../../../common/history/compare';
import { api, messageOf, unwrap } from '../api';

/**
 * The open piece's revision history as the server has it: the list, the
 * version being compared with the current text, and the rename and restore
 * that change them. What the panel shows of it (selection, paging, forms)
 * is the panel's own.
 */

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

/** A kept version and the current text, to compare. */
export interface Comparison {
  revision: Revision;
  current: Draft;
}

/** Two kept versions compared with each other, older first, whichever was picked first. */
export type VersionPair =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; comparison: VersionComparison };

/** Which two versions a pair compares, in either order. */
export function pairKey(a: number, b: number): string {
  return `${Math.min(a, b)}-${Math.max(a, b)}`;
}

interface HistoryState {
  notice: RestoreNotice | null;
  /** Whose list `revisions` is; a list for another piece is never shown. */
  draftId: string | null;
  /** Newest first; null until the first list for `draftId` arrives. */
  revisions: RevisionSummary[] | null;
  listError: string | null;
  /** The revision last compared with the current text; an older request's late answer never replaces it. */
  comparison: Comparison | null;
  comparisonError: { revisionId: number; message: string } | null;
  /** The pair of kept versions last compared; an older request's late answer never replaces it. */
  versionPair: { key: string; pair: VersionPair } | null;
  setNotice: (notice: RestoreNotice | null) => void;
  load: (draftId: string) => Promise<void>;
  /** Loads a revision and the current text to compare. */
  compare: (revisionId: number, draftId: string) => Promise<void>;
  rename: (id: number, name: string) => Promise<void>;
  restore: (id: number, expectedVersion: number) => Promise<SaveOutcome>;
  /** Loads two kept versions (each fetched once) and compares them. */
  comparePair: (a: number, b: number) => Promise<void>;
}

let listRequest = 0;
let compareRequest = 0;
let pairRequest = 0;

const snapshots = new Map<number, Promise<Revision>>();
/** A 10,000-word snapshot is about 400 KB in memory: only the last few compared are kept. */
const KEPT = 16;

/** A kept snapshot never changes, so each is fetched once. */
function snapshot(id: number): Promise<Revision> {
  let loading = snapshots.get(id);
  if (!loading) {
    loading = unwrap(api().revisions.get({ id }));
    // A failed fetch is asked again next time.
    loading.catch(() => snapshots.delete(id));
    snapshots.set(id, loading);
    // A Map iterates in insertion order: the first key is the longest kept.
    if (snapshots.size > KEPT) snapshots.delete(snapshots.keys().next().value!);
  }
  return loading;
}

export const useHistory = create<HistoryState>((set, get) => ({
  notice: null,
  draftId: null,
  revisions: null,
  listError: null,
  comparison: null,
  comparisonError: null,
  versionPair: null,

  setNotice(notice) {
    set({ notice });
  },

  async load(draftId) {
    const request = ++listRequest;
    // Another piece's rows never stand in for this one's; the same piece's stay until the new list arrives.
    if (get().draftId !== draftId)
      set({ draftId, revisions: null, listError: null, comparison: null, comparisonError: null });
    try {
      const rows = await unwrap(api().revisions.list({ draftId }));
      if (request === listRequest) set({ revisions: [...rows].sort((a, b) => b.id - a.id), listError: null });
    } catch (err) {
      if (request === listRequest) set({ listError: `The history could not be loaded: ${messageOf(err)}` });
    }
  },

  async compare(revisionId, draftId) {
    const request = ++compareRequest;
    try {
      const [revision, current] = await Promise.all([
        unwrap(api().revisions.get({ id: revisionId })),
        unwrap(api().drafts.get({ id: draftId })),
      ]);
      if (request === compareRequest) set({ comparison: { revision, current }, comparisonError: null });
    } catch (err) {
      if (request === compareRequest)
        set({ comparisonError: { revisionId, message: `This version could not be opened: ${messageOf(err)}` } });
    }
  },

  async rename(id, name) {
    const updated = await unwrap(api().revisions.rename({ id, name }));
    set({ revisions: get().revisions?.map((r) => (r.id === updated.id ? updated : r)) ?? null });
  },

  async restore(id, expectedVersion) {
    return unwrap(api().revisions.restore({ id, expectedVersion }));
  },

  async comparePair(a, b) {
    const request = ++pairRequest;
    const key = pairKey(a, b);
    try {
      const [older, newer] = await Promise.all([snapshot(Math.min(a, b)), snapshot(Math.max(a, b))]);
      if (request === pairRequest)
        set({
          versionPair: { key, pair: { kind: 'ready', comparison: compareVersions(older.snapshot, newer.snapshot) } },
        });
    } catch (err) {
      if (request === pairRequest)
        set({
          versionPair: {
            key,
            pair: { kind: 'error', message: `These versions could not be opened: ${messageOf(err)}` },
          },
        });
    }
  },
}));
