import { open, type FileHandle } from 'node:fs/promises';
import { slugify } from '../../common/import/frontMatter';
import { entryInside } from '../grants';

/**
 * Names Windows keeps for devices, with or without an extension: a file
 * called `con.md` or `NUL.html` cannot be created or opened there, so an
 * export folder carried to Windows would lose it.
 */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * A stem every system can hold: without trailing dots or spaces (Windows
 * drops them), and with `_` after a reserved device name (`con` → `con_`).
 */
export function portableStem(stem: string): string {
  const trimmed = stem.replace(/[. ]+$/, '');
  if (trimmed === '') return 'untitled';
  const dot = trimmed.indexOf('.');
  const first = dot === -1 ? trimmed : trimmed.slice(0, dot);
  return WINDOWS_RESERVED.test(first.trimEnd()) ? `${first}_${trimmed.slice(first.length)}` : trimmed;
}

/** The file name stem for a draft: its slug, else one made from the headline, else "untitled". */
export function fileStem(draft: { slug: string; headline: string }): string {
  return portableStem(draft.slug || slugify(draft.headline).slice(0, 80).replace(/-+$/, '') || 'untitled');
}

/**
 * Creates `<stem>.<ext>` in `dir`, or `<stem>-2.<ext>`, `-3`… when that name
 * is taken. Exclusive creation ('wx') means an existing file is never
 * overwritten, even by a second export running at the same time, nor a
 * link there followed out of the folder.
 */
export async function createUniqueFile(
  dir: string,
  stem: string,
  ext: string,
): Promise<{ path: string; handle: FileHandle }> {
  const safe = portableStem(stem);
  for (let n = 1; n < 10_000; n++) {
    const path = entryInside(dir, `${n === 1 ? safe : `${safe}-${n}`}.${ext}`);
    try {
      return { path, handle: await open(path, 'wx') };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`Too many files named ${safe}-N.${ext} in ${dir}.`);
}
