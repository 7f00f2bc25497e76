import { mkdir, open as openFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../common/errors';
import { backupNow, dailyBackupDue, newestBackup } from './backup';
import { LATEST_VERSION, MIGRATIONS } from './migrations';
import { Database, SqliteError } from './sqlite';

export interface OpenStoreOptions {
  path: string;
  now?: () => number;
  /** Refuse to create a database that does not exist (read-only commands). */
  mustExist?: boolean;
  /** Take the once-a-day backup while opening (the app does; tests opt in). */
  dailyBackup?: boolean;
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
  const now = options.now ?? Date.now;
  const { path } = options;
  const size = await fileSize(path);
  if (size === null && options.mustExist) {
    throw new AppError('not_found', `There is no Copydesk database at ${path}.`);
  }
  if (size !== null && size > 0) await checkHeader(path);
  if (size === null) await mkdir(dirname(path), { recursive: true });
  const judged = size !== null && size > 0 ? await inspectReadOnly(path) : null;

  const db = await Database.open(path, { create: size === null });
  try {
    const existing = judged ?? (await inspect(db, path, size !== null && size > 0));
    await db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');

    let backupTaken: string | null = null;
    if (existing > 0 && existing < LATEST_VERSION) {
      backupTaken = (await backupNow(db, path, `before-v${LATEST_VERSION}`, now())).path;
    }
    const migrated = await migrateTo(db, existing);
    if (options.dailyBackup && existing > 0 && backupTaken === null && (await dailyBackupDue(path, now()))) {
      backupTaken = (await backupNow(db, path, 'daily', now())).path;
    }
    return { db, migrated, backupTaken };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

async function fileSize(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('storage', `Copydesk cannot read its database at ${path}: ${(err as Error).message}`);
  }
}

async function checkHeader(path: string): Promise<void> {
  const handle = await openFile(path, 'r');
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead < head.length || !head.equals(SQLITE_HEADER)) {
      throw await corrupt(path, 'it is not an SQLite database');
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
async function inspectReadOnly(path: string): Promise<number | null> {
  let ro: Database;
  try {
    ro = await Database.open(path, { readonly: true });
  } catch {
    return null;
  }
  try {
    return await inspect(ro, path, true);
  } catch (err) {
    if (err instanceof AppError) throw err;
    return null;
  } finally {
    await ro.close().catch(() => undefined);
  }
}

/** Reads the schema version and checks integrity without writing a byte. */
async function inspect(db: Database, path: string, existed: boolean): Promise<number> {
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
  let rows: Array<{ quick_check: string }>;
  try {
    rows = await db.all<{ quick_check: string }>('PRAGMA quick_check');
  } catch (err) {
    throw await corruptFrom(err, path);
  }
  if (rows.length !== 1 || rows[0]!.quick_check !== 'ok') {
    throw await corrupt(path, `its integrity check failed (${rows[0]?.quick_check ?? 'no answer'})`);
  }
  return version;
}

async function corruptFrom(err: unknown, path: string): Promise<unknown> {
  if (err instanceof SqliteError && /CORRUPT|NOTADB/.test(err.sqliteCode)) return corrupt(path, err.message);
  return err;
}

async function corrupt(path: string, why: string): Promise<AppError> {
  const backup = await newestBackup(path);
  const offer = backup
    ? ` The newest backup is from ${new Date(backup.createdAt).toLocaleString('en-GB')}: ${backup.path}`
    : ' There is no backup to go back to.';
  return new AppError(
    'database_corrupt',
    `Copydesk cannot open its database because ${why}. The file was left exactly as it was: ${path}.${offer}`,
    backup ? { backup: backup.path } : undefined,
  );
}

/** Applies the migrations after `from` up to `to`; tests use `to` to stop at an earlier schema. */
export async function migrateTo(db: Database, from: number, to = LATEST_VERSION): Promise<number[]> {
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (migration.version <= from || migration.version > to) continue;
    await db.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await tx.exec(`PRAGMA user_version = ${migration.version}`);
    });
    applied.push(migration.version);
  }
  return applied;
}
