import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SaveOutcome } from '../../src/common/api';
import type { Draft } from '../../src/common/domain';
import { startStore, type RunningStore } from '../../src/main/store';
import { FIXTURE_IMAGES_DIR } from '../support/fixtures';
import { buildCli, type BuiltCli } from '../support/builtCli';
import { grant, openTestStore, tempDir, type TestStore } from '../support/store';
import { closeAndRemove, doc, expectSearchIndexesInStep, filesUnder } from './_support';

/**
 * Many saves at once, as a fast typist with several windows produces them:
 * each draft version is won by exactly one save, the rest are told they
 * conflicted, and the file stays sound.
 */

let store: TestStore;
const extra: RunningStore[] = [];
afterEach(async () => {
  for (const s of extra.splice(0)) await s.close();
  await closeAndRemove(store);
});

async function expectSound(db: TestStore['ctx']['db']): Promise<void> {
  expect(await db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  expect(await db.all('PRAGMA foreign_key_check')).toEqual([]);
  await expectSearchIndexesInStep(db);
}

function kinds(outcomes: SaveOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
  return counts;
}

async function createMany(n: number): Promise<Draft[]> {
  const drafts: Draft[] = [];
  for (let i = 0; i < n; i++) drafts.push(await store.call('drafts.create', { headline: `Draft ${i}` }));
  return drafts;
}

describe('concurrent saves', () => {
  it('saves 50 different drafts at once, every one of them', async () => {
    store = await openTestStore();
    const drafts = await createMany(50);
    const outcomes = await Promise.all(
      drafts.map((d, i) =>
        store.call('drafts.save', {
          id: d.id,
          expectedVersion: 1,
          headline: `Saved ${i}`,
          tags: [`t${i % 5}`],
          body: doc(`Body ${i}`),
        }),
      ),
    );
    expect(kinds(outcomes)).toEqual({ saved: 50 });
    for (const [i, d] of drafts.entries()) {
      const now = await store.call('drafts.get', { id: d.id });
      expect(now).toMatchObject({ version: 2, headline: `Saved ${i}`, tags: [`t${i % 5}`] });
    }
    expect((await store.call('drafts.list', { query: 'saved' })).total).toBe(50);
    await expectSound(store.ctx.db);
  });

  it('lets exactly one of 50 saves with the same expected version win', async () => {
    store = await openTestStore();
    const [draft] = await createMany(1);
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.call('drafts.save', {
          id: draft!.id,
          expectedVersion: 1,
          headline: `Writer ${i}`,
          body: doc(`Version from writer ${i}`),
        }),
      ),
    );
    expect(kinds(outcomes)).toEqual({ saved: 1, conflict: 49 });
    const winner = outcomes.find((o) => o.kind === 'saved')!;
    if (winner.kind !== 'saved') throw new Error('unreachable');
    for (const o of outcomes) {
      if (o.kind === 'conflict') expect(o.current).toEqual(winner.draft);
    }
    const now = await store.call('drafts.get', { id: draft!.id });
    expect(now).toEqual(winner.draft);
    expect(now.version).toBe(2);
    expect(await store.call('revisions.list', { draftId: draft!.id })).toHaveLength(1);
    expect((await store.call('drafts.list', { query: 'writer' })).total).toBe(1);
    await expectSound(store.ctx.db);
  });

  it('picks one winner per draft when 50 saves race over 10 drafts, with reads in between', async () => {
    store = await openTestStore();
    const drafts = await createMany(10);
    const calls: Array<Promise<unknown>> = [];
    const saves: Array<Promise<SaveOutcome>> = [];
    for (let i = 0; i < 50; i++) {
      const d = drafts[i % 10]!;
      const save = store.call('drafts.save', {
        id: d.id,
        expectedVersion: 1,
        headline: `Round ${i}`,
        reason: i % 3 === 0 ? 'manual' : 'autosave',
      });
      saves.push(save);
      calls.push(save);
      if (i % 5 === 0) calls.push(store.call('drafts.list', { query: 'round' }), store.call('drafts.counts', {}));
    }
    await Promise.all(calls);
    const outcomes = await Promise.all(saves);
    for (const d of drafts) {
      const mine = outcomes.filter((o) => (o.kind === 'conflict' ? o.current.id : o.draft.id) === d.id);
      expect(kinds(mine)).toEqual({ saved: 1, conflict: 4 });
      expect((await store.call('drafts.get', { id: d.id })).version).toBe(2);
    }
    await expectSound(store.ctx.db);
  });

  it('chains 50 saves in order when each waits for the version before it', async () => {
    store = await openTestStore();
    const [draft] = await createMany(1);
    // Fired at once, each with the version it would have after the ones before it.
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.call('drafts.save', { id: draft!.id, expectedVersion: i + 1, headline: `Step ${i}` }),
      ),
    );
    expect(kinds(outcomes)).toEqual({ saved: 50 });
    const now = await store.call('drafts.get', { id: draft!.id });
    expect(now).toMatchObject({ version: 51, headline: 'Step 49' });
    await expectSound(store.ctx.db);
  });

  it('keeps one winner when two connections to the same file race', async () => {
    store = await openTestStore();
    const [draft] = await createMany(1);
    const other = await startStore({ dbPath: store.dbPath, now: store.clock.now });
    extra.push(other);
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const handlers = i % 2 ? other.handlers : store.handlers;
        return handlers['drafts.save']({
          id: draft!.id,
          expectedVersion: 1,
          headline: `Window ${i}`,
          reason: 'autosave',
        });
      }),
    );
    expect(kinds(outcomes)).toEqual({ saved: 1, conflict: 49 });
    expect((await other.handlers['drafts.get']({ id: draft!.id })).version).toBe(2);
    await expectSound(store.ctx.db);
  });
});

describe('concurrent imports and tags', () => {
  it('stores one file and one row when the same image is imported many times at once', async () => {
    store = await openTestStore();
    const bytes = readFileSync(join(FIXTURE_IMAGES_DIR, 'top-image.png'));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        i % 2
          ? store.call('images.import', { file: grant(store, 'open-files', join(FIXTURE_IMAGES_DIR, 'top-image.png')) })
          : store.call('images.import', { name: 'top.png', dataBase64: bytes.toString('base64') }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const ids = new Set(results.map((r) => (r.status === 'fulfilled' ? r.value.id : '')));
    expect(ids.size).toBe(1);
    const files = filesUnder(join(store.dir, 'images'));
    expect(files).toHaveLength(1);
    expect(readFileSync(join(store.dir, 'images', files[0]!)).equals(bytes)).toBe(true);
    expect((await store.ctx.db.get<{ n: number }>('SELECT count(*) AS n FROM images'))!.n).toBe(1);
  });

  it('creates a new tag once when many drafts introduce it at once', async () => {
    store = await openTestStore();
    const drafts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.call('drafts.create', { headline: `Tagged ${i}`, tags: [i % 2 ? 'Breaking' : 'BREAKING'] }),
      ),
    );
    const spellings = new Set(drafts.map((d) => d.tags[0]));
    expect(spellings.size).toBe(1);
    expect(await store.call('tags.list', {})).toEqual([{ name: [...spellings][0], count: 20, description: '' }]);
    await expectSound(store.ctx.db);
  });
});

describe('many command-line processes creating one database', () => {
  /**
   * Each `copydesk import` opens a database no one has created yet, so each
   * runs the migrations; before they re-read the schema version under the
   * write lock, 1 to 6 of 50 failed with "table images already exists".
   * 20 at once reproduced it reliably; CLI_RACE sets another number (50 as
   * the finding had it takes about six minutes on a busy two-core machine).
   */
  const PROCESSES = Number(process.env.CLI_RACE ?? 20);
  let cli: BuiltCli;
  let tmp: { dir: string; cleanup(): void };
  beforeAll(async () => {
    cli = await buildCli();
    tmp = tempDir('copydesk-race-');
  });
  afterAll(() => {
    cli?.cleanup();
    tmp?.cleanup();
  });

  it(`${PROCESSES} imports into a new database at once all succeed, each draft once`, async () => {
    const dbPath = join(tmp.dir, 'library', 'copydesk.db');
    const files = Array.from({ length: PROCESSES }, (_, i) => {
      const file = join(tmp.dir, `piece-${i}.md`);
      writeFileSync(file, `---\ntitle: Race piece ${i}\n---\n\nFiled by process ${i}.\n`);
      return file;
    });
    const runs = await Promise.all(
      files.map((file) => cli.run(['import', file, '--db', dbPath], { timeoutMs: 600_000 })),
    );
    const failures = runs.map((run, i) => ({ i, ...run })).filter((run) => run.code !== 0);
    expect(failures.map((f) => `process ${f.i}: exit ${f.code}: ${f.stderr.trim()}`)).toEqual([]);
    for (const run of runs) expect(run.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);

    const store = await startStore({ dbPath, mustExist: true });
    extra.push(store);
    expect(store.migrated).toEqual([]);
    const { rows, total } = await store.handlers['drafts.list']({ trashed: false, offset: 0, limit: 500 });
    expect(total).toBe(PROCESSES);
    expect(rows.map((r) => r.headline).sort()).toEqual(files.map((_, i) => `Race piece ${i}`).sort());
    expect(await store.ctx.db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    await expectSearchIndexesInStep(store.ctx.db);
  }, 900_000);
});
