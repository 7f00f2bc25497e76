import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import { ImageId, type ImageRecord } from '../../common/domain';
import { AppError } from '../../common/errors';
import { entryInside, subfolderInside } from '../grants';
import { EXTENSIONS } from '../../publishing/imageSniff';
import { imagePath } from '../services/images';

/** Folder beside the exported files that holds their images; links to it are relative. */
export const ASSETS_DIR = 'assets';

export function assetName(image: Pick<ImageRecord, 'id' | 'mime'>): string {
  return `${image.id}.${EXTENSIONS[image.mime]}`;
}

async function sha256OfFile(path: string): Promise<string | null> {
  try {
    return createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  } catch {
    return null;
  }
}

/**
 * Copies a stored image into `<dir>/assets/` under its content hash and
 * returns the relative link to it. The same image shared by several pieces
 * is copied once; a different file already using that name is left alone
 * and the copy gets a suffix. Whatever the store holds, nothing is written
 * outside `<dir>/assets/`: the name is a hash, and `assets` must be a real
 * folder, not a link.
 */
export async function copyAsset(
  dataDir: string,
  dir: string,
  image: Pick<ImageRecord, 'id' | 'mime'>,
): Promise<string> {
  if (!ImageId.safeParse(image.id).success)
    throw new AppError('forbidden', `The image reference "${image.id}" is not an image id, so it was not copied.`);
  const assets = await subfolderInside(dir, ASSETS_DIR);
  const ext = EXTENSIONS[image.mime];
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${image.id}.${ext}` : `${image.id}-${n}.${ext}`;
    const target = entryInside(assets, name);
    const existing = await sha256OfFile(target);
    if (existing === image.id) return `${ASSETS_DIR}/${name}`;
    if (existing === null) {
      try {
        await copyFile(imagePath(dataDir, image.id, image.mime), target, constants.COPYFILE_EXCL);
        return `${ASSETS_DIR}/${name}`;
      } catch (err) {
        // Another export wrote it a moment ago: look again.
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        n--;
      }
    }
  }
}
