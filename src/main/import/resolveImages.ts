import { access, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImageRecord } from '../../common/domain';
import { isWebUrl } from '../../common/domain';
import { isInside } from '../grants';
import type { StoreContext } from '../services/context';
import { storeImageFile, type ImageSource, type StoredImageFile } from '../services/images';
import { embeddedImageBytes } from './parseFile';

/**
 * Turns the image references an imported file makes (relative paths next
 * to it, absolute paths, file: URLs, data: URIs) into images in the store.
 * A link to a file that is not there is an error for the whole file: the
 * piece would silently lose a picture. A web address cannot be fetched by
 * an offline app: the figure becomes a link to it, with a warning.
 *
 * Choosing a file to import grants its folder's images and nothing else: a
 * link with `..`, one that leads (through a link or an absolute path) out of
 * that folder, and the app's own `copydesk-image:` scheme in a file are
 * refused with a warning naming the reference, and the figure keeps its words.
 *
 * The files are stored at once; their rows wait in `pending` for the
 * transaction that creates the draft, so a file that fails leaves the
 * library as it was.
 */

export class ImportFileError extends Error {}

export type ImageMeta = Partial<Pick<ImageRecord, 'alt' | 'caption' | 'credit' | 'license'>>;

/** The app's own image reference in stored bodies: refused when a file being imported names it. */
const STORED_IMAGE_PREFIX = 'copydesk-image:';

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

type Located = { path: string } | { refused: string } | null;

async function localPath(src: string, fileDir: string): Promise<Located> {
  const candidates: string[] = [];
  if (/^file:/i.test(src)) {
    try {
      candidates.push(fileURLToPath(src));
    } catch (err) {
      return { refused: `it is not a file address this system can open (${(err as Error).message})` };
    }
  } else {
    candidates.push(src);
    try {
      const decoded = decodeURI(src);
      if (decoded !== src) candidates.push(decoded);
    } catch {
      // not percent-encoded
    }
  }
  if (candidates.some((c) => c.split(/[/\\]/).includes('..')))
    return { refused: 'links that climb out with ".." are not followed' };
  const root = await realpath(fileDir);
  for (const candidate of candidates) {
    const path = isAbsolute(candidate) ? candidate : resolve(fileDir, candidate);
    if (!(await exists(path))) continue;
    // Resolved with its links, so a link inside the folder cannot lead out of it.
    if (!isInside(root, await realpath(path)))
      return { refused: 'it is outside the folder of the file being imported' };
    return { path };
  }
  return null;
}

/** Stores an image a file carried inside itself (its bytes decoded on the import worker); returns its store id. */
export async function importEmbeddedImage(
  ctx: StoreContext,
  bytes: Uint8Array,
  meta: ImageMeta,
  pending: StoredImageFile[],
): Promise<string> {
  return storePending(ctx, { name: 'embedded image', bytes, ...meta }, pending);
}

/** Stores an image's file at once; its row waits in `pending` for the draft's transaction. Returns its id. */
async function storePending(ctx: StoreContext, input: ImageSource, pending: StoredImageFile[]): Promise<string> {
  const file = await storeImageFile(ctx, input);
  pending.push(file);
  return file.id;
}

/**
 * Imports one referenced image; returns its store id, or null when it is on
 * the web (left as a link) or refused (a warning says why). A file never
 * names the app's own `copydesk-image:` references (a Word document's images
 * arrive as data URIs).
 */
export async function importReferencedImage(
  ctx: StoreContext,
  src: string,
  filePath: string,
  meta: ImageMeta,
  warnings: string[],
  pending: StoredImageFile[],
): Promise<string | null> {
  const refuse = (why: string): null => {
    warnings.push(
      `The image "${src}" was not imported: ${why}. Only images in the folder of ${basename(filePath)} or below it are imported.`,
    );
    return null;
  };
  if (src.toLowerCase().startsWith(STORED_IMAGE_PREFIX)) {
    return refuse(`"${STORED_IMAGE_PREFIX}" is Copydesk's own internal reference, not a file`);
  }
  const embedded = embeddedImageBytes(src);
  if (embedded) return importEmbeddedImage(ctx, embedded, meta, pending);
  if (isWebUrl(src)) {
    warnings.push(
      `The image ${src} is on the web; Copydesk works offline and does not download it, so it was kept as a link. Save it next to the file to import it.`,
    );
    return null;
  }
  if (!src) throw new ImportFileError('An image has no file name.');
  const located = await localPath(src, dirname(filePath));
  if (!located)
    throw new ImportFileError(
      `The image link "${src}" points to a file that does not exist (looked in ${dirname(filePath)}).`,
    );
  if ('refused' in located) return refuse(located.refused);
  return storePending(ctx, { path: located.path, ...meta }, pending);
}
