import { createHash } from 'node:crypto';
import { PIECE_FIELDS, type Draft, type ImageRecord, type PieceField, type PieceFields } from '../common/domain';
import type { ExportableDraft, ExportImage } from '../common/export/exportable';
import { imageWordsIn } from '../common/export/frontMatter';
import { toHtml } from '../common/export/html';
import { escapeHtml } from '../common/export/htmlEscape';
import { imageIdsOf } from '../common/nodes/figure/figureJson';
import { pick } from '../common/pick';
import { slugify } from '../common/slug';

/**
 * What a publish sends, frozen when the writer clicks: the draft's fields,
 * its body and the images it uses. The outbox stores this snapshot with the
 * job, so a retry after a restart sends exactly the same piece, and its hash
 * tells an unchanged republish from a changed one.
 */

/** What the writer asks for: kept as a draft, sent for review, or live. */
export const REMOTE_STATUSES = ['draft', 'review', 'publish'] as const;
export type RemoteStatus = (typeof REMOTE_STATUSES)[number];

/** An image the piece uses; its id is the sha256 of the bytes, the content hash media is reused by. */
export type PieceImage = Pick<ImageRecord, 'id' | 'mime' | 'alt' | 'caption' | 'credit' | 'license'>;

/**
 * The piece's own dates (pieceDate.ts) are present only when set: a piece
 * without them hashes as it did before it could have them.
 */
type PieceDates = 'datePublished' | 'dateModified';

export interface Piece
  extends
    Omit<PieceFields, PieceDates>,
    Partial<Pick<PieceFields, PieceDates>>,
    Pick<Draft, 'body' | 'createdAt' | 'updatedAt'> {
  draftId: string;
  /** The draft's slug, or one made from the headline when it has none. */
  slug: string;
  /** The top image first, then every figure's image, each once. */
  images: PieceImage[];
}

/** What a snapshot is made of: the app's draft, or the desk's shared document. */
export type PieceSource = Pick<Draft, 'id' | 'body' | 'createdAt' | 'updatedAt' | PieceField>;

export function pieceOf(draft: PieceSource, images: readonly PieceImage[]): Piece {
  const byId = new Map(images.map((i) => [i.id, i]));
  const { datePublished, dateModified, ...fields } = pick(draft, PIECE_FIELDS);
  return {
    draftId: draft.id,
    ...fields,
    slug: draft.slug || slugify(draft.headline) || `piece-${draft.id.slice(0, 8)}`,
    body: draft.body,
    createdAt: draft.createdAt,
    updatedAt: draft.updatedAt,
    ...(datePublished && { datePublished }),
    ...(dateModified && { dateModified }),
    images: imageIdsOf(draft.body, draft.topImage).flatMap((id) => {
      const record = byId.get(id);
      // The featured image carries the words its figure in the text has, as the export does.
      return record ? [{ id, mime: record.mime, ...imageWordsIn(draft.body, id, record) }] : [];
    }),
  };
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hash of what a target receives: every field, the body, the images' bytes (by id) and words, and the status. Timestamps are left out. */
export function contentHash(piece: Piece, status: RemoteStatus): string {
  const { createdAt: _c, updatedAt: _u, ...content } = piece;
  return createHash('sha256').update(stableJson({ content, status })).digest('hex');
}

export function exportableOf(piece: Piece): ExportableDraft {
  return {
    ...pick(piece, PIECE_FIELDS),
    status: 'approved',
    body: piece.body,
    createdAt: piece.createdAt,
    updatedAt: piece.updatedAt,
    datePublished: piece.datePublished ?? '',
    dateModified: piece.dateModified ?? '',
  };
}

/** The body as the CMS gets it: figures point at `hrefs` (the uploaded copies), citations are footnotes. */
export function pieceHtml(piece: Piece, hrefs: ReadonlyMap<string, string>): string {
  const images: Record<string, ExportImage> = {};
  for (const image of piece.images) {
    images[image.id] = {
      href: hrefs.get(image.id) ?? `copydesk-image:${image.id}`,
      alt: image.alt,
      caption: image.caption,
      credit: image.credit,
      license: image.license,
    };
  }
  return toHtml(exportableOf(piece), { images });
}

/** A caption with its credit, as the body's figcaptions write it. */
export function captionHtml(image: Pick<PieceImage, 'caption' | 'credit'>): string {
  const credit = image.credit ? `<small class="credit">${escapeHtml(image.credit)}</small>` : '';
  return `${escapeHtml(image.caption)}${image.caption && credit ? ' ' : ''}${credit}`;
}

/** The hash of the words a CMS keeps with an uploaded image (alt text, caption with credit): when it changes, the media is brought up to date. */
export function mediaWordsHash(image: Pick<PieceImage, 'alt' | 'caption' | 'credit'>): string {
  return createHash('sha256')
    .update(`${image.alt}\n${captionHtml(image)}`)
    .digest('hex');
}

/** The file name a CMS is given for an image: stable per content, so a lost upload can be found again. */
export function mediaFileName(image: Pick<PieceImage, 'id' | 'mime'>): string {
  const ext = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' }[image.mime];
  return `copydesk-${image.id.slice(0, 16)}.${ext}`;
}

/** The tag that marks a post as this draft's, so a post made before a crash or timeout is found, not duplicated. */
export function markerOf(draftId: string): string {
  return `copydesk:${draftId}`;
}
