import { afterEach, describe, expect, it } from 'vitest';
import { TIDY_AT_SEGMENTS, tidySearchIndexes } from '../../src/main/db/searchUpkeep';
import type { Queryable } from '../../src/main/db/sqlite';
import { openTestStore, type TestStore } from '../support/store';
import { closeAndRemove, doc, expectSearchIndexesInStep } from './_support';

/** The search indexes' segments merged in the background: fewer lists per term, the same answers. */

let store: TestStore;
afterEach(async () => {
  await closeAndRemove(store);
});

const segments = async (db: Queryable): Promise<number> =>
  (await db.get<{ n: number }>('SELECT count(DISTINCT segid) AS n FROM drafts_fts_idx'))!.n;

async function search(query: string): Promise<string[]> {
  return (await store.call('drafts.list', { query, trashed: false, offset: 0, limit: 100 })).rows.map((r) => r.id);
}

describe('search index upkeep', () => {
  it('merges an index of many segments into one, finding exactly what it found before, and runs when the store opens', async () => {
    store = await openTestStore();
    // With FTS5's own merging turned off, every piece saved is a segment of its own, as in a long-used library.
    await store.ctx.db.run("INSERT INTO drafts_fts(drafts_fts, rank) VALUES ('automerge', 0)");
    for (let i = 0; i < 30; i++) {
      await store.call('drafts.create', {
        headline: `Report ${i}`,
        body: doc(`Talks resumed on day ${i} as mediators ${i % 3 === 0 ? 'returned' : 'waited'}.`),
      });
    }
    expect(await segments(store.ctx.db)).toBeGreaterThanOrEqual(TIDY_AT_SEGMENTS);
    const before = await Promise.all(['talks', 'returned', 'mediat', '"day 7"'].map(search));

    const slices = await tidySearchIndexes(store.ctx.db);
    expect(slices).toBeGreaterThan(0);
    expect(await segments(store.ctx.db)).toBe(1);
    expect(await Promise.all(['talks', 'returned', 'mediat', '"day 7"'].map(search))).toEqual(before);
    await expectSearchIndexesInStep(store.ctx.db);
    // A tidy index is left alone.
    expect(await tidySearchIndexes(store.ctx.db)).toBe(0);

    for (let i = 30; i < 40; i++)
      await store.call('drafts.create', { headline: `Report ${i}`, body: doc('Talks again.') });
    await store.close();
    store = await openTestStore({ dir: store.dir, searchUpkeepAfterMs: 0 });
    expect(await store.searchUpkeep).toBeGreaterThan(0);
    expect(await segments(store.ctx.db)).toBe(1);
    expect(await search('talks')).toHaveLength(40);
  });

  it('waits a while after opening, so it never competes with the first paint, and closing first skips it', async () => {
    store = await openTestStore();
    await store.ctx.db.run("INSERT INTO drafts_fts(drafts_fts, rank) VALUES ('automerge', 0)");
    for (let i = 0; i < 12; i++) await store.call('drafts.create', { headline: `Brief ${i}`, body: doc(`Item ${i}.`) });
    await store.close();
    store = await openTestStore({ dir: store.dir });
    const before = await segments(store.ctx.db);
    expect(before).toBeGreaterThanOrEqual(TIDY_AT_SEGMENTS);
    await store.close();
    expect(await store.searchUpkeep).toBe(0);
    store = await openTestStore({ dir: store.dir });
    expect(await segments(store.ctx.db)).toBe(before);
  });

  it('stops between slices when asked, leaving a sound index', async () => {
    store = await openTestStore();
    await store.ctx.db.run("INSERT INTO drafts_fts(drafts_fts, rank) VALUES ('automerge', 0)");
    for (let i = 0; i < 12; i++) await store.call('drafts.create', { headline: `Brief ${i}`, body: doc(`Item ${i}.`) });
    expect(await tidySearchIndexes(store.ctx.db, () => true)).toBe(0);
    expect(await segments(store.ctx.db)).toBeGreaterThanOrEqual(TIDY_AT_SEGMENTS);
    await expectSearchIndexesInStep(store.ctx.db);
  });
});
