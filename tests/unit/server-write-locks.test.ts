import { describe, expect, it } from 'vitest';
import type { DraftStatus } from '../../src/common/domain';
import { PieceStatuses } from '../../src/server/writeLocks';
import { draftState, type DocumentStore } from '../../src/server/store';

/** A store whose piece states answer only when the test lets them: what waits for it is seen. */
function heldStore(): { store: DocumentStore; answer: (status: DraftStatus) => void; reads: () => number } {
  const waiting: Array<(status: DraftStatus) => void> = [];
  let reads = 0;
  const store = {
    pieceState: (document: string) => {
      reads += 1;
      return new Promise((resolve) => waiting.push((status) => resolve({ ...draftState(document), status })));
    },
  } as unknown as DocumentStore;
  return { store, answer: (status) => waiting.splice(0).forEach((resolve) => resolve(status)), reads: () => reads };
}

const settled = <T>(promise: Promise<T>): Promise<T | 'waiting'> =>
  Promise.race([promise, new Promise<'waiting'>((resolve) => setImmediate(() => resolve('waiting')))]);

describe('the pieces’ statuses the write lock asks on each update', () => {
  it('waits for the store only for a status never read; a stale one is answered at once and read again behind', async () => {
    const { store, answer, reads } = heldStore();
    const statuses = new PieceStatuses(store, 0);
    const first = statuses.status('piece-1');
    expect(await settled(first)).toBe('waiting');
    answer('draft');
    expect(await first).toBe('draft');

    // Stale (ttl 0): answered with what is known, without waiting, while the store is asked again.
    expect(await settled(statuses.status('piece-1'))).toBe('draft');
    expect(reads()).toBe(2);
    answer('published');
    await new Promise((resolve) => setImmediate(resolve));
    // Another instance published it: the next update meets the lock.
    expect(await settled(statuses.status('piece-1'))).toBe('published');
  });

  it('keeps news of a decision over a read of the store that began before it', async () => {
    const { store, answer } = heldStore();
    const statuses = new PieceStatuses(store, 0);
    const first = statuses.status('piece-3');
    answer('draft');
    await first;
    // Stale: read again behind, and the news of another instance's archive arrives while that read is out.
    expect(await statuses.status('piece-3')).toBe('draft');
    statuses.set('piece-3', 'archived');
    answer('draft');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await settled(statuses.status('piece-3'))).toBe('archived');
  });

  it('answers from its cache within the ttl, and a decision made here at once', async () => {
    const { store, answer, reads } = heldStore();
    const statuses = new PieceStatuses(store, 60_000);
    const first = statuses.status('piece-2');
    answer('draft');
    await first;
    expect(await statuses.status('piece-2')).toBe('draft');
    expect(reads()).toBe(1);
    statuses.set('piece-2', 'archived');
    expect(await statuses.status('piece-2')).toBe('archived');
  });
});
