import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { z } from 'zod';
import type { ApiParsed } from '../../common/api';
import { LIMITS, type ImageMetaInput, type ImageRecord } from '../../common/domain';
import { AppError } from '../../common/errors';
import { EXTENSIONS, sniffImage } from '../../publishing/imageSniff';
import type { Queryable } from '../db/sqlite';
import type { StoreContext } from './context';
import { isoTime } from '../../common/isoTime';

/**
 * The image library: each file is stored once, named by the SHA-256 of its
 * bytes under `images/` in the data folder, and described by one row.
 */

interface ImageRow {
  id: string;
  mime: ImageRecord['mime'];
  width: number;
  height: number;
  bytes: number;
  alt: string;
  caption: string;
  credit: string;
  license: string;
  created_at: number;
}

function toRecord(row: ImageRow): ImageRecord {
  const { created_at, ...rest } = row;
  return { ...rest, createdAt: isoTime(created_at) };
}

export function imagePath(dataDir: string, id: string, mime: ImageRecord['mime']): string {
  return join(dataDir, 'images', id.slice(0, 2), `${id}.${EXTENSIONS[mime]}`);
}

/** A file the main side has already vetted (a granted file, or one an imported piece links to), or bytes. */
export type ImageSource = (
  { path: string } | { name: string; dataBase64: string } | { name: string; bytes: Uint8Array }
) &
  z.output<typeof ImageMetaInput>;

async function readInput(input: ImageSource): Promise<{ bytes: Buffer; name: string }> {
  if ('path' in input) {
    const name = basename(input.path);
    let size: number;
    try {
      size = (await stat(input.path)).size;
    } catch (err) {
      throw new AppError(
        'not_found',
        `Cannot read ${name}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (err as Error).message}.`,
      );
    }
    if (size > LIMITS.imageBytes)
      throw new AppError('too_large', `${name} is larger than 50 MB; export a smaller version first.`);
    return { bytes: await readFile(input.path), name };
  }
  const bytes =
    'bytes' in input
      ? Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength)
      : Buffer.from(input.dataBase64, 'base64');
  if (bytes.length > LIMITS.imageBytes)
    throw new AppError('too_large', `${input.name} is larger than 50 MB; export a smaller version first.`);
  return { bytes, name: input.name };
}

/** Writes the file under a temporary name, syncs it, then renames it into place. */
async function writeOnce(path: string, bytes: Buffer): Promise<void> {
  try {
    await stat(path);
    return;
  } catch {
    // not there yet
  }
  await mkdir(dirname(path), { recursive: true });
  // A partial of its own: two imports of the same bytes at once must not
  // share (and truncate) one file, and either rename may land last.
  const partial = `${path}.${randomUUID()}.partial`;
  try {
    const handle = await open(partial, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, path);
  } catch (err) {
    // A disk that refused part of the copy leaves no half of it behind.
    await rm(partial, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** Bytes hashed per turn of the event loop: about 1 ms each, so a 50 MB photo never holds the window's process at once. */
const HASH_SLICE = 1024 * 1024;

/** The SHA-256 an image is named by, hashed a slice at a time, yielding between slices. */
async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < bytes.length; at += HASH_SLICE) {
    if (at > 0) await nextTurn();
    hash.update(bytes.subarray(at, at + HASH_SLICE));
  }
  return hash.digest('hex');
}

/** An image whose file is in the library's folder, waiting for the row that makes it part of the library. */
export interface StoredImageFile {
  id: string;
  mime: ImageRecord['mime'];
  width: number;
  height: number;
  bytes: number;
  meta: Meta;
}

/** Checks an image and stores its file (once per content); the library learns of it only from `recordImage`. */
export async function storeImageFile(ctx: StoreContext, input: ImageSource): Promise<StoredImageFile> {
  const { bytes, name } = await readInput(input);
  const sniffed = sniffImage(bytes);
  if (!sniffed.ok) {
    throw new AppError(
      'unsupported_image',
      `${name} cannot be used as an image: ${sniffed.reason}. Copydesk takes PNG, JPEG, GIF and WebP files.`,
    );
  }
  const id = await sha256Hex(bytes);
  await writeOnce(imagePath(ctx.dataDir, id, sniffed.info.mime), bytes);
  const { alt, caption, credit, license } = input;
  return {
    id,
    mime: sniffed.info.mime,
    width: sniffed.info.width,
    height: sniffed.info.height,
    bytes: bytes.length,
    meta: { alt, caption, credit, license },
  };
}

/** Adds a stored image to the library (or updates its words), inside the caller's transaction. */
export async function recordImage(tx: Queryable, ctx: StoreContext, file: StoredImageFile): Promise<ImageRecord> {
  await tx.run(
    `INSERT INTO images (id, mime, width, height, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
    [file.id, file.mime, file.width, file.height, file.bytes, ctx.now()],
  );
  await applyMeta(tx, file.id, file.meta);
  return toRecord((await tx.get<ImageRow>('SELECT * FROM images WHERE id = ?', [file.id]))!);
}

export async function importImage(ctx: StoreContext, input: ImageSource): Promise<ImageRecord> {
  const file = await storeImageFile(ctx, input);
  return ctx.db.transaction((tx) => recordImage(tx, ctx, file));
}

type Meta = Pick<ImageSource, 'alt' | 'caption' | 'credit' | 'license'>;

export async function applyMeta(tx: Queryable, id: string, meta: Meta): Promise<void> {
  for (const key of ['alt', 'caption', 'credit', 'license'] as const) {
    const value = meta[key];
    if (value !== undefined) await tx.run(`UPDATE images SET ${key} = ? WHERE id = ?`, [value, id]);
  }
}

export async function getImage(ctx: StoreContext, id: string): Promise<ImageRecord> {
  const row = await ctx.db.get<ImageRow>('SELECT * FROM images WHERE id = ?', [id]);
  if (!row) throw new AppError('not_found', 'That image is not in the library.');
  return toRecord(row);
}

export function updateImage(ctx: StoreContext, input: ApiParsed<'images.update'>): Promise<ImageRecord> {
  return ctx.db.transaction(async (tx) => {
    const row = await tx.get<ImageRow>('SELECT * FROM images WHERE id = ?', [input.id]);
    if (!row) throw new AppError('not_found', 'That image is not in the library.');
    await applyMeta(tx, input.id, input);
    return toRecord((await tx.get<ImageRow>('SELECT * FROM images WHERE id = ?', [input.id]))!);
  });
}
