import mammoth from 'mammoth';
import { apiContract, type ApiParsed } from '../../common/api';
import { emptyPieceFields, type Source } from '../../common/domain';
import { canonicalDocument } from '../../common/export/canonical';
import type { ImageRef } from '../../common/import/frontMatter';
import { htmlToLexical } from '../../common/import/html';
import { IMPORT_LIMITS, ImportRefusal, tooLarge } from '../../common/import/limits';
import { FrontMatterError, importMarkdown, type ImportedPiece } from '../../common/import/markdown';
import { plainText, wordCount, type LexicalDocument } from '../../common/lexical/document';
import { figuresOf } from '../../common/nodes/figure/figureJson';
import { resolveFigureImages } from '../../common/nodes/figure/resolveFigureImages';
import type { PreparedBody } from '../services/draftWrites';
import { checkDocxZip } from './docxZip';
import type { ImageMeta } from './resolveImages';
import { decodeText } from './sniffText';

/**
 * One imported file's bytes → a piece, with every check that can be made
 * before parsing made first (size, what the bytes are, nesting, a Word
 * file's unpacked size), then, once the caller has imported its images, the
 * draft's validated fields and its body serialized for the store. Runs in
 * the import worker (parseWorker.ts), off the main process's event loop;
 * touches neither the store nor the disk, so the caller imports the images
 * and writes the draft without ever holding the body.
 */

export type ImportKind = 'markdown' | 'html' | 'docx';

export const IMPORT_KINDS: Record<ImportKind, { label: string; maxBytes: number }> = {
  markdown: { label: 'Markdown', maxBytes: IMPORT_LIMITS.markdownBytes },
  html: { label: 'HTML', maxBytes: IMPORT_LIMITS.htmlBytes },
  docx: { label: 'Word', maxBytes: IMPORT_LIMITS.docxBytes },
};

export interface ParseJob {
  kind: ImportKind;
  bytes: Uint8Array;
  /** The file's name, for messages. */
  fileName: string;
  /** The headline when the file names none. */
  fallbackTitle: string;
}

export function checkSize(kind: ImportKind, bytes: number): void {
  if (bytes > IMPORT_KINDS[kind].maxBytes) throw tooLarge(IMPORT_KINDS[kind].label, bytes, IMPORT_KINDS[kind].maxBytes);
}

export async function parseImportFile(job: ParseJob): Promise<ImportedPiece> {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  checkSize(job.kind, bytes.length);
  switch (job.kind) {
    case 'markdown':
      return importMarkdown(decodeText(bytes, 'Markdown'), { fallbackTitle: job.fallbackTitle });
    case 'html':
      return pieceFromHtml(decodeText(bytes, 'HTML'), job.fallbackTitle, []);
    case 'docx':
      return pieceFromDocx(bytes, job.fileName, job.fallbackTitle);
  }
}

/** An image a file carries inside itself, as a `data:` URI (a Word document's own images arrive so from mammoth). */
const DATA_URI = /^data:(image\/[a-z+.-]+);base64,([A-Za-z0-9+/=\s]+)$/i;

/** The bytes of an embedded image, in an array that owns its memory (so it can move between threads), or null. */
export function embeddedImageBytes(src: string): Uint8Array<ArrayBuffer> | null {
  const data = DATA_URI.exec(src);
  return data ? new Uint8Array(Buffer.from(data[2]!.replace(/\s+/g, ''), 'base64')) : null;
}

/**
 * What the caller needs of a parsed piece to import its images: each figure's first appearance, and the top image.
 * An embedded image comes as its bytes under a short `src`: decoding a 20 MB data: URI took the main thread 250 ms.
 */
export interface ParsedImport {
  figures: Array<{ src: string; meta: Required<ImageMeta>; bytes?: Uint8Array<ArrayBuffer> }>;
  topImage: ImageRef | null;
  warnings: string[];
}

/** The summary to send, and each embedded image's short `src` with the data: URI it stands for in the piece. */
export function summarize(piece: ImportedPiece): { parsed: ParsedImport; embedded: Map<string, string> } {
  const seen = new Set<string>();
  const figures: ParsedImport['figures'] = [];
  const embedded = new Map<string, string>();
  for (const figure of figuresOf(piece.body)) {
    const { image: src, ...meta } = figure;
    if (seen.has(src)) continue;
    seen.add(src);
    // The library's record of a new image takes its words from the first figure that shows it.
    const bytes = embeddedImageBytes(src);
    if (!bytes) {
      figures.push({ src, meta });
      continue;
    }
    const key = `embedded image ${embedded.size + 1}`;
    embedded.set(key, src);
    figures.push({ src: key, meta, bytes });
  }
  return { parsed: { figures, topImage: piece.topImage, warnings: piece.warnings }, embedded };
}

export interface PreparedDraft {
  input: Omit<ApiParsed<'drafts.create'>, 'body'>;
  body: PreparedBody;
}

/** The draft as the store takes it, once each figure's `src` has its image id (null: left as a link). */
export function prepareDraft(
  piece: ImportedPiece,
  imageIds: ReadonlyMap<string, string | null>,
  topImage: string | null,
): PreparedDraft {
  const { warnings: _warnings, ...fields } = piece;
  const { body, ...input } = apiContract['drafts.create'].input.parse({
    ...fields,
    topImage,
    body: resolveFigureImages(piece.body, (src) => imageIds.get(src) ?? null),
  });
  const text = plainText(body!);
  // As UTF-8 bytes, which move to the main thread without a copy and which SQLite takes as they are.
  // TextEncoder's arrays own their buffers (Buffer.from may share its pool), so they can be transferred.
  const utf8 = new TextEncoder();
  return {
    input,
    body: { json: utf8.encode(JSON.stringify(body)), text: utf8.encode(text), words: wordCount(body!.root.children) },
  };
}

/** What the writer is told when a file cannot be parsed or its piece cannot be saved. */
export function parseFailure(err: unknown): string {
  if (err instanceof FrontMatterError) return `Invalid front matter: ${err.message}`;
  if (err && typeof err === 'object' && 'issues' in err && Array.isArray((err as { issues: unknown[] }).issues)) {
    const issues = (err as { issues: Array<{ path: PropertyKey[]; message: string }> }).issues;
    return `The piece cannot be saved: ${issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`;
  }
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return `The file nests its contents too deeply to read; imports are limited to ${IMPORT_LIMITS.nestingLevels} levels.`;
  }
  return err instanceof Error ? err.message : String(err);
}

function pieceFromHtml(html: string, fallbackTitle: string, warnings: string[]): ImportedPiece {
  const converted = htmlToLexical(html, warnings);
  const blocks = converted.blocks;
  let headline = fallbackTitle;
  if (blocks[0]?.type === 'heading' && blocks[0].tag === 'h1') {
    headline = textOf(blocks.shift()!);
  }
  const sources: Source[] = converted.sources;
  const body: LexicalDocument = canonicalDocument(
    { root: { type: 'root', version: 1, children: blocks } },
    new Set(sources.map((s) => s.id)),
  );
  return { ...emptyPieceFields(), headline, status: 'draft', sources, body, topImage: null, warnings };
}

function textOf(node: { text?: unknown; children?: unknown }): string {
  if (typeof node.text === 'string') return node.text;
  return Array.isArray(node.children) ? node.children.map(textOf).join('') : '';
}

async function pieceFromDocx(bytes: Buffer, fileName: string, fallbackTitle: string): Promise<ImportedPiece> {
  checkDocxZip(bytes, fileName);
  const warnings: string[] = [];
  let html: string;
  try {
    // Images stay in the HTML as data: URIs (mammoth's default); the caller imports them like any embedded image.
    const converted = await mammoth.convertToHtml({ buffer: bytes }, { styleMap: ['u => u', 'strike => s'] });
    html = converted.value;
    for (const message of converted.messages)
      if (message.type === 'error') warnings.push(`Word file: ${message.message}`);
  } catch (err) {
    throw new ImportRefusal(`${fileName} could not be read as a Word document: ${(err as Error).message}`);
  }
  return pieceFromHtml(html, fallbackTitle, warnings);
}
