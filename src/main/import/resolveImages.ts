import { access } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImageRecord } from '../../common/domain';
import { isWebUrl } from '../../common/domain';
import type { StoreContext } from '../services/context';
import { storeImageFile, type StoredImageFile } from '../services/images';

/**
 * Turns the image references an imported file makes (relative paths next
 * to it, absolute paths, file: URLs, data: URIs) into images in the store.
 * A link to a file that is not there is an error for the whole file: the
 * piece would silently lose a picture. A web address cannot be fetched by
 * an offline app: the figure becomes a link to it, with a warning. The
 * files are stored at once; their rows wait in `pending` for the
 * transaction that creates the draft, so a file that fails leaves the
 * library as it was.
 */

export class ImportFileError extends Error {}

export type ImageMeta = Partial<Pick<ImageRecord, 'alt' | 'caption' | 'credit' | 'license'>>;

const DATA_URI = /^data:(image\/[a-z+.-]+);base64,([A-Za-z0-9+/=\s]+)$/i;
/** Internal reference used for images already imported while converting (e.g. from a .docx). */
export const STORED_IMAGE_PREFIX = 'copydesk-image:';

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function localPath(src: string, fileDir: string): Promise<string | null> {
  if (/^file:/i.test(src)) return fileURLToPath(src);
  const candidates = [src];
  try {
    const decoded = decodeURI(src);
    if (decoded !== src) candidates.push(decoded);
  } catch {
    // not percent-encoded
  }
  for (const candidate of candidates) {
    const path = isAbsolute(candidate) ? candidate : resolve(fileDir, candidate);
    if (await exists(path)) return path;
  }
  return null;
}

/** Imports one referenced image; returns its store id, or null when it is on the web (left as a link). */
export async function importReferencedImage(
  ctx: StoreContext,
  src: string,
  filePath: string,
  meta: ImageMeta,
  warnings: string[],
  pending: StoredImageFile[],
): Promise<string | null> {
  if (src.startsWith(STORED_IMAGE_PREFIX)) return src.slice(STORED_IMAGE_PREFIX.length);
  const store = async (input: Parameters<typeof storeImageFile>[1]): Promise<string> => {
    const file = await storeImageFile(ctx, input);
    pending.push(file);
    return file.id;
  };
  const data = DATA_URI.exec(src);
  if (data) return store({ name: 'embedded image', dataBase64: data[2]!.replace(/\s+/g, ''), ...meta });
  if (isWebUrl(src)) {
    warnings.push(`The image ${src} is on the web; Copydesk works offline and does not download it, so it was kept as a link. Save it next to the file to import it.`);
    return null;
  }
  if (!src) throw new ImportFileError('An image has no file name.');
  const path = await localPath(src, dirname(filePath));
  if (!path) throw new ImportFileError(`The image link "${src}" points to a file that does not exist (looked in ${dirname(filePath)}).`);
  return store({ path, ...meta });
}
