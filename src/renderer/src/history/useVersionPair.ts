import { useEffect } from 'react';
import { pairKey, useHistory, type VersionPair } from './historyStore';

/**
 * The comparison of two kept versions, as the history store loads it.
 * `other` null: no pair is wanted (the version is compared with the current text instead).
 */
export function useVersionPair(id: number, other: number | null): VersionPair | null {
  const key = other === null ? null : pairKey(id, other);
  const pair = useHistory((s) => (s.versionPair?.key === key ? s.versionPair.pair : null));
  useEffect(() => {
    if (other !== null) void useHistory.getState().comparePair(id, other);
  }, [id, other]);
  if (other === null) return null;
  return pair ?? { kind: 'loading' };
}
