import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../src/common/domain';
import { dispatch } from '../../src/main/ipc/dispatch';
import { openTestStore, withTestShell, type TestStore } from '../support/store';
import { closeAndRemove, doc, expectAppError, storeState } from './_support';

/** The trash: a draft goes there first, comes back whole, and only leaves for good from there. */

let store: TestStore;
afterEach(async () => {
  await closeAndRemove(store);
});

async function seed(): Promise<{ a: Draft; b: Draft; c: Draft }> {
  const a = await store.call('drafts.create', {
    headline: 'Alpha',
    tags: ['Weather'],
    body: doc('Storm warning for the coast.'),
    sources: [{ outlet: 'Met Office', url: 'https://www.metoffice.example/warnings' }],
  });
  const b = await store.call('drafts.create', { headline: 'Bravo', status: 'in_review', tags: ['weather'] });
  const c = await store.call('drafts.create', { headline: 'Charlie' });
  // A revision for a, so that purging must take it too.
  await store.call('drafts.save', {
    id: a.id,
    expectedVersion: 1,
    reason: 'manual',
    body: doc('Storm warning lifted.'),
  });
  return { a: await store.call('drafts.get', { id: a.id }), b, c };
}

describe('trash and restore', () => {
  it('moves a draft out of the library and back, with the counts following', async () => {
    store = await openTestStore();
    const { a, b, c } = await seed();
    expect(await store.call('drafts.counts', {})).toEqual({
      draft: 2,
      in_review: 1,
      approved: 0,
      published: 0,
      archived: 0,
      trashed: 0,
      all: 3,
    });

    store.clock.advance(60_000);
    const trashed = await store.call('drafts.trash', { id: b.id });
    expect(trashed.trashedAt).toBe(new Date(store.clock.now()).toISOString());
    expect(trashed.status).toBe('in_review');
    expect(await store.call('drafts.counts', {})).toEqual({
      draft: 2,
      in_review: 0,
      approved: 0,
      published: 0,
      archived: 0,
      trashed: 1,
      all: 2,
    });
    expect((await store.call('drafts.list', {})).rows.map((r) => r.id).sort()).toEqual([a.id, c.id].sort());
    expect((await store.call('drafts.list', { trashed: true })).rows.map((r) => r.id)).toEqual([b.id]);
    expect((await store.call('drafts.list', { trashed: true })).rows[0]!.trashedAt).toBe(trashed.trashedAt);
    // Still readable while in the trash.
    expect((await store.call('drafts.get', { id: b.id })).headline).toBe('Bravo');

    // Trashing again keeps the first time.
    store.clock.advance(60_000);
    expect((await store.call('drafts.trash', { id: b.id })).trashedAt).toBe(trashed.trashedAt);

    await store.call('drafts.trash', { id: c.id });
    expect(await store.call('drafts.counts', {})).toEqual({
      draft: 1,
      in_review: 0,
      approved: 0,
      published: 0,
      archived: 0,
      trashed: 2,
      all: 1,
    });

    const restored = await store.call('drafts.restore', { id: b.id });
    expect(restored.trashedAt).toBeNull();
    expect(restored.version).toBe(b.version);
    expect(restored.tags).toEqual(['Weather']);
    expect(await store.call('drafts.counts', {})).toEqual({
      draft: 1,
      in_review: 1,
      approved: 0,
      published: 0,
      archived: 0,
      trashed: 1,
      all: 2,
    });
    // Restored drafts are editable again.
    const saved = await store.call('drafts.save', { id: b.id, expectedVersion: b.version, headline: 'Bravo again' });
    expect(saved.kind).toBe('saved');
  });

  it('refuses to edit a draft in the trash, writing nothing', async () => {
    store = await openTestStore();
    const { a } = await seed();
    await store.call('drafts.trash', { id: a.id });
    const before = await storeState(store.ctx.db);
    await expectAppError(
      store.call('drafts.save', { id: a.id, expectedVersion: a.version, headline: 'Sneaky' }),
      'trashed',
    );
    await expectAppError(
      store.call('drafts.save', { id: a.id, expectedVersion: a.version, reason: 'manual' }),
      'trashed',
    );
    await expectAppError(
      store.call('drafts.setStatus', { id: a.id, expectedVersion: a.version, status: 'in_review' }),
      'trashed',
    );
    const [revision] = await store.call('revisions.list', { draftId: a.id });
    await expectAppError(store.call('revisions.restore', { id: revision!.id, expectedVersion: a.version }), 'trashed');
    expect(await storeState(store.ctx.db)).toEqual(before);
  });

  it('gives not_found for a draft that does not exist', async () => {
    store = await openTestStore();
    const id = randomUUID();
    await expectAppError(store.call('drafts.trash', { id }), 'not_found');
    await expectAppError(store.call('drafts.restore', { id }), 'not_found');
    await expectAppError(store.call('drafts.purge', { id }), 'not_found');
    await expectAppError(store.call('drafts.get', { id }), 'not_found');
  });
});

describe('purge', () => {
  it('refuses a draft that is not in the trash, changing nothing', async () => {
    store = await openTestStore();
    const { a } = await seed();
    const before = await storeState(store.ctx.db);
    const err = await expectAppError(store.call('drafts.purge', { id: a.id }), 'invalid_input');
    expect(err.message).toMatch(/trash/);
    expect(await storeState(store.ctx.db)).toEqual(before);
    expect((await store.call('drafts.get', { id: a.id })).headline).toBe('Alpha');

    // The same through the transport.
    const result = await dispatch(withTestShell(store), 'drafts.purge', { id: a.id });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await storeState(store.ctx.db)).toEqual(before);
  });

  it('deletes a trashed draft with its tags links, sources and revisions, keeping the tag vocabulary', async () => {
    store = await openTestStore();
    const { a, b } = await seed();
    const count = async (sql: string) => (await store.ctx.db.get<{ n: number }>(sql, [a.id]))!.n;
    expect(await count('SELECT count(*) AS n FROM revisions WHERE draft_id = ?')).toBeGreaterThan(0);
    expect(await count('SELECT count(*) AS n FROM sources WHERE draft_id = ?')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM draft_tags WHERE draft_id = ?')).toBe(1);

    await store.call('drafts.trash', { id: a.id });
    expect(await store.call('drafts.purge', { id: a.id })).toEqual({ id: a.id });
    await expectAppError(store.call('drafts.get', { id: a.id }), 'not_found');
    expect(await store.call('revisions.list', { draftId: a.id })).toEqual([]);
    expect(await count('SELECT count(*) AS n FROM revisions WHERE draft_id = ?')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM sources WHERE draft_id = ?')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM draft_tags WHERE draft_id = ?')).toBe(0);
    expect(await store.call('drafts.counts', {})).toEqual({
      draft: 1,
      in_review: 1,
      approved: 0,
      published: 0,
      archived: 0,
      trashed: 0,
      all: 2,
    });
    expect((await store.call('drafts.list', { trashed: true })).total).toBe(0);
    // The tag lives on for the other draft that uses it.
    expect(await store.call('tags.list', {})).toEqual([{ name: 'Weather', count: 1, description: '' }]);
    expect((await store.call('drafts.get', { id: b.id })).tags).toEqual(['Weather']);
    // Purging twice: it is gone.
    await expectAppError(store.call('drafts.purge', { id: a.id }), 'not_found');
    expect((await store.ctx.db.get<{ integrity_check: string }>('PRAGMA integrity_check'))!.integrity_check).toBe('ok');
    expect(await store.ctx.db.all('PRAGMA foreign_key_check')).toEqual([]);
  });
});
