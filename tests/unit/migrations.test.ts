import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BACKUPS_KEPT, listBackups } from '../../src/main/db/backup';
import { LATEST_VERSION, MIGRATIONS } from '../../src/main/db/migrations';
import { migrateTo } from '../../src/main/db/open';
import { Database } from '../../src/main/db/sqlite';
import { startStore, type RunningStore } from '../../src/main/store';
import { openTestStore, TestClock } from '../support/store';
import { cleanupAfterEach } from './_cleanup';
import { doc, expectSearchIndexesInStep } from './_support';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

const { folder, track, closeNow } = cleanupAfterEach();

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('migrations from an empty file', () => {
  it('creates every table at the latest version, in WAL mode with foreign keys on', async () => {
    const dir = folder();
    const dbPath = join(dir, 'nested', 'deeper', 'copydesk.db');
    const store = await track(openTestStore({ dir, dbPath }));
    expect(store.migrated).toEqual(range(1, LATEST_VERSION));
    expect(store.backupTaken).toBeNull();
    expect(existsSync(join(dir, 'nested', 'deeper', 'backups'))).toBe(false);

    const db = store.ctx.db;
    expect((await db.get<{ user_version: number }>('PRAGMA user_version'))!.user_version).toBe(LATEST_VERSION);
    expect((await db.get<{ journal_mode: string }>('PRAGMA journal_mode'))!.journal_mode).toBe('wal');
    expect((await db.get<{ foreign_keys: number }>('PRAGMA foreign_keys'))!.foreign_keys).toBe(1);
    const names = (
      await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table','trigger')")
    ).map((r) => r.name);
    for (const name of [
      'drafts',
      'tags',
      'draft_tags',
      'sources',
      'images',
      'revisions',
      'settings',
      'drafts_fts',
      'trash_fts',
      'drafts_fts_insert',
      'drafts_fts_update',
      'drafts_fts_delete',
    ]) {
      expect(names).toContain(name);
    }

    // The fresh store is usable straight away, search included.
    const draft = await store.call('drafts.create', {
      headline: 'Harbour pilots strike',
      body: doc('Ferries stayed in port.'),
    });
    expect((await store.call('drafts.list', { query: 'ferries' })).rows.map((r) => r.id)).toEqual([draft.id]);
    await closeNow(store);

    // Opening again applies nothing and backs nothing up.
    const again = await track(openTestStore({ dir, dbPath }));
    expect(again.migrated).toEqual([]);
    expect(again.backupTaken).toBeNull();
    expect((await again.call('drafts.get', { id: draft.id })).headline).toBe('Harbour pilots strike');
  });

  it('treats an existing zero-byte file as a new database', async () => {
    const dir = folder();
    const dbPath = join(dir, 'copydesk.db');
    const empty = await Database.open(dbPath);
    await empty.close();
    const store = await track(openTestStore({ dir, dbPath }));
    expect(store.migrated).toEqual(range(1, LATEST_VERSION));
    expect(store.backupTaken).toBeNull();
  });

  it('numbers its migrations 1, 2, 3… with no gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(range(1, LATEST_VERSION));
  });
});

const DRAFT_ID = '0b7c1a5e-8a4f-4c47-9d1e-2f3a4b5c6d7e';
const BARE_ID = '1c8d2b6f-9b50-4d58-8e2f-3a4b5c6d7e8f';
const CREATED = Date.parse('2025-03-01T08:00:00Z');

/** Rows a Copydesk of schema `version` could have written, inserted with plain SQL. */
async function seedOldSchema(db: Database, version: number): Promise<number> {
  const columns = (await db.all<{ name: string }>('PRAGMA table_info(drafts)')).map((c) => c.name);
  const body = doc('The ferrymen of Kastellorizo voted to strike at dawn.', 'Talks resume on Thursday.');
  await db.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO drafts (id, headline, dek, slug, section, byline, status, body, body_text, word_count, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        DRAFT_ID,
        'Island ferries halted by walkout',
        'Pilots and crews want hazard pay',
        'island-ferries-halted',
        'Europe',
        JSON.stringify(['Eleni Marou']),
        'in_review',
        JSON.stringify(body),
        'The ferrymen of Kastellorizo voted to strike at dawn.\n\nTalks resume on Thursday.',
        13,
        4,
        CREATED,
        CREATED + HOUR,
      ],
    );
    await tx.run(`INSERT INTO drafts (id, headline, body, version, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)`, [
      BARE_ID,
      'Untagged note about lighthouses',
      JSON.stringify(doc('Keepers remember.')),
      CREATED,
      CREATED,
    ]);
    await tx.run(
      `INSERT INTO tags (id, name, key, created_at) VALUES (1, 'Maritime', 'maritime', ?), (2, 'Labour', 'labour', ?)`,
      [CREATED, CREATED],
    );
    await tx.run(`INSERT INTO draft_tags (draft_id, tag_id, position) VALUES (?, 2, 0), (?, 1, 1)`, [
      DRAFT_ID,
      DRAFT_ID,
    ]);
    await tx.run(
      `INSERT INTO sources (draft_id, id, position, outlet, title, url, author) VALUES
         (?, 'src-1', 0, 'Kathimerini', 'Seamen union statement', 'https://www.ekathimerini.com/x', 'Nikos Vlachos'),
         (?, 'src-2', 1, 'Ta Nea', 'Port authority replies', 'https://www.tanea.gr/y', '')`,
      [DRAFT_ID, DRAFT_ID],
    );
    if (columns.includes('tags_text')) {
      await tx.run('UPDATE drafts SET tags_text = ?, sources_text = ? WHERE id = ?', [
        JSON.stringify(['Labour', 'Maritime']),
        'Kathimerini Seamen union statement Nikos Vlachos https://www.ekathimerini.com/x\nTa Nea Port authority replies https://www.tanea.gr/y',
        DRAFT_ID,
      ]);
    }
  });
  const snapshot = {
    headline: 'Ferries halted',
    dek: '',
    slug: '',
    section: 'Europe',
    byline: [],
    status: 'draft',
    body: doc('An early version.'),
    tags: [],
    sources: [],
    topImage: null,
  };
  const packed = await promisify(brotliCompress)(Buffer.from(JSON.stringify(snapshot)));
  const result = await db.run(
    `INSERT INTO revisions (draft_id, draft_version, reason, name, word_count, created_at, snapshot) VALUES (?, 3, 'manual', 'first cut', 3, ?, ?)`,
    [DRAFT_ID, CREATED, packed],
  );
  expect(version).toBeGreaterThan(0);
  return result.lastID;
}

describe.each(range(1, LATEST_VERSION - 1))('migrations from schema %i', (version) => {
  it('backs the file up, upgrades it, and keeps every row findable', async () => {
    const dir = folder();
    const dbPath = join(dir, 'copydesk.db');
    const old = await Database.open(dbPath);
    expect(await migrateTo(old, 0, version)).toEqual(range(1, version));
    const revisionId = await seedOldSchema(old, version);
    await old.close();

    const store = await track(openTestStore({ dir, dbPath }));
    expect(store.migrated).toEqual(range(version + 1, LATEST_VERSION));

    // The backup was taken before migrating: it sits in backups/ beside the
    // database and still has the old schema and the old rows.
    expect(store.backupTaken).not.toBeNull();
    const backupPath = store.backupTaken!;
    expect(backupPath.startsWith(join(dir, 'backups') + '/')).toBe(true);
    expect(backupPath).toMatch(new RegExp(`copydesk-.*-before-v${LATEST_VERSION}\\.db$`));
    expect(existsSync(backupPath)).toBe(true);
    expect((await listBackups(dbPath)).map((b) => b.path)).toEqual([backupPath]);
    const backup = await Database.open(backupPath, { readonly: true });
    try {
      expect((await backup.get<{ user_version: number }>('PRAGMA user_version'))!.user_version).toBe(version);
      expect((await backup.get<{ n: number }>('SELECT count(*) AS n FROM drafts'))!.n).toBe(2);
    } finally {
      await backup.close();
    }

    // Every field survived.
    const draft = await store.call('drafts.get', { id: DRAFT_ID });
    expect(draft).toMatchObject({
      headline: 'Island ferries halted by walkout',
      dek: 'Pilots and crews want hazard pay',
      slug: 'island-ferries-halted',
      section: 'Europe',
      byline: ['Eleni Marou'],
      status: 'in_review',
      version: 4,
      wordCount: 13,
      tags: ['Labour', 'Maritime'],
      trashedAt: null,
      createdAt: new Date(CREATED).toISOString(),
      // Pieces from before a piece had its own dates have none.
      datePublished: '',
      dateModified: '',
    });
    expect(draft.sources.map((s) => s.id)).toEqual(['src-1', 'src-2']);
    expect(draft.sources[0]).toMatchObject({ outlet: 'Kathimerini', author: 'Nikos Vlachos' });
    const bare = await store.call('drafts.get', { id: BARE_ID });
    expect(bare.tags).toEqual([]);
    expect(bare.sources).toEqual([]);

    // Search finds it by headline, body, tag and source, and the index matches its table.
    const find = async (query: string) => (await store.call('drafts.list', { query })).rows.map((r) => r.id);
    expect(await find('walkout')).toEqual([DRAFT_ID]);
    expect(await find('Kastellorizo')).toEqual([DRAFT_ID]);
    expect(await find('maritime')).toEqual([DRAFT_ID]);
    expect(await find('Vlachos')).toEqual([DRAFT_ID]);
    expect(await find('lighthouses')).toEqual([BARE_ID]);
    await expectSearchIndexesInStep(store.ctx.db);

    // Older revisions still read back; tags still count; the draft can be saved on.
    const revision = await store.call('revisions.get', { id: revisionId });
    expect(revision.snapshot).toMatchObject({ headline: 'Ferries halted', datePublished: '', dateModified: '' });
    expect(await store.call('tags.list', {})).toEqual([
      { name: 'Labour', count: 1, description: '' },
      { name: 'Maritime', count: 1, description: '' },
    ]);
    const saved = await store.call('drafts.save', {
      id: DRAFT_ID,
      expectedVersion: 4,
      headline: 'Island ferries sail again',
      datePublished: '2025-03-02',
    });
    expect(saved.kind === 'saved' && saved.draft.datePublished).toBe('2025-03-02');
    expect(await find('walkout')).toEqual([]);
    expect(await find('sail again')).toEqual([DRAFT_ID]);
    expect((await store.ctx.db.get<{ integrity_check: string }>('PRAGMA integrity_check'))!.integrity_check).toBe('ok');
    await closeNow(store);

    // A second open finds nothing left to do.
    const again = await track(openTestStore({ dir, dbPath }));
    expect(again.migrated).toEqual([]);
    expect(again.backupTaken).toBeNull();
    expect(await listBackups(dbPath)).toHaveLength(1);
  });
});

describe('daily backup', () => {
  async function openAt(dbPath: string, clock: TestClock): Promise<RunningStore> {
    return track(startStore({ dbPath, now: clock.now, dailyBackup: true }));
  }

  it('is not taken for a brand-new, empty database', async () => {
    const dbPath = join(folder(), 'copydesk.db');
    const store = await openAt(dbPath, new TestClock());
    expect(store.backupTaken).toBeNull();
    expect(await listBackups(dbPath)).toEqual([]);
  });

  it('is taken once per day of the clock and only the newest seven are kept', async () => {
    const dir = folder();
    const dbPath = join(dir, 'copydesk.db');
    const clock = new TestClock();
    const first = await openAt(dbPath, clock);
    const draft = await first.handlers['drafts.create']({ headline: 'Kept safe' });
    await closeNow(first);

    const taken: string[] = [];
    for (let day = 0; day < 10; day++) {
      const store = await openAt(dbPath, clock);
      expect(store.backupTaken, `day ${day}`).not.toBeNull();
      expect(store.backupTaken!.startsWith(join(dir, 'backups') + '/')).toBe(true);
      expect(store.backupTaken!).toMatch(/-daily\.db$/);
      taken.push(store.backupTaken!);
      await closeNow(store);

      // Later the same day: no second backup.
      clock.advance(3 * HOUR);
      const sameDay = await openAt(dbPath, clock);
      expect(sameDay.backupTaken, `day ${day}, later`).toBeNull();
      await closeNow(sameDay);
      clock.advance(DAY - 3 * HOUR);
    }

    const kept = await listBackups(dbPath);
    expect(kept).toHaveLength(BACKUPS_KEPT);
    expect(kept.map((b) => b.path).sort()).toEqual(taken.slice(-BACKUPS_KEPT).sort());
    for (const old of taken.slice(0, -BACKUPS_KEPT)) expect(existsSync(old)).toBe(false);

    // A backup is a whole database that opens on its own and holds the draft.
    const elsewhere = folder();
    copyFileSync(kept[0]!.path, join(elsewhere, 'copydesk.db'));
    const newest = await track(openTestStore({ dir: elsewhere }));
    expect((await newest.call('drafts.get', { id: draft.id })).headline).toBe('Kept safe');
  });

  it('of an emptied library never pushes out a backup of one with pieces in it', async () => {
    const dir = folder();
    const dbPath = join(dir, 'copydesk.db');
    const clock = new TestClock();
    const first = await openAt(dbPath, clock);
    const draft = await first.handlers['drafts.create']({ headline: 'The only piece' });
    await closeNow(first);
    // Two days of backups with the piece in them…
    for (let day = 0; day < 2; day++) {
      await closeNow(await openAt(dbPath, clock));
      clock.advance(DAY);
    }
    const good = (await listBackups(dbPath)).map((b) => b.path);
    expect(good).toHaveLength(2);

    // …then the library is emptied, and ten more days of backups follow.
    const emptying = await track(startStore({ dbPath, now: clock.now }));
    await emptying.handlers['drafts.trash']({ id: draft.id });
    await emptying.handlers['drafts.purge']({ id: draft.id });
    await closeNow(emptying);
    for (let day = 0; day < 10; day++) {
      clock.advance(DAY);
      const store = await openAt(dbPath, clock);
      if (store.backupTaken) expect(store.backupTaken).toMatch(/-daily-empty\.db$/);
      await closeNow(store);
    }
    const kept = await listBackups(dbPath);
    expect(kept).toHaveLength(BACKUPS_KEPT);
    for (const path of good) expect(kept.map((b) => b.path)).toContain(path);
    expect(kept.filter((b) => b.empty)).toHaveLength(BACKUPS_KEPT - good.length);

    // Once every kept backup has pieces, a backup of the empty library is not even written.
    for (let day = 0; day < BACKUPS_KEPT; day++) {
      const store = await openAt(dbPath, clock);
      await store.handlers['drafts.create']({ headline: `Piece of day ${day}` });
      await closeNow(store);
      clock.advance(DAY);
      await closeNow(await openAt(dbPath, clock));
    }
    expect((await listBackups(dbPath)).every((b) => !b.empty)).toBe(true);
  });

  it('is not taken when the app does not ask for it', async () => {
    const dbPath = join(folder(), 'copydesk.db');
    const clock = new TestClock();
    await closeNow(await track(startStore({ dbPath, now: clock.now })));
    clock.advance(3 * DAY);
    const store = await track(startStore({ dbPath, now: clock.now }));
    expect(store.backupTaken).toBeNull();
    expect(await listBackups(dbPath)).toEqual([]);
  });
});
