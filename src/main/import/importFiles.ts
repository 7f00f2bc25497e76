import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { ImportFilesResult } from '../../common/exchange';
import type { StoreContext } from '../services/context';
import { createPreparedDraft } from '../services/drafts';
import { checkSize, type ImportKind } from './parseFile';
import { ImportParser } from './parseInWorker';
import { importEmbeddedImage, importReferencedImage, ImportFileError } from './resolveImages';
import { storageError } from '../db/storageErrors';
import type { StoredImageFile } from '../services/images';

/**
 * Import on the Node side: Markdown (.md) and Word (.docx) files become
 * drafts, their local images imported into the store. Each file succeeds or
 * fails on its own, with a message that names the problem; the rest still
 * come in. Files are parsed on a worker thread (parseInWorker.ts), within
 * the limits of common/import/limits.ts; images and the draft are written
 * here.
 */

const MARKDOWN = new Set(['.md', '.markdown', '.mdown', '.mkd', '.txt']);
const HTML = new Set(['.html', '.htm']);

export async function importFiles(
  ctx: StoreContext,
  paths: readonly string[],
  onProgress?: (done: number, total: number) => void,
): Promise<ImportFilesResult> {
  const result: ImportFilesResult = { imported: [], failed: [] };
  const parser = new ImportParser();
  try {
    for (const [i, path] of paths.entries()) {
      try {
        const { id, headline, warnings } = await importFile(ctx, parser, path);
        result.imported.push({ path, id, headline, warnings });
      } catch (err) {
        result.failed.push({ path, message: describe(err) });
      }
      onProgress?.(i + 1, paths.length);
    }
  } finally {
    await parser.close();
  }
  return result;
}

/** Every error met here carries a message written for the writer (the worker's, the store's, the file system's). */
function describe(err: unknown): string {
  const storage = storageError(err);
  if (storage) return storage.message;
  return err instanceof Error ? err.message : String(err);
}

/** The file's bytes, once its size is known to be within the limit for its kind. */
async function readBytes(path: string, kind: ImportKind): Promise<Buffer> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (err) {
    throw unreadable(path, err);
  }
  try {
    const { size } = await file.stat().catch((err: unknown) => {
      throw unreadable(path, err);
    });
    checkSize(kind, size);
    return await file.readFile().catch((err: unknown) => {
      throw unreadable(path, err);
    });
  } finally {
    await file.close();
  }
}

function unreadable(path: string, err: unknown): ImportFileError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'it does not exist'
      : code === 'EISDIR'
        ? 'it is a folder'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EIO'
            ? 'the disk reported an input/output error. Nothing was imported from it'
            : // Opening to read can still meet a full disk (access-time updates, some network file systems).
              code === 'ENOSPC' || code === 'EDQUOT'
              ? 'the disk is full. Nothing was imported from it'
              : (err as Error).message;
  return new ImportFileError(`Cannot read ${basename(path)}: ${why}.`);
}

function kindOf(ext: string): ImportKind | null {
  return MARKDOWN.has(ext) ? 'markdown' : ext === '.docx' ? 'docx' : HTML.has(ext) ? 'html' : null;
}

/** Whether the importer reads a file of this name (by its extension); the shell asks before handing it one. */
export function canImport(path: string): boolean {
  return kindOf(extname(path).toLowerCase()) !== null;
}

async function importFile(
  ctx: StoreContext,
  parser: ImportParser,
  path: string,
): Promise<{ id: string; headline: string; warnings: string[] }> {
  const ext = extname(path).toLowerCase();
  const fallbackTitle = basename(path, extname(path));
  const kind = kindOf(ext);
  if (!kind) throw new ImportFileError(`${basename(path)} is not a Markdown (.md) or Word (.docx) file.`);
  const bytes = await readBytes(path, kind);
  const parsed = await parser.parse({ kind, bytes, fileName: basename(path), fallbackTitle });

  const warnings = [...parsed.warnings];
  // Images are stored as files while the piece is read; the library gains them with the draft, in one transaction.
  const pending: StoredImageFile[] = [];
  const ids = new Map<string, string | null>();
  for (const { src, meta, bytes } of parsed.figures) {
    if (ids.has(src)) continue;
    ids.set(
      src,
      bytes
        ? await importEmbeddedImage(ctx, bytes, meta, pending)
        : await importReferencedImage(ctx, src, path, meta, warnings, pending),
    );
  }
  let topImage: string | null = null;
  if (parsed.topImage) {
    const { src, ...meta } = parsed.topImage;
    topImage = await importReferencedImage(ctx, src, path, meta, warnings, pending);
  }
  const { input, body } = await parser.prepare(basename(path), ids, topImage);
  const draft = await createPreparedDraft(ctx, input, body, pending);
  return { id: draft.id, headline: draft.headline, warnings };
}
