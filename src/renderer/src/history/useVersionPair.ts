import { useEffect, useState } from 'react';
import type { Revision } from '../../../common/domain';
import { compareVersions, type Comparison } from '../../../common/history/compare';
import { api, messageOf, unwrap } from '../api';

/**
 * Two kept versions compared with each other, older first, whichever was
 * picked first. A kept snapshot never changes, so each is fetched once.
 */

const snapshots = new Map<number, Promise<Revision>>();
/** A 10,000-word snapshot is about 400 KB in memory: only the last few compared are kept. */
const KEPT = 16;

function revision(id: number): Promise<Revision> {
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

export type VersionPair =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; comparison: Comparison };

/** `other` null: no pair is wanted (the version is compared with the current text instead). */
export function useVersionPair(id: number, other: number | null): VersionPair | null {
  const [answer, setAnswer] = useState<{ key: string; pair: VersionPair } | null>(null);
  const key = `${id}-${other}`;
  useEffect(() => {
    if (other === null) return;
    let live = true;
    Promise.all([revision(Math.min(id, other)), revision(Math.max(id, other))])
      .then(
        ([older, newer]) =>
          live &&
          setAnswer({ key, pair: { kind: 'ready', comparison: compareVersions(older.snapshot, newer.snapshot) } }),
      )
      .catch(
        (err: unknown) =>
          live &&
          setAnswer({ key, pair: { kind: 'error', message: `These versions could not be opened: ${messageOf(err)}` } }),
      );
    return () => {
      live = false;
    };
  }, [id, other, key]);
  if (other === null) return null;
  return answer?.key === key ? answer.pair : { kind: 'loading' };
}
