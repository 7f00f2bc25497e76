import { open, type FileHandle } from 'node:fs/promises';
import { slugify } from '../../common/import/frontMatter';
import { entryInside } from '../grants';

/** The file name stem for a draft: its slug, else one made from the headline, else "untitled". */
export function fileStem(draft: { slug: string; headline: string }): string {
  return draft.slug || slugify(draft.headline).slice(0, 80).replace(/-+$/, '') || 'untitled';
}

/**
 * Creates `<stem>.<ext>` in `dir`, or `<stem>-2.<ext>`, `-3`… when that name
 * is taken. Exclusive creation ('wx') means an existing file is never
 * overwritten, even by a second export running at the same time, nor a
 * link there followed out of the folder.
 */
export async function createUniqueFile(dir: string, stem: string, ext: string): Promise<{ path: string; handle: FileHandle }> {
  for (let n = 1; n < 10_000; n++) {
    const path = entryInside(dir, `${n === 1 ? stem : `${stem}-${n}`}.${ext}`);
    try {
      return { path, handle: await open(path, 'wx') };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`Too many files named ${stem}-N.${ext} in ${dir}.`);
}
