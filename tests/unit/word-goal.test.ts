import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { goalProgress, readWordGoal, WORD_GOAL_MAX } from '../../src/common/wordGoal';
import { migrateTo } from '../../src/main/db/open';
import { Database } from '../../src/main/db/sqlite';
import { dispatch } from '../../src/main/ipc/dispatch';
import { openTestStore, tempDir, withTestShell, type TestStore } from '../support/store';
import { closeAndRemove, doc, expectAppError } from './_support';

/** A piece's word-count goal (#15): what the Goal field reads, the progress it shows, and how the store keeps it. */

describe('reading the Goal field', () => {
  it('reads whole numbers, with the thousands separators people type', () => {
    expect(readWordGoal('800')).toEqual({ goal: 800 });
    expect(readWordGoal(' 1,200 ')).toEqual({ goal: 1200 });
    expect(readWordGoal('1 200')).toEqual({ goal: 1200 });
    expect(readWordGoal(String(WORD_GOAL_MAX))).toEqual({ goal: WORD_GOAL_MAX });
  });

  it('reads an empty field as no goal', () => {
    expect(readWordGoal('')).toEqual({ goal: null });
    expect(readWordGoal('   ')).toEqual({ goal: null });
  });

  it('refuses what is not a goal, saying why', () => {
    expect(readWordGoal('eight hundred')).toEqual({
      error: '"eight hundred" is not a number of words. Type a whole number, like 800.',
    });
    expect(readWordGoal('800.5')).toMatchObject({ error: expect.stringContaining('whole number') });
    expect(readWordGoal('-5')).toMatchObject({ error: expect.stringContaining('not a number of words') });
    expect(readWordGoal('12,34')).toMatchObject({ error: expect.stringContaining('not a number of words') });
    expect(readWordGoal('0')).toEqual({ error: 'A word goal is at least 1 word.' });
    expect(readWordGoal('1000000')).toEqual({ error: 'A word goal is at most 100,000 words.' });
  });
});

describe('progress towards the goal', () => {
  it('says how far the piece is, and stops the bar at the goal', () => {
    expect(goalProgress(640, 800)).toEqual({ text: '640 of 800 words', percent: 80, reached: false });
    expect(goalProgress(0, 1500)).toEqual({ text: '0 of 1,500 words', percent: 0, reached: false });
    expect(goalProgress(799, 800)).toMatchObject({ percent: 99, reached: false });
    expect(goalProgress(800, 800)).toMatchObject({ percent: 100, reached: true });
    expect(goalProgress(1200, 800)).toEqual({ text: '1,200 of 800 words', percent: 100, reached: true });
  });
});

describe('the stored goal', () => {
  let store: TestStore;
  afterEach(async () => {
    await closeAndRemove(store);
  });

  it('is kept beside the piece: setting it is not an edit', async () => {
    store = await openTestStore();
    const draft = await store.call('drafts.create', {
      headline: 'Harbour strike',
      body: doc('Ferries stayed in port.'),
    });
    expect(await store.call('drafts.wordGoal', { id: draft.id })).toEqual({ id: draft.id, words: null });
    const revisions = (await store.call('revisions.list', { draftId: draft.id })).length;

    expect(await store.call('drafts.setWordGoal', { id: draft.id, words: 800 })).toEqual({ id: draft.id, words: 800 });
    expect(await store.call('drafts.setWordGoal', { id: draft.id, words: 950 })).toEqual({ id: draft.id, words: 950 });
    expect(await store.call('drafts.wordGoal', { id: draft.id })).toEqual({ id: draft.id, words: 950 });
    const after = await store.call('drafts.get', { id: draft.id });
    expect(after.version).toBe(draft.version);
    expect(after.updatedAt).toBe(draft.updatedAt);
    expect(await store.call('revisions.list', { draftId: draft.id })).toHaveLength(revisions);

    expect(await store.call('drafts.setWordGoal', { id: draft.id, words: null })).toEqual({
      id: draft.id,
      words: null,
    });
    expect(await store.call('drafts.wordGoal', { id: draft.id })).toEqual({ id: draft.id, words: null });
  });

  it('refuses a bad goal with a message naming the field, and keeps the old one', async () => {
    store = await openTestStore();
    const draft = await store.call('drafts.create', { headline: 'Harbour strike' });
    await store.call('drafts.setWordGoal', { id: draft.id, words: 800 });
    const handlers = withTestShell(store);
    for (const [words, message] of [
      [0, 'A word goal is at least 1 word.'],
      [100_001, 'A word goal is at most 100,000 words.'],
      [12.5, 'A word goal is a whole number of words, like 800.'],
      ['800', 'A word goal is a whole number of words, like 800.'],
    ] as const) {
      const result = await dispatch(handlers, 'drafts.setWordGoal', { id: draft.id, words });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid_input');
        expect(result.error.message).toContain(message);
      }
    }
    expect(await store.call('drafts.wordGoal', { id: draft.id })).toEqual({ id: draft.id, words: 800 });
    // The table refuses one too, should anything but the API write it.
    await expect(store.ctx.db.run('UPDATE draft_goals SET words = 0 WHERE draft_id = ?', [draft.id])).rejects.toThrow(
      /CHECK constraint failed/,
    );
  });

  it('belongs to a live piece: refused in the trash, gone with the piece', async () => {
    store = await openTestStore();
    const draft = await store.call('drafts.create', { headline: 'Harbour strike' });
    await store.call('drafts.setWordGoal', { id: draft.id, words: 800 });
    await store.call('drafts.trash', { id: draft.id });
    await expectAppError(store.call('drafts.setWordGoal', { id: draft.id, words: 900 }), 'trashed');
    await store.call('drafts.restore', { id: draft.id });
    expect(await store.call('drafts.wordGoal', { id: draft.id })).toEqual({ id: draft.id, words: 800 });

    await store.call('drafts.trash', { id: draft.id });
    await store.call('drafts.purge', { id: draft.id });
    expect((await store.ctx.db.get<{ n: number }>('SELECT count(*) AS n FROM draft_goals'))!.n).toBe(0);
    await expectAppError(store.call('drafts.wordGoal', { id: draft.id }), 'not_found');
  });
});

describe('migration 12', () => {
  let store: TestStore;
  afterEach(async () => {
    await closeAndRemove(store);
  });

  it("adds the goals' table to a file of schema 11, its pieces without a goal", async () => {
    const { dir } = tempDir();
    const dbPath = join(dir, 'copydesk.db');
    const old = await Database.open(dbPath);
    await migrateTo(old, 0, 11);
    await old.run(
      "INSERT INTO drafts (id, headline, body, body_text, created_at, updated_at) VALUES ('6f1c9a52-3b7e-4d0a-9c1e-2f4b8d6a0e11', 'Old piece', '{}', '', 1, 1)",
    );
    await old.close();

    store = await openTestStore({ dir, dbPath });
    expect(store.migrated).toEqual([12]);
    const id = '6f1c9a52-3b7e-4d0a-9c1e-2f4b8d6a0e11';
    expect(await store.call('drafts.wordGoal', { id })).toEqual({ id, words: null });
    expect(await store.call('drafts.setWordGoal', { id, words: 1200 })).toEqual({ id, words: 1200 });
  });
});
