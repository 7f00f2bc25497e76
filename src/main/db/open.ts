import { mkdir, open as openFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../common/errors';
import { backupNow, backupToOffer, dailyBackupDue, newestBackup } from './backup';
import { LATEST_VERSION, MIGRATIONS } from './migrations';
import { Database, SqliteError } from './sqlite';
import { storageError } from './storageErrors';

export interface OpenStoreOptions {
  path: string;
  now?: () => number;
  /** Refuse to create a database that does not exist (read-only commands). */
  mustExist?: boolean;
  /** Take the once-a-day backup while opening (the app does; tests opt in). */
  dailyBackup?: boolean;
  /** Told when the background check or backup of a large library finds a problem. */
  onBackgroundProblem?: (error: AppError | Error) => void;
  /** How long a write waits for another process's to finish before saying the database is busy (default 5 s). */
  busyTimeoutMs?: number;
}

export interface OpenedStore {
  db: Database;
  /** Migrations applied during this open, in order. */
  migrated: number[];
  backupTaken: string | null;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Opens the database, refusing anything that could lose a writer's words:
 * a file from a newer Copydesk, a file that is not SQLite, or one that fails
 * its integrity check is left byte-for-byte as it was and reported with the
 * newest backup to go back to.
 */
export async function openStore(options: OpenStoreOptions): Promise<OpenedStore> {
  try {
    return await openChecked(options);
  } catch (err) {
    // A folder it may not write to, a full disk: say which, with the path.
    throw storageError(err, options.path) ?? err;
  }
}

async function openChecked(options: OpenStoreOptions): Promise<OpenedStore> {
  const now = options.now ?? Date.now;
  const { path } = options;
  const size = await fileSize(path);
  // Backups beside a missing or empty file mean a library was here: creating
  // an empty one in its place would hide it (and its daily backups would
  // then push the good ones out), so it is refused like a damaged file.
  if (size === null || size === 0) {
    if (await newestBackup(path))
      throw await corrupt(
        path,
        size === null ? 'the file is missing, though its backups are there' : 'the file is empty (0 bytes)',
        size !== null,
      );
  }
  if (size === null && options.mustExist) {
    throw new AppError('not_found', `There is no Copydesk database at ${path}.`);
  }
  if (size !== null && size > 0) await checkHeader(path, size, ((await fileSize(`${path}-wal`)) ?? 0) > 0);
  if (size === null) await mkdir(dirname(path), { recursive: true });
  const fullCheck = size !== null && size <= FULL_CHECK_AT_OPEN_MAX_BYTES;
  const judged = size !== null && size > 0 ? await inspectReadOnly(path, fullCheck) : null;

  const db = await Database.open(path, { create: size === null });
  try {
    const existing = judged ?? (await inspect(db, path, size !== null && size > 0, fullCheck));
    // The busy timeout first: switching a new file to WAL waits for the other processes opening it too.
    await db.exec(
      `PRAGMA busy_timeout = ${Math.floor(options.busyTimeoutMs ?? 5000)}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;`,
    );

    let backupTaken: string | null = null;
    if (existing > 0 && existing < LATEST_VERSION) {
      backupTaken = (await backupNow(db, path, `before-v${LATEST_VERSION}`, now()))?.path ?? null;
    }
    const migrated = await migrateTo(db, existing);
    if (options.dailyBackup && existing > 0 && backupTaken === null && (await dailyBackupDue(path, now()))) {
      if (fullCheck) backupTaken = (await backupNow(db, path, 'daily', now()))?.path ?? null;
      else void dailyBackupInBackground(path, now, options.onBackgroundProblem);
    }
    return { db, migrated, backupTaken };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

async function fileSize(path: string): Promise<number | null> {
  let found;
  try {
    found = await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw (
      storageError(err, path) ??
      new AppError('storage', `Copydesk cannot read its database at ${path}: ${(err as Error).message}`)
    );
  }
  if (found.isDirectory()) {
    throw new AppError(
      'storage',
      `${path} is a folder, not a database file; nothing was changed. Give the path of the file itself, such as ${join(path, 'copydesk.db')}.`,
    );
  }
  return found.size;
}

/**
 * Above this size the full quick_check at every start would keep a writer
 * waiting (15 s at 2.4 GB); such a file gets the cheap structural checks at
 * start and the full check before its daily backup instead.
 */
export const FULL_CHECK_AT_OPEN_MAX_BYTES = 64 * 1024 * 1024;

async function checkHeader(path: string, size: number, walPending: boolean): Promise<void> {
  const handle = await openFile(path, 'r');
  try {
    const head = Buffer.alloc(100);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead < SQLITE_HEADER.length || !head.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) {
      throw await corrupt(path, 'it is not an SQLite database');
    }
    // The header says how many pages the file holds (when its change counter
    // vouches for that number); a shorter file has been cut off. Not while a
    // write-ahead log is waiting: a checkpoint interrupted by a crash may have
    // written the new first page before the pages that grow the file, and
    // those pages are still in the log, which SQLite replays.
    if (!walPending && bytesRead === 100 && head.readUInt32BE(24) === head.readUInt32BE(92)) {
      const pageSize = head.readUInt16BE(16) === 1 ? 65536 : head.readUInt16BE(16);
      const pages = head.readUInt32BE(28);
      if (pages > 0 && size < pages * pageSize) {
        throw await corrupt(
          path,
          `the file is shorter than its header says (${size.toLocaleString('en')} of ${(pages * pageSize).toLocaleString('en')} bytes): it has been truncated`,
        );
      }
    }
  } finally {
    await handle.close();
  }
}

/**
 * Judges an existing file over a read-only connection. Closing a read-write
 * connection checkpoints a leftover WAL (say, after a crash) into the main
 * file, which would change the very file a refusal promises to leave alone.
 * Returns null when a read-only look is impossible (a rollback journal to
 * replay, say); the caller then inspects over its own connection.
 */
async function inspectReadOnly(path: string, fullCheck: boolean): Promise<number | null> {
  let ro: Database;
  try {
    ro = await Database.open(path, { readonly: true });
  } catch {
    return null;
  }
  try {
    return await inspect(ro, path, true, fullCheck);
  } catch (err) {
    if (err instanceof AppError) throw err;
    return null;
  } finally {
    await ro.close().catch(() => undefined);
  }
}

/** Reads the schema version and checks integrity without writing a byte. */
async function inspect(db: Database, path: string, existed: boolean, fullCheck: boolean): Promise<number> {
  if (!existed) return 0;
  let version: number;
  try {
    version = (await db.get<{ user_version: number }>('PRAGMA user_version'))?.user_version ?? 0;
  } catch (err) {
    throw await corruptFrom(err, path);
  }
  if (version > LATEST_VERSION) {
    throw new AppError(
      'database_newer',
      `This database was written by a newer version of Copydesk (schema ${version}; this version knows up to ${LATEST_VERSION}). ` +
        `Update Copydesk to open it. The file was not changed: ${path}`,
    );
  }
  if (fullCheck) await verifyIntegrity(db, path);
  else {
    try {
      await db.get('SELECT count(*) FROM sqlite_schema');
    } catch (err) {
      throw await corruptFrom(err, path);
    }
  }
  return version;
}

export async function verifyIntegrity(db: Database, path: string): Promise<void> {
  let rows: Array<{ quick_check: string }>;
  try {
    rows = await db.all<{ quick_check: string }>('PRAGMA quick_check');
  } catch (err) {
    throw await corruptFrom(err, path);
  }
  if (rows.length !== 1 || rows[0]!.quick_check !== 'ok') {
    throw await corrupt(path, `its integrity check failed (${rows[0]?.quick_check ?? 'no answer'})`);
  }
}

async function corruptFrom(err: unknown, path: string): Promise<unknown> {
  if (err instanceof SqliteError && /CORRUPT|NOTADB/.test(err.sqliteCode)) return corrupt(path, err.message);
  return err;
}

async function corrupt(path: string, why: string, exists = true): Promise<AppError> {
  const backup = await backupToOffer(path);
  const offer = backup
    ? ` The newest backup is from ${new Date(backup.createdAt).toLocaleString('en-GB')}: ${backup.path}`
    : ' There is no backup to go back to.';
  const kept = exists ? `The file was left exactly as it was: ${path}.` : `Nothing was created in its place: ${path}.`;
  return new AppError(
    'database_corrupt',
    `Copydesk cannot open its database because ${why}. ${kept}${offer}`,
    backup ? { backup: backup.path } : undefined,
  );
}

/** Applies the migrations after `from` up to `to`; tests use `to` to stop at an earlier schema. */
export async function migrateTo(db: Database, from: number, to = LATEST_VERSION): Promise<number[]> {
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (migration.version <= from || migration.version > to) continue;
    // The version read before is only a guess: another process opening the
    // same new file may have applied this migration since. Under the write
    // lock (BEGIN IMMEDIATE) the answer is final.
    const ran = await db.transaction(async (tx) => {
      const current = (await tx.get<{ user_version: number }>('PRAGMA user_version'))?.user_version ?? 0;
      if (current >= migration.version) return false;
      await tx.exec(migration.sql);
      await tx.exec(`PRAGMA user_version = ${migration.version}`);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}

/**
 * For a large library: the full integrity check and the daily copy run on a
 * read-only connection of their own, so the writer is never kept waiting and
 * no statement of theirs queues behind a long copy.
 */
async function dailyBackupInBackground(
  path: string,
  now: () => number,
  report?: (error: AppError | Error) => void,
): Promise<void> {
  let ro: Database | null = null;
  try {
    ro = await Database.open(path, { readonly: true });
    await verifyIntegrity(ro, path);
    await backupNow(ro, path, 'daily', now());
  } catch (err) {
    (report ?? ((e: Error) => console.error(`copydesk: daily check and backup failed: ${e.message}`)))(err as Error);
  } finally {
    await ro?.close().catch(() => undefined);
  }
}
