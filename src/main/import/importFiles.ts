import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import mammoth from 'mammoth';
import { apiSchema } from '../../common/api';
import type { Source } from '../../common/domain';
import { AppError } from '../../common/errors';
import type { ImportFilesResult } from '../../common/exchange';
import { canonicalDocument } from '../../common/export/canonical';
import type { LexicalDocument } from '../../common/lexical/document';
import { htmlToLexical } from '../../common/import/html';
import { FrontMatterError, importMarkdown, resolveFigureImages, type ImportedPiece } from '../../common/import/markdown';
import { figuresOf } from '../../common/export/frontMatter';
import type { StoreContext } from '../services/context';
import { createDraft } from '../services/drafts';
import { importImage } from '../services/images';
import { importReferencedImage, ImportFileError, STORED_IMAGE_PREFIX } from './resolveImages';

/**
 * Import on the Node side: Markdown (.md) and Word (.docx) files become
 * drafts, their local images imported into the store. Each file succeeds or
 * fails on its own, with a message that names the problem; the rest still
 * come in.
 */


const MARKDOWN = new Set(['.md', '.markdown', '.mdown', '.mkd', '.txt']);
const HTML = new Set(['.html', '.htm']);

export async function importFiles(ctx: StoreContext, paths: readonly string[], onProgress?: (done: number, total: number) => void): Promise<ImportFilesResult> {
  const result: ImportFilesResult = { imported: [], failed: [] };
  for (const [i, path] of paths.entries()) {
    try {
      const { id, headline, warnings } = await importFile(ctx, path);
      result.imported.push({ path, id, headline, warnings });
    } catch (err) {
      result.failed.push({ path, message: describe(err) });
    }
    onProgress?.(i + 1, paths.length);
  }
  return result;
}

function describe(err: unknown): string {
  if (err instanceof FrontMatterError) return `Invalid front matter: ${err.message}`;
  if (err instanceof ImportFileError || err instanceof AppError) return err.message;
  if (err && typeof err === 'object' && 'issues' in err && Array.isArray((err as { issues: unknown[] }).issues)) {
    const issues = (err as { issues: Array<{ path: PropertyKey[]; message: string }> }).issues;
    return `The piece cannot be saved: ${issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`;
  }
  return err instanceof Error ? err.message : String(err);
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new ImportFileError(`Cannot read ${basename(path)}: ${why}.`);
  }
}

async function importFile(ctx: StoreContext, path: string): Promise<{ id: string; headline: string; warnings: string[] }> {
  const ext = extname(path).toLowerCase();
  const fallbackTitle = basename(path, extname(path));
  let piece: ImportedPiece;
  if (MARKDOWN.has(ext)) piece = importMarkdown((await readBytes(path)).toString('utf8'), { fallbackTitle });
  else if (ext === '.docx') piece = await pieceFromDocx(ctx, await readBytes(path), fallbackTitle);
  else if (HTML.has(ext)) piece = pieceFromHtml((await readBytes(path)).toString('utf8'), fallbackTitle, []);
  else throw new ImportFileError(`${basename(path)} is not a Markdown (.md) or Word (.docx) file.`);

  const warnings = [...piece.warnings];
  const ids = new Map<string, string | null>();
  for (const figure of figuresOf(piece.body)) {
    const src = String(figure.image);
    // The library's record of a new image takes its words from the first figure that shows it.
    const meta = { alt: String(figure.alt), caption: String(figure.caption), credit: String(figure.credit), license: String(figure.license) };
    if (!ids.has(src)) ids.set(src, await importReferencedImage(ctx, src, path, meta, warnings));
  }
  let topImage: string | null = null;
  if (piece.topImage) {
    const { src, ...meta } = piece.topImage;
    topImage = await importReferencedImage(ctx, src, path, meta, warnings);
  }
  const body = resolveFigureImages(piece.body, (src) => ids.get(src) ?? null);
  const input = apiSchema['drafts.create'].parse({
    headline: piece.headline,
    dek: piece.dek,
    slug: piece.slug,
    section: piece.section,
    byline: piece.byline,
    tags: piece.tags,
    status: piece.status,
    sources: piece.sources,
    topImage,
    datePublished: piece.datePublished,
    dateModified: piece.dateModified,
    body,
  });
  const draft = await createDraft(ctx, input);
  return { id: draft.id, headline: draft.headline, warnings };
}

function pieceFromHtml(html: string, fallbackTitle: string, warnings: string[]): ImportedPiece {
  const converted = htmlToLexical(html, warnings);
  const blocks = converted.blocks;
  let headline = fallbackTitle;
  if (blocks[0]?.type === 'heading' && blocks[0].tag === 'h1') {
    headline = textOf(blocks.shift()!);
  }
  const sources: Source[] = converted.sources;
  const body: LexicalDocument = canonicalDocument({ root: { type: 'root', version: 1, children: blocks } }, new Set(sources.map((s) => s.id)));
  return { headline, dek: '', slug: '', section: '', byline: [], tags: [], status: 'draft', sources, body, topImage: null, datePublished: '', dateModified: '', warnings };
}

function textOf(node: { text?: unknown; children?: unknown }): string {
  if (typeof node.text === 'string') return node.text;
  return Array.isArray(node.children) ? node.children.map(textOf).join('') : '';
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

async function pieceFromDocx(ctx: StoreContext, bytes: Buffer, fallbackTitle: string): Promise<ImportedPiece> {
  if (bytes.length < 4 || !bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
    throw new ImportFileError(`${fallbackTitle}.docx is not a Word document: a .docx file is a zip archive, and this one is not.`);
  }
  const warnings: string[] = [];
  let html: string;
  try {
    const converted = await mammoth.convertToHtml(
      { buffer: bytes },
      {
        styleMap: ['u => u', 'strike => s'],
        convertImage: mammoth.images.imgElement(async (image) => {
          const id = await importWordImage(ctx, image);
          return { src: `${STORED_IMAGE_PREFIX}${id}` };
        }),
      },
    );
    html = converted.value;
    for (const message of converted.messages) if (message.type === 'error') warnings.push(`Word file: ${message.message}`);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new ImportFileError(`${fallbackTitle}.docx could not be read as a Word document: ${(err as Error).message}`);
  }
  return pieceFromHtml(html, fallbackTitle, warnings);
}

async function importWordImage(ctx: StoreContext, image: { readAsBase64String(): Promise<string> }): Promise<string> {
  return (await importImage(ctx, { name: 'image from Word', dataBase64: await image.readAsBase64String() })).id;
}
