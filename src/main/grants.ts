import { randomBytes } from 'node:crypto';
import { lstat, mkdir } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import type { ChosenPath, GrantKind } from '../common/api';
import { AppError } from '../common/errors';

/**
 * The only way a file-system path reaches a service from the window: the
 * shell issues an opaque grant for each path the writer chose in a native
 * dialog (or dropped on the window), the API takes the grant, and this
 * module gives back that one path, for the use it was chosen for.
 *
 * - open-files: read exactly that file (import, an image);
 * - save-file: write exactly that file, plus new images in `assets/` beside
 *   it, as "Export as…" promises;
 * - folder: create new files inside that folder and its `assets/` only.
 *
 * Grants live in memory for one process and expire, so a grant seen by a
 * script is worth no more than the writer's last choice.
 */

export const GRANT_TTL_MS = 30 * 60_000;

const WHAT: Record<GrantKind, string> = {
  'open-files': 'a file chosen to open',
  'save-file': 'a file chosen to save to',
  folder: 'a folder chosen to export into',
};

interface Grant {
  kind: GrantKind;
  path: string;
  expires: number;
}

export class Grants {
  private readonly issued = new Map<string, Grant>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = GRANT_TTL_MS,
  ) {}

  /** Called by the shell with what a dialog answered or a real drop carried: never with a path from the window. */
  issue(kind: GrantKind, path: string): ChosenPath {
    if (!isAbsolute(path)) throw new AppError('invalid_input', `Only a full path can be granted, not "${path}".`);
    this.forgetExpired();
    const grant = `grant-${randomBytes(18).toString('base64url')}`;
    const chosen = normalize(path);
    this.issued.set(grant, { kind, path: chosen, expires: this.now() + this.ttlMs });
    return { grant, path: chosen };
  }

  /** The one file an open-files or save-file grant covers. */
  file(grant: string, kind: 'open-files' | 'save-file'): string {
    return this.take(grant, kind);
  }

  /** The folder a folder grant covers; write in it only through `entryInside` and `subfolderInside`. */
  folder(grant: string): string {
    return this.take(grant, 'folder');
  }

  private take(grant: string, kind: GrantKind): string {
    const found = this.issued.get(grant);
    if (!found || found.expires <= this.now()) {
      this.issued.delete(grant);
      throw new AppError(
        'invalid_input',
        `That choice of ${WHAT[kind]} has expired or was not made in this window; choose it again.`,
      );
    }
    if (found.kind !== kind)
      throw new AppError('forbidden', `That grant is for ${WHAT[found.kind]}, not ${WHAT[kind]}; choose again.`);
    return found.path;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [grant, { expires }] of this.issued) if (expires <= now) this.issued.delete(grant);
  }
}

/** Whether `path` is `folder` or below it (both already resolved, links and all). */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** `folder/name` for one plain name: no separator, no `.` or `..`, so it cannot leave the folder. */
export function entryInside(folder: string, name: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new AppError(
      'forbidden',
      `"${name}" is not a plain file name, so it was not written outside the chosen folder.`,
    );
  }
  return join(folder, name);
}

/**
 * Creates (or reuses) `folder/name` as a real folder. An existing link
 * there (to /etc, say) is refused: following it would write outside.
 */
export async function subfolderInside(folder: string, name: string): Promise<string> {
  const path = entryInside(folder, name);
  await mkdir(path, { recursive: true }).catch((err: NodeJS.ErrnoException) => {
    // A dangling link is "there" but not a folder: the check below says so.
    if (err.code !== 'EEXIST') throw err;
  });
  const stat = await lstat(path);
  if (stat.isSymbolicLink() || !stat.isDirectory()) {
    throw new AppError(
      'forbidden',
      `${path} is a link or not a folder, so nothing was written through it; remove it or choose another folder.`,
    );
  }
  return path;
}
