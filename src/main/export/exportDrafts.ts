import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { apiContract } from '../../common/api';
import type { Draft, DraftStatus, ImageRecord } from '../../common/domain';
import { AppError } from '../../common/errors';
import type { ExportedText, ExportFormat, FolderExportResult } from '../../common/exchange';
import type { ExportImage } from '../../common/export/exportable';
import { toHtml, toHtmlDocument } from '../../common/export/html';
import { toMarkdown } from '../../common/export/markdown';
import { imageIdsOf } from '../../common/nodes/figure/figureJson';
import type { FigureStyle } from '../../common/nodes/figure/figureMarkdown';
import type { StoreContext } from '../services/context';
import { getDraft, listDrafts } from '../services/drafts';
import { getImage } from '../services/images';
import { assetName, ASSETS_DIR, copyAsset } from './assets';
import { createUniqueFile, fileStem } from './fileNames';
import { storageError } from '../db/storageErrors';

/**
 * Export on the Node side: a draft's text for the open piece, or files in a
 * folder for one piece or a whole selection — named by slug, never
 * overwriting (`-2`, `-3`…), with the images copied to `assets/` beside
 * them and linked relatively. One piece's failure is reported and the rest
 * still export.
 */

/** Looks up every image a draft uses; `link` decides each one's href (and may copy the file). */
async function imageLinks(
  ctx: StoreContext,
  draft: Draft,
  warnings: string[],
  link: (record: ImageRecord) => Promise<string> | string,
): Promise<Record<string, ExportImage>> {
  const images: Record<string, ExportImage> = {};
  for (const id of imageIdsOf(draft.body, draft.topImage)) {
    let record: ImageRecord;
    try {
      record = await getImage(ctx, id);
    } catch {
      warnings.push(
        `An image of "${draft.headline || 'Untitled'}" is missing from the library (${id.slice(0, 12)}…); its link points nowhere.`,
      );
      continue;
    }
    images[id] = {
      href: await link(record),
      alt: record.alt,
      caption: record.caption,
      credit: record.credit,
      license: record.license,
    };
  }
  return images;
}

function render(
  draft: Draft,
  format: ExportFormat,
  figureStyle: FigureStyle | undefined,
  images: Record<string, ExportImage>,
  htmlDocument = true,
): string {
  if (format === 'md') return toMarkdown(draft, { images, ...(figureStyle && { figureStyle }) });
  return htmlDocument ? toHtmlDocument(draft, { images }) : toHtml(draft, { images });
}

/** The text of one piece, for "Export as…" of the open piece; links point at `assets/` as a folder export would. */
export async function renderDraft(
  ctx: StoreContext,
  id: string,
  format: ExportFormat,
  options: { figureStyle?: FigureStyle; htmlDocument?: boolean } = {},
): Promise<ExportedText> {
  const draft = await getDraft(ctx, id);
  const warnings: string[] = [];
  const images = await imageLinks(ctx, draft, warnings, (record) => `${ASSETS_DIR}/${assetName(record)}`);
  return {
    text: render(draft, format, options.figureStyle, images, options.htmlDocument ?? true),
    fileName: `${fileStem(draft)}.${format}`,
    assets: Object.entries(images).map(([imageId, image]) => ({ imageId, href: image.href })),
    warnings,
  };
}

export interface ExportSelection {
  ids?: string[];
  filter?: { status?: DraftStatus; tag?: string; section?: string; query?: string };
}

export interface ExportToFolderInput extends ExportSelection {
  dir: string;
  format: ExportFormat;
  figureStyle?: FigureStyle;
}

export interface ExportProgress {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** The drafts a selection means: the given ids in order, or every live draft the filter matches. */
export async function selectDrafts(ctx: StoreContext, selection: ExportSelection): Promise<string[]> {
  if (selection.ids && selection.ids.length > 0) return [...new Set(selection.ids)];
  const ids: string[] = [];
  const filter = selection.filter ?? {};
  for (let offset = 0; ; offset += 500) {
    const page = await listDrafts(
      ctx,
      apiContract['drafts.list'].input.parse({ ...filter, trashed: false, offset, limit: 500 }),
    );
    ids.push(...page.rows.map((r) => r.id));
    if (page.rows.length === 0 || ids.length >= page.total) return ids;
  }
}

export async function exportToFolder(
  ctx: StoreContext,
  input: ExportToFolderInput,
  progress: ExportProgress = {},
): Promise<FolderExportResult> {
  try {
    await mkdir(input.dir, { recursive: true });
  } catch (err) {
    throw new AppError('storage', `Cannot create the folder ${input.dir}: ${(err as Error).message}`);
  }
  const ids = await selectDrafts(ctx, input);
  const result: FolderExportResult = { cancelled: false, written: [], failed: [] };
  // An image shared by many pieces is copied (and checked) once per export.
  const copiedAssets = new Map<string, Promise<string>>();
  for (const [i, id] of ids.entries()) {
    if (progress.signal?.aborted) {
      result.cancelled = true;
      break;
    }
    let headline = '';
    try {
      const draft = await getDraft(ctx, id);
      headline = draft.headline;
      const warnings: string[] = [];
      const copied: string[] = [];
      const images = await imageLinks(ctx, draft, warnings, async (record) => {
        if (!copiedAssets.has(record.id)) copiedAssets.set(record.id, copyAsset(ctx.dataDir, input.dir, record));
        const href = await copiedAssets.get(record.id)!;
        copied.push(href);
        return href;
      });
      const text = render(draft, input.format, input.figureStyle, images);
      const { path, handle } = await createUniqueFile(input.dir, fileStem(draft), input.format);
      try {
        await handle.writeFile(text, 'utf8');
      } finally {
        await handle.close();
      }
      result.written.push({ id, path, assets: copied, warnings });
    } catch (err) {
      result.failed.push({
        id,
        headline,
        message: storageError(err)?.message ?? (err instanceof Error ? err.message : String(err)),
      });
    }
    progress.onProgress?.(i + 1, ids.length);
  }
  return result;
}

/**
 * One piece to the exact file the writer chose in a save dialog, which has
 * already asked before replacing it; its images go to `assets/` beside it.
 * The answer has the shape of a folder export, so one summary shows both.
 */
export async function exportToFile(
  ctx: StoreContext,
  input: { id: string; path: string; format: ExportFormat; figureStyle?: FigureStyle },
): Promise<FolderExportResult> {
  const draft = await getDraft(ctx, input.id);
  const dir = dirname(input.path);
  try {
    const warnings: string[] = [];
    const copied: string[] = [];
    const images = await imageLinks(ctx, draft, warnings, async (record) => {
      const href = await copyAsset(ctx.dataDir, dir, record);
      copied.push(href);
      return href;
    });
    await writeFile(input.path, render(draft, input.format, input.figureStyle, images), 'utf8');
    return { cancelled: false, written: [{ id: draft.id, path: input.path, assets: copied, warnings }], failed: [] };
  } catch (err) {
    const reason =
      storageError(err, input.path)?.message ??
      ((err as NodeJS.ErrnoException).code
        ? `Cannot write ${input.path}: ${(err as Error).message}`
        : (err as Error).message);
    return { cancelled: false, written: [], failed: [{ id: draft.id, headline: draft.headline, message: reason }] };
  }
}
