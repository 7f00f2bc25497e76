import { brotliDecompressSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { SaveOutcome } from '../../src/common/api';
import type { Draft, RevisionSummary } from '../../src/common/domain';
import { AUTOSAVE_REVISION_INTERVAL_MS } from '../../src/main/services/revisions';
import { createFixtureDraft } from '../support/fixtures';
import { openTestStore, validated, type TestStore } from '../support/store';
import { closeAndRemove, doc, expectAppError, storeState } from './_support';

/** Revisions: sparse autosaves, every manual save, status changes, and restores that lose nothing. */

let store: TestStore;
afterEach(async () => {
  await closeAndRemove(store);
});

const SECOND = 1000;
const MINUTE = 60 * SECOND;

function saved(outcome: SaveOutcome): Draft {
  if (outcome.kind !== 'saved') throw new Error(`expected a save, got ${outcome.kind}`);
  return outcome.draft;
}

async function revisions(draftId: string): Promise<RevisionSummary[]> {
  return store.call('revisions.list', { draftId });
}

describe('when revisions are kept', () => {
  it('keeps at most one autosave revision per five minutes of clock time', async () => {
    store = await openTestStore();
    expect(AUTOSAVE_REVISION_INTERVAL_MS).toBe(5 * MINUTE);
    let draft = await store.call('drafts.create', { headline: 'Typing' });
    expect(await revisions(draft.id)).toEqual([]);

    const type = async (words: string) => {
      draft = saved(
        await store.call('drafts.save', { id: draft.id, expectedVersion: draft.version, body: doc(words) }),
      );
    };
    await type('One'); // the first autosave is always kept
    expect((await revisions(draft.id)).map((r) => [r.reason, r.draftVersion])).toEqual([['autosave', 2]]);

    for (let i = 0; i < 4; i++) {
      store.clock.advance(MINUTE);
      await type(`One two ${i}`);
    }
    // Four minutes later: still one.
    expect(await revisions(draft.id)).toHaveLength(1);

    store.clock.advance(MINUTE); // five minutes after the first
    await type('One two three');
    expect((await revisions(draft.id)).map((r) => [r.reason, r.draftVersion])).toEqual([
      ['autosave', 7],
      ['autosave', 2],
    ]);

    store.clock.advance(5 * MINUTE - SECOND);
    await type('One two three four');
    expect(await revisions(draft.id)).toHaveLength(2);
    store.clock.advance(SECOND);
    await type('One two three four five');
    expect(await revisions(draft.id)).toHaveLength(3);
    expect(draft.version).toBe(9);

    // An autosave that changes nothing writes nothing, however late.
    store.clock.advance(10 * MINUTE);
    const same = await store.call('drafts.save', {
      id: draft.id,
      expectedVersion: draft.version,
      body: doc('One two three four five'),
    });
    expect(same.kind).toBe('unchanged');
    expect(await revisions(draft.id)).toHaveLength(3);
  });

  it('keeps every manual save, named, even one that changes nothing', async () => {
    store = await openTestStore();
    await store.call('profile.set', { name: 'Dana Whitlock', role: 'writer' });
    const draft = await store.call('drafts.create', { headline: 'Manual' });
    const v2 = saved(
      await store.call('drafts.save', {
        id: draft.id,
        expectedVersion: 1,
        reason: 'manual',
        headline: 'Manual two',
        revisionName: 'sent to legal',
      }),
    );
    const same = await store.call('drafts.save', {
      id: draft.id,
      expectedVersion: 2,
      reason: 'manual',
      revisionName: 'checked again',
    });
    expect(same.kind).toBe('unchanged');
    const v3 = saved(
      await store.call('drafts.save', { id: draft.id, expectedVersion: 2, reason: 'manual', headline: 'Manual three' }),
    );
    expect(v3.version).toBe(3);
    const list = await revisions(draft.id);
    expect(list.map((r) => [r.reason, r.draftVersion, r.name])).toEqual([
      ['manual', 3, ''],
      ['manual', 2, 'checked again'],
      ['manual', 2, 'sent to legal'],
    ]);
    expect(list.every((r) => r.author === 'Dana Whitlock' && r.draftId === draft.id)).toBe(true);
    expect(list[2]!.createdAt).toBe(v2.updatedAt);
    // A manual save after an autosave within the five minutes is still kept.
    saved(await store.call('drafts.save', { id: draft.id, expectedVersion: 3, headline: 'Auto four' }));
    saved(
      await store.call('drafts.save', { id: draft.id, expectedVersion: 4, reason: 'manual', headline: 'Manual five' }),
    );
    expect((await revisions(draft.id)).map((r) => r.reason).slice(0, 2)).toEqual(['manual', 'manual']);
  });

  it('keeps a status revision for each status change, and none for a refused one', async () => {
    store = await openTestStore();
    const draft = await store.call('drafts.create', { headline: 'Workflow' });
    const review = saved(
      await store.call('drafts.setStatus', {
        id: draft.id,
        expectedVersion: 1,
        status: 'in_review',
        note: 'ready for the desk',
      }),
    );
    expect(review.status).toBe('in_review');
    expect(review.version).toBe(2);
    const [rev] = await revisions(draft.id);
    expect(rev).toMatchObject({ reason: 'status', draftVersion: 2, name: 'Draft → In review: ready for the desk' });
    expect((await store.call('revisions.get', { id: rev!.id })).snapshot.status).toBe('in_review');

    const before = await storeState(store.ctx.db);
    const err = await expectAppError(
      store.call('drafts.setStatus', { id: draft.id, expectedVersion: 2, status: 'published' }),
      'invalid_transition',
    );
    expect(err.message).toContain('"In review"');
    expect(err.message).toContain('"Published"');
    // Same status: unchanged; stale version: conflict. Neither writes.
    expect((await store.call('drafts.setStatus', { id: draft.id, expectedVersion: 2, status: 'in_review' })).kind).toBe(
      'unchanged',
    );
    expect((await store.call('drafts.setStatus', { id: draft.id, expectedVersion: 1, status: 'approved' })).kind).toBe(
      'conflict',
    );
    expect(await storeState(store.ctx.db)).toEqual(before);
  });

  it('keeps nothing for a save that loses a conflict', async () => {
    store = await openTestStore();
    const draft = await store.call('drafts.create', { headline: 'Race' });
    saved(await store.call('drafts.save', { id: draft.id, expectedVersion: 1, reason: 'manual', headline: 'Mine' }));
    const before = await storeState(store.ctx.db);
    expect(
      (await store.call('drafts.save', { id: draft.id, expectedVersion: 1, reason: 'manual', headline: 'Theirs' }))
        .kind,
    ).toBe('conflict');
    expect(await storeState(store.ctx.db)).toEqual(before);
  });
});

describe('restoring a revision', () => {
  it('restores content as a new revision, keeps the replaced state, and can go back', async () => {
    store = await openTestStore();
    const created = await store.call('drafts.create', {
      headline: 'First',
      tags: ['Alpha'],
      sources: [{ id: 'src-a', outlet: 'Wire A', url: 'https://a.example/' }],
      body: doc('The first words.'),
    });
    // v2: a manual revision holds it.
    const v2 = saved(
      await store.call('drafts.save', {
        id: created.id,
        expectedVersion: 1,
        reason: 'manual',
        headline: 'Second',
        body: doc('The second words, longer.'),
      }),
    );
    const [manual] = await revisions(created.id);
    // v3: an autosave inside five minutes, so no revision holds it.
    store.clock.advance(MINUTE);
    const v3 = saved(
      await store.call('drafts.save', {
        id: created.id,
        expectedVersion: v2.version,
        headline: 'Third',
        tags: ['Beta', 'Gamma'],
        sources: [{ id: 'src-b', outlet: 'Wire B', url: 'https://b.example/' }],
        body: doc('The third words, the longest of them all.'),
      }),
    );
    expect(await revisions(created.id)).toHaveLength(1);
    const inReview = saved(
      await store.call('drafts.setStatus', { id: created.id, expectedVersion: v3.version, status: 'in_review' }),
    );
    expect(inReview.version).toBe(4);

    // A stale version is a conflict and writes nothing.
    const before = await storeState(store.ctx.db);
    expect((await store.call('revisions.restore', { id: manual!.id, expectedVersion: 3 })).kind).toBe('conflict');
    expect(await storeState(store.ctx.db)).toEqual(before);

    store.clock.advance(MINUTE);
    const restored = saved(await store.call('revisions.restore', { id: manual!.id, expectedVersion: 4 }));
    expect(restored).toMatchObject({
      headline: 'Second',
      version: 5,
      tags: ['Alpha'],
      status: 'in_review',
      wordCount: 4,
    });
    expect(restored.body).toEqual(doc('The second words, longer.'));
    expect(restored.sources.map((s) => s.id)).toEqual(['src-a']);

    // v4 was held by its status revision, so nothing extra was kept for it.
    const afterFirst = await revisions(created.id);
    expect(afterFirst.map((r) => [r.reason, r.draftVersion, r.restoredFrom])).toEqual([
      ['restore', 5, manual!.id],
      ['status', 4, null],
      ['manual', 2, null],
    ]);
    const statusRevision = afterFirst[1]!;
    expect((await store.call('revisions.get', { id: statusRevision.id })).snapshot.headline).toBe('Third');

    // Restore back to the replaced state: the lineage runs both ways.
    store.clock.advance(MINUTE);
    const back = saved(await store.call('revisions.restore', { id: statusRevision.id, expectedVersion: 5 }));
    expect(back).toMatchObject({ headline: 'Third', version: 6, tags: ['Beta', 'Gamma'] });
    expect(back.sources.map((s) => s.id)).toEqual(['src-b']);
    const [latest] = await revisions(created.id);
    expect(latest).toMatchObject({ reason: 'restore', draftVersion: 6, restoredFrom: statusRevision.id });

    // Search follows the restored text.
    expect((await store.call('drafts.list', { query: 'longest' })).total).toBe(1);
    expect((await store.call('drafts.list', { query: 'longer' })).total).toBe(0);
  });

  it('snapshots the current state first when no revision holds it', async () => {
    store = await openTestStore();
    const created = await store.call('drafts.create', { headline: 'Original', body: doc('Original text.') });
    saved(await store.call('drafts.save', { id: created.id, expectedVersion: 1, reason: 'manual', headline: 'Kept' }));
    const [kept] = await revisions(created.id);
    // Unsaved-as-revision work: an autosave within five minutes of the manual one.
    const current = saved(
      await store.call('drafts.save', {
        id: created.id,
        expectedVersion: 2,
        headline: 'Work in progress',
        body: doc('Precious new paragraph.'),
      }),
    );
    expect(await revisions(created.id)).toHaveLength(1);

    const restored = saved(await store.call('revisions.restore', { id: kept!.id, expectedVersion: current.version }));
    expect(restored.headline).toBe('Kept');
    const list = await revisions(created.id);
    expect(list.map((r) => [r.reason, r.draftVersion])).toEqual([
      ['restore', 4],
      ['manual', 3],
      ['manual', 2],
    ]);
    expect(list[0]!.restoredFrom).toBe(kept!.id);
    const before = list[1]!;
    expect(before.name).toMatch(/^Before restoring/);
    const held = await store.call('revisions.get', { id: before.id });
    expect(held.snapshot.headline).toBe('Work in progress');
    expect(held.snapshot.body).toEqual(doc('Precious new paragraph.'));

    // And that snapshot brings the work back.
    const back = saved(await store.call('revisions.restore', { id: before.id, expectedVersion: 4 }));
    expect(back.headline).toBe('Work in progress');
    expect(back.body).toEqual(doc('Precious new paragraph.'));
    expect((await revisions(created.id))[0]).toMatchObject({
      reason: 'restore',
      restoredFrom: before.id,
      draftVersion: 5,
    });
    expect(await revisions(created.id)).toHaveLength(4);
  });

  it('writes nothing when the revision already matches the draft', async () => {
    store = await openTestStore();
    const created = await store.call('drafts.create', { headline: 'Same' });
    saved(await store.call('drafts.save', { id: created.id, expectedVersion: 1, reason: 'manual', headline: 'Twice' }));
    const [rev] = await revisions(created.id);
    // Away and back again by autosave, so the current version has no revision of its own.
    saved(await store.call('drafts.save', { id: created.id, expectedVersion: 2, headline: 'Away' }));
    const current = saved(await store.call('drafts.save', { id: created.id, expectedVersion: 3, headline: 'Twice' }));
    const before = await storeState(store.ctx.db);
    const outcome = await store.call('revisions.restore', { id: rev!.id, expectedVersion: current.version });
    expect(outcome.kind).toBe('unchanged');
    expect(await storeState(store.ctx.db)).toEqual(before);
  });

  it('gives not_found for a revision that does not exist', async () => {
    store = await openTestStore();
    await expectAppError(store.call('revisions.get', { id: 999 }), 'not_found');
    await expectAppError(store.call('revisions.restore', { id: 999, expectedVersion: 1 }), 'not_found');
  });
});

describe('revision storage', () => {
  it('stores snapshots compressed, and reads them back whole', async () => {
    store = await openTestStore();
    const draft = await createFixtureDraft(validated(store), 'energy-truce-analysis');
    saved(
      await store.call('drafts.save', {
        id: draft.id,
        expectedVersion: draft.version,
        reason: 'manual',
        dek: `${draft.dek} (updated)`,
      }),
    );
    const [summary] = await revisions(draft.id);
    const row = await store.ctx.db.get<{ snapshot: Buffer }>('SELECT snapshot FROM revisions WHERE id = ?', [
      summary!.id,
    ]);
    const revision = await store.call('revisions.get', { id: summary!.id });
    const json = JSON.stringify(revision.snapshot);
    expect(Buffer.isBuffer(row!.snapshot)).toBe(true);
    expect(row!.snapshot.length).toBeLessThan(Buffer.byteLength(json) / 2);
    expect(JSON.parse(brotliDecompressSync(row!.snapshot).toString('utf8'))).toEqual(revision.snapshot);

    const current = await store.call('drafts.get', { id: draft.id });
    expect(revision.snapshot).toEqual({
      headline: current.headline,
      dek: current.dek,
      slug: current.slug,
      section: current.section,
      byline: current.byline,
      status: current.status,
      body: current.body,
      tags: current.tags,
      sources: current.sources,
      topImage: current.topImage,
      datePublished: current.datePublished,
      dateModified: current.dateModified,
    });
    expect(revision.wordCount).toBe(current.wordCount);
    expect(revision.draftVersion).toBe(current.version);
  });
});
