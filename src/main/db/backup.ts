import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Database } from './sqlite';

/**
 * Backups are whole, consistent copies made with `VACUUM INTO`, so they can
 * be opened as they are. They sit in `backups/` beside the database; the
 * newest seven are kept.
 */

export const BACKUPS_KEPT = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface BackupInfo {
  path: string;
  createdAt: number;
}

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
    if (createdAt !== null) found.push({ path: join(dir, name), createdAt });
  }
  return found.sort((a, b) => b.createdAt - a.createdAt || b.path.localeCompare(a.path));
}

export async function newestBackup(dbPath: string): Promise<BackupInfo | undefined> {
  return (await listBackups(dbPath))[0];
}

/**
 * Writes a backup through `source` (an open connection to dbPath) and
 * prunes old ones. The copy is written under a temporary name and renamed,
 * so a crash never leaves a half backup that looks whole.
 */
export async function backupNow(source: Database, dbPath: string, label: string, now: number): Promise<BackupInfo> {
  const dir = backupDir(dbPath);
  await mkdir(dir, { recursive: true });
  const target = join(dir, `${basename(dbPath, '.db')}-${stamp(now)}-${label}.db`);
  const partial = `${target}.partial`;
  await rm(partial, { force: true });
  await source.run('VACUUM INTO ?', [partial]);
  await rename(partial, target);
  await pruneBackups(dbPath);
  return { path: target, createdAt: now };
}

export async function pruneBackups(dbPath: string, keep = BACKUPS_KEPT): Promise<void> {
  const all = await listBackups(dbPath);
  for (const old of all.slice(keep)) await rm(old.path, { force: true });
}

/** A daily backup is due when the newest one is a day old, or there is none. */
export async function dailyBackupDue(dbPath: string, now: number): Promise<boolean> {
  const newest = await newestBackup(dbPath);
  return !newest || now - newest.createdAt >= DAY_MS;
}

/**
 * Puts a backup in place of a damaged database. The damaged file is kept
 * beside it, renamed, never deleted: it may still hold the last words.
 */
export async function restoreBackup(dbPath: string, backupPath: string, now: number): Promise<string> {
  const keptAs = `${dbPath}.damaged-${stamp(now)}`;
  await rename(dbPath, keptAs);
  for (const suffix of ['-wal', '-shm']) {
    await rename(dbPath + suffix, keptAs + suffix).catch(() => undefined);
  }
  await copyFile(backupPath, dbPath);
  return keptAs;
}
