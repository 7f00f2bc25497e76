import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Database } from './sqlite';

/**
 * Backups are whole, consistent copies made with `VACUUM INTO`, so they can
 * be opened as they are. They sit in `backups/` beside the database; the
 * newest seven are kept, but a copy of an empty library (no pieces at all,
 * named `…-empty.db`) never pushes out a copy of one with pieces in it.
 */

export const BACKUPS_KEPT = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface BackupInfo {
  path: string;
  createdAt: number;
  /** A copy of a library with no pieces in it. */
  empty: boolean;
}

const EMPTY_SUFFIX = '-empty.db';

export function backupDir(dbPath: string): string {
  return join(dirname(dbPath), 'backups');
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-');
}

/** The time is read from the name, written by the same clock that decides when one is due. */
function parseStamp(rest: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-/.exec(rest);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
  return Number.isNaN(ms) ? null : ms;
}

export async function listBackups(dbPath: string): Promise<BackupInfo[]> {
  const dir = backupDir(dbPath);
  const prefix = `${basename(dbPath, '.db')}-`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const found: BackupInfo[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.db')) continue;
    const createdAt = parseStamp(name.slice(prefix.length));
    if (createdAt !== null) found.push({ path: join(dir, name), createdAt, empty: name.endsWith(EMPTY_SUFFIX) });
  }
  return found.sort((a, b) => b.createdAt - a.createdAt || b.path.localeCompare(a.path));
}

export async function newestBackup(dbPath: string): Promise<BackupInfo | undefined> {
  return (await listBackups(dbPath))[0];
}

/** The backup to offer in place of a damaged file: the newest with pieces in it, else the newest. */
export async function backupToOffer(dbPath: string): Promise<BackupInfo | undefined> {
  const all = await listBackups(dbPath);
  return all.find((b) => !b.empty) ?? all[0];
}

async function holdsNoPieces(source: Database): Promise<boolean> {
  try {
    return (await source.get<{ any: number }>('SELECT EXISTS (SELECT 1 FROM drafts) AS "any"'))?.any === 0;
  } catch {
    return false; // No drafts table: not a library this code can judge, so never treated as the empty one.
  }
}

/**
 * Writes a backup through `source` (an open connection to dbPath) and
 * prunes old ones. The copy is written under a temporary name and renamed,
 * so a crash never leaves a half backup that looks whole. Returns null, and
 * writes nothing, for an empty library when every kept backup has pieces.
 */
export async function backupNow(
  source: Database,
  dbPath: string,
  label: string,
  now: number,
  keep = BACKUPS_KEPT,
): Promise<BackupInfo | null> {
  const empty = await holdsNoPieces(source);
  if (empty && (await listBackups(dbPath)).filter((b) => !b.empty).length >= keep) return null;
  const dir = backupDir(dbPath);
  await mkdir(dir, { recursive: true });
  const target = join(dir, `${basename(dbPath, '.db')}-${stamp(now)}-${label}${empty ? EMPTY_SUFFIX : '.db'}`);
  const partial = `${target}.partial`;
  await rm(partial, { force: true });
  await source.run('VACUUM INTO ?', [partial]);
  await rename(partial, target);
  await pruneBackups(dbPath, keep);
  return { path: target, createdAt: now, empty };
}

/** Keeps the newest `keep`; copies of an empty library go first (oldest first), so they never displace one with pieces. */
export async function pruneBackups(dbPath: string, keep = BACKUPS_KEPT): Promise<void> {
  const all = await listBackups(dbPath);
  const oldestFirst = [...all].reverse();
  const evictionOrder = [...oldestFirst.filter((b) => b.empty), ...oldestFirst.filter((b) => !b.empty)];
  for (const old of evictionOrder.slice(0, Math.max(0, all.length - keep))) await rm(old.path, { force: true });
}

/** A daily backup is due when the newest one is a day old, or there is none. */
export async function dailyBackupDue(dbPath: string, now: number): Promise<boolean> {
  const newest = await newestBackup(dbPath);
  return !newest || now - newest.createdAt >= DAY_MS;
}

/** Where a damaged file is kept, renamed beside the original: `<path>.damaged-<time>`. */
export function keptAsideName(path: string, now: number): string {
  return `${path}.damaged-${stamp(now)}`;
}

/**
 * Puts a backup in place of a damaged (or empty, or missing) database. The
 * damaged file is kept beside it, renamed, never deleted: it may still hold
 * the last words. Returns where it was kept, or null when there was no file.
 */
export async function restoreBackup(dbPath: string, backupPath: string, now: number): Promise<string | null> {
  const keptAs = keptAsideName(dbPath, now);
  let kept: string | null = keptAs;
  await rename(dbPath, keptAs).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
    kept = null;
  });
  for (const suffix of ['-wal', '-shm']) {
    await rename(dbPath + suffix, keptAs + suffix).catch(() => undefined);
  }
  await copyFile(backupPath, dbPath);
  return kept;
}
