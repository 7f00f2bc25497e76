import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBackups, restoreBackup } from '../../src/main/db/backup';
import { LATEST_VERSION } from '../../src/main/db/migrations';
import { Database } from '../../src/main/db/sqlite';
import { FileSecretStore, type SecretSealer } from '../../src/main/publish/secretsFile';
import { insertDraft } from '../../src/main/services/draftWrites';
import { startStore } from '../../src/main/store';
import { FIXTURE_IMAGES_DIR } from '../support/fixtures';
import { openTestStore, TestClock } from '../support/store';
import { cleanupAfterEach } from './_cleanup';
import { doc, expectAppError, sha256File } from './_support';

/**
 * A database Copydesk cannot trust is refused, reported with its path and
 * the newest backup, and left byte-for-byte as it was.
 */

const { folder, track } = cleanupAfterEach();

/** A real database with `count` drafts, closed (so its WAL is folded back in). */
async function realDatabase(dir: string, count: number): Promise<string> {
  const store = await openTestStore({ dir });
  // One transaction through the real write path: a few hundred fsyncs would only slow the suite.
  await store.ctx.db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      await insertDraft(tx, store.ctx, {
        headline: `Dispatch number ${i}`,
        tags: i % 25 === 0 ? [`beat-${i % 7}`] : [],
        body: doc(`Paragraph one of dispatch ${i}. `.repeat(20), `Paragraph two of dispatch ${i}. `.repeat(20)),
      });
    }
  });
  await store.close();
  expect(existsSync(`${store.dbPath}-wal`)).toBe(false);
  return store.dbPath;
}

/** Opens `dbPath` through the store the way the app does and returns the refusal. */
async function refuse(dbPath: string, code: 'database_corrupt' | 'database_newer') {
  const before = sha256File(dbPath);
  const size = statSync(dbPath).size;
  const err = await expectAppError(track(startStore({ dbPath, now: new TestClock().now, dailyBackup: true })), code);
  expect(err.message).toContain(dbPath);
  // The main file is exactly as it was; any -wal/-shm SQLite made on the way is irrelevant to that.
  expect(statSync(dbPath).size).toBe(size);
  expect(sha256File(dbPath)).toBe(before);
  // Refusing twice gives the same answer and still changes nothing.
  const again = await expectAppError(startStore({ dbPath }), code);
  expect(again.message).toBe(err.message);
  expect(sha256File(dbPath)).toBe(before);
  return err;
}

describe('refusing a database that is not SQLite', () => {
  it('refuses random bytes, naming the file, with no backup to offer', async () => {
    const dir = folder();
    const dbPath = join(dir, 'copydesk.db');
    writeFileSync(dbPath, randomBytes(64 * 1024));
    const err = await refuse(dbPath, 'database_corrupt');
    expect(err.message).toMatch(/not an SQLite database/);
    expect(err.message).toMatch(/no backup/i);
    expect(err.fields?.backup).toBeUndefined();
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  });

  it('refuses an image file copied over the database', async () => {
    const dir = folder();
    const dbPath = join(dir, 'copydesk.db');
    copyFileSync(join(FIXTURE_IMAGES_DIR, 'not-really.png'), dbPath);
    const err = await refuse(dbPath, 'database_corrupt');
    expect(err.message).toMatch(/not an SQLite database/);
    expect(readFileSync(dbPath).equals(readFileSync(join(FIXTURE_IMAGES_DIR, 'not-really.png')))).toBe(true);
  });

  it('refuses a file that is only the start of an SQLite header', async () => {
    const dbPath = join(folder(), 'copydesk.db');
    writeFileSync(dbPath, 'SQLite for');
    await refuse(dbPath, 'database_corrupt');
  });
});

describe('refusing a damaged database', () => {
  it('refuses a real database cut to half its length', async () => {
    const dir = folder();
    const dbPath = await realDatabase(dir, 300);
    const full = statSync(dbPath).size;
    expect(full).toBeGreaterThan(300 * 1024);
    truncateSync(dbPath, Math.floor(full / 2));
    const err = await refuse(dbPath, 'database_corrupt');
    expect(err.message).toMatch(/no backup/i);
    expect(err.fields?.backup).toBeUndefined();
  });

  it('opens a database whose checkpoint a crash cut short, since the pages the file lacks are still in its log', async () => {
    const dir = folder();
    const dbPath = await realDatabase(dir, 20);
    const crashed = join(dir, 'crashed.db');
    const store = await startStore({ dbPath });
    // A writer that never checkpoints: all that is new stays in the write-ahead log.
    await store.ctx.db.exec('PRAGMA wal_autocheckpoint = 0');
    await store.ctx.db.transaction(async (tx) => {
      for (let i = 0; i < 200; i++)
        await insertDraft(tx, store.ctx, {
          headline: `Late dispatch ${i}`,
          body: doc(`Filed after the backup, number ${i}.`),
        });
    });
    // The crash: the file and its log as they are on disk while the app runs.
    copyFileSync(dbPath, crashed);
    copyFileSync(`${dbPath}-wal`, `${crashed}-wal`);
    await store.close();

    // A checkpoint stopped part-way: the log's newest first page is in the file, the pages that grow it are not.
    const wal = readFileSync(`${crashed}-wal`);
    const pageSize = wal.readUInt32BE(8);
    let firstPage: Buffer | null = null;
    for (let frame = 32; frame + 24 + pageSize <= wal.length; frame += 24 + pageSize) {
      if (wal.readUInt32BE(frame) === 1) firstPage = wal.subarray(frame + 24, frame + 24 + pageSize);
    }
    const file = readFileSync(crashed);
    firstPage!.copy(file, 0);
    writeFileSync(crashed, file);
    expect(file.length).toBeLessThan(firstPage!.readUInt32BE(28) * pageSize);

    const reopened = await startStore({ dbPath: crashed });
    track(reopened);
    expect((await reopened.handlers['drafts.list']({ trashed: false, offset: 0, limit: 50 })).total).toBe(220);
    expect(await reopened.ctx.db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  });

  it('offers the newest backup, which restores the drafts it held', async () => {
    const dir = folder();
    const dbPath = await realDatabase(dir, 80);
    const clock = new TestClock();
    // Two daily backups, a day apart: the error must offer the newer.
    for (let day = 0; day < 2; day++) {
      const store = await startStore({ dbPath, now: clock.now, dailyBackup: true });
      expect(store.backupTaken).not.toBeNull();
      await store.close();
      clock.advance(24 * 60 * 60 * 1000);
    }
    const backups = await listBackups(dbPath);
    expect(backups).toHaveLength(2);
    const newest = backups[0]!;

    truncateSync(dbPath, Math.floor(statSync(dbPath).size / 2));
    const err = await refuse(dbPath, 'database_corrupt');
    expect(err.fields?.backup).toBe(newest.path);
    expect(err.message).toContain(newest.path);
    expect(await listBackups(dbPath)).toHaveLength(2);

    // Going back to it keeps the damaged file aside, untouched.
    const damagedHash = sha256File(dbPath);
    const keptAs = await restoreBackup(dbPath, newest.path, clock.now());
    expect(sha256File(keptAs!)).toBe(damagedHash);
    const store = await startStore({ dbPath, now: clock.now });
    track(store);
    expect((await store.handlers['drafts.list']({ trashed: false, offset: 0, limit: 1 })).total).toBe(80);
  });
});

describe('refusing a database from a newer Copydesk', () => {
  it('names the schema versions and the path and changes nothing', async () => {
    const dir = folder();
    const dbPath = await realDatabase(dir, 3);
    const db = await Database.open(dbPath);
    await db.exec(`PRAGMA user_version = ${LATEST_VERSION + 1}`);
    await db.close();
    const err = await refuse(dbPath, 'database_newer');
    expect(err.message).toContain(`schema ${LATEST_VERSION + 1}`);
    expect(err.message).toContain(`up to ${LATEST_VERSION}`);
    expect(err.message).toMatch(/Update Copydesk/);
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  });
});

describe('a database left with its write-ahead log (after a crash)', () => {
  /**
   * Copies a live database and its WAL while the connection is still open,
   * which is what a crash leaves on disk: commits that exist only in the WAL.
   */
  async function crashedCopy(
    prepare: (store: Awaited<ReturnType<typeof openTestStore>>) => Promise<void>,
  ): Promise<string> {
    const live = await openTestStore({ dir: folder() });
    track(live);
    await live.ctx.db.exec('PRAGMA wal_autocheckpoint = 0');
    await prepare(live);
    const dbPath = join(folder(), 'copydesk.db');
    copyFileSync(live.dbPath, dbPath);
    copyFileSync(`${live.dbPath}-wal`, `${dbPath}-wal`);
    expect(statSync(`${dbPath}-wal`).size).toBeGreaterThan(0);
    return dbPath;
  }

  it('refuses a newer database without folding its WAL into the main file', async () => {
    const dbPath = await crashedCopy(async (live) => {
      await live.call('drafts.create', { headline: 'Only in the WAL' });
      await live.ctx.db.exec(`PRAGMA user_version = ${LATEST_VERSION + 1}`);
    });
    const wal = sha256File(`${dbPath}-wal`);
    await refuse(dbPath, 'database_newer');
    // The log is still there, so the newer Copydesk finds its last commits.
    expect(existsSync(`${dbPath}-wal`)).toBe(true);
    expect(sha256File(`${dbPath}-wal`)).toBe(wal);
  });

  it('opens a sound one and recovers the commits that were only in the WAL', async () => {
    let id = '';
    const dbPath = await crashedCopy(async (live) => {
      id = (await live.call('drafts.create', { headline: 'Recovered from the WAL', body: doc('Every word.') })).id;
    });
    const store = await startStore({ dbPath });
    track(store);
    expect((await store.handlers['drafts.get']({ id })).headline).toBe('Recovered from the WAL');
    expect(
      (await store.handlers['drafts.list']({ query: 'recovered', trashed: false, offset: 0, limit: 10 })).total,
    ).toBe(1);
  });
});

describe('opening a database that must exist', () => {
  it('gives not_found for a missing file and creates nothing', async () => {
    const dir = folder();
    const dbPath = join(dir, 'nowhere', 'copydesk.db');
    const err = await expectAppError(startStore({ dbPath, mustExist: true }), 'not_found');
    expect(err.message).toContain(dbPath);
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });

  it('opens an existing file as usual', async () => {
    const dir = folder();
    const dbPath = await realDatabase(dir, 1);
    const store = await startStore({ dbPath, mustExist: true });
    track(store);
    expect(store.migrated).toEqual([]);
  });
});

describe('an empty or missing file where a library was', () => {
  /** A library with pieces and two daily backups a day apart; returns the newer backup. */
  async function libraryWithBackups(dir: string): Promise<{ dbPath: string; newest: string; clock: TestClock }> {
    const dbPath = await realDatabase(dir, 12);
    const clock = new TestClock();
    for (let day = 0; day < 2; day++) {
      const store = await startStore({ dbPath, now: clock.now, dailyBackup: true });
      await store.close();
      clock.advance(24 * 60 * 60 * 1000);
    }
    const backups = await listBackups(dbPath);
    expect(backups).toHaveLength(2);
    return { dbPath, newest: backups[0]!.path, clock };
  }

  it('refuses a zero-byte file beside backups, offers the newest, and the restore brings the pieces back', async () => {
    const dir = folder();
    const { dbPath, newest, clock } = await libraryWithBackups(dir);
    truncateSync(dbPath, 0);
    const err = await refuse(dbPath, 'database_corrupt');
    expect(err.message).toMatch(/the file is empty \(0 bytes\)/);
    expect(err.fields?.backup).toBe(newest);
    expect(err.message).toContain(newest);
    expect(statSync(dbPath).size).toBe(0);
    expect(await listBackups(dbPath)).toHaveLength(2);

    const keptAs = await restoreBackup(dbPath, newest, clock.now());
    expect(statSync(keptAs!).size).toBe(0);
    const store = await startStore({ dbPath, now: clock.now });
    track(store);
    expect((await store.handlers['drafts.list']({ trashed: false, offset: 0, limit: 1 })).total).toBe(12);
  });

  it('refuses a missing file beside backups instead of creating an empty one, and restores into its place', async () => {
    const dir = folder();
    const { dbPath, newest, clock } = await libraryWithBackups(dir);
    rmSync(dbPath);
    for (const mustExist of [false, true]) {
      const err = await expectAppError(
        startStore({ dbPath, now: clock.now, dailyBackup: true, mustExist }),
        'database_corrupt',
      );
      expect(err.message).toMatch(/the file is missing/);
      expect(err.message).toMatch(/Nothing was created in its place/);
      expect(err.fields?.backup).toBe(newest);
      expect(existsSync(dbPath)).toBe(false);
    }
    expect(await restoreBackup(dbPath, newest, clock.now())).toBeNull();
    const store = await startStore({ dbPath, now: clock.now });
    track(store);
    expect((await store.handlers['drafts.list']({ trashed: false, offset: 0, limit: 1 })).total).toBe(12);
  });

  it('still creates a new library in a zero-byte file with no backups beside it', async () => {
    const dbPath = join(folder(), 'copydesk.db');
    writeFileSync(dbPath, '');
    const store = await startStore({ dbPath });
    track(store);
    expect(store.migrated.at(-1)).toBe(LATEST_VERSION);
  });
});

describe('a damaged file of publish secrets', () => {
  /** Seals by reversing the bytes: the file handling is what is tested; Electron's safeStorage only runs inside Electron. */
  const sealer: SecretSealer = {
    available: () => true,
    seal: (secret) => Buffer.from(secret, 'utf8').reverse(),
    unseal: (sealed) => Buffer.from(sealed).reverse().toString('utf8'),
    protection: () => 'protected',
  };

  for (const [what, text] of [
    ['half a JSON object', '{"Site": "c2VjcmV0'],
    ['not JSON at all', '\u0000\u0000garbage'],
    ['an empty file', ''],
    ['a JSON list', '["Site"]'],
  ] as const) {
    it(`keeps ${what} aside, says so, and never writes over it`, async () => {
      const dir = folder();
      const file = join(dir, 'publish-secrets.json');
      writeFileSync(file, text);
      const clock = new TestClock();
      const secrets = new FileSecretStore(file, sealer, clock.now);

      const err = await expectAppError(secrets.set('Site', 'new secret'), 'storage');
      expect(err.message).toMatch(/publish secrets was damaged/);
      const keptAs = readdirSync(dir).find((name) => name.startsWith('publish-secrets.json.damaged-'));
      expect(keptAs, readdirSync(dir).join(', ')).toBeDefined();
      expect(err.message).toContain(join(dir, keptAs!));
      expect(readFileSync(join(dir, keptAs!), 'utf8')).toBe(text);
      expect(existsSync(file)).toBe(false);

      // Entered again, the secret is kept in a new file; the damaged one stays as it was.
      await secrets.set('Site', 'new secret');
      expect(await new FileSecretStore(file, sealer).get('Site')).toBe('new secret');
      expect(readFileSync(join(dir, keptAs!), 'utf8')).toBe(text);
    });
  }

  it('reads a sound file as before', async () => {
    const file = join(folder(), 'publish-secrets.json');
    await new FileSecretStore(file, sealer).set('Site', 'sekrit');
    const again = new FileSecretStore(file, sealer);
    expect(await again.get('Site')).toBe('sekrit');
    expect(await again.get('__proto__')).toBeNull();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ Site: sealer.seal('sekrit').toString('base64') });
  });
});
