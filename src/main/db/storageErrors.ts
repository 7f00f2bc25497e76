import { AppError } from '../../common/errors';
import { SqliteError } from './sqlite';

const DISK_FULL = 'The disk refused the write because it is full; nothing was changed. Free some space and try again.';
const DISK_FAILED =
  'The disk refused the write (it reported an input/output error); nothing was changed. Check the disk, then try again.';
const BUSY = 'The database is busy in another window or program; nothing was changed. Try again in a moment.';

/**
 * The one place a failure of the disk, the file system or SQLite becomes
 * words: an AppError a writer can act on, or null for anything else. The
 * store's opening, the API (toApiError), the importer and the command line
 * all ask here.
 * `path` names the file when the caller knows it better than the error does.
 */
export function storageError(err: unknown, path?: string): AppError | null {
  if (err instanceof SqliteError) {
    const code = err.sqliteCode;
    if (code.startsWith('SQLITE_FULL')) return new AppError('storage', DISK_FULL);
    if (code.startsWith('SQLITE_IOERR')) return new AppError('storage', DISK_FAILED);
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new AppError('storage', BUSY);
    if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM'))
      return new AppError('storage', readOnly(path));
    // SQLite cannot tell a folder it may not write from a disk that failed the open.
    if (code.startsWith('SQLITE_CANTOPEN')) {
      return new AppError(
        'storage',
        `The disk or the folder refused to open or create ${path ?? 'the database file'} (is the folder read-only?); nothing was changed. Check the folder's permissions and the disk, then try again.`,
      );
    }
    return null;
  }
  const errno = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof errno !== 'string') return null;
  const where = path ?? (err as NodeJS.ErrnoException).path;
  switch (errno) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new AppError('storage', DISK_FULL);
    case 'EIO':
      return new AppError('storage', DISK_FAILED);
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return new AppError('storage', readOnly(where));
    case 'EISDIR':
      return new AppError(
        'storage',
        `${where ?? 'That path'} is a folder, not a file; nothing was changed. Give the path of a file.`,
      );
    default:
      return null;
  }
}

function readOnly(path: string | undefined): string {
  const what = path ? `${path} or its folder` : 'The database file or its folder';
  return `${path ? `Copydesk may not write to ${what}: it is read-only` : `${what} is read-only`}, so nothing was changed. Check its permissions, or choose a folder you can write to.`;
}
