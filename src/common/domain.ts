import { z } from 'zod';
import { documentProblem, type LexicalDocument } from './lexical/document';
import { PIECE_DATE_HELP, readPieceDate } from './pieceDate';

/**
 * The domain's shapes and the limits a writer can hit. Schemas validate what
 * comes in over the API; the TypeScript types are derived from them so the
 * two never drift apart.
 */

export const DRAFT_STATUSES = ['draft', 'in_review', 'approved', 'published', 'archived'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export const STATUS_LABELS: Record<DraftStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  approved: 'Approved',
  published: 'Published',
  archived: 'Archived',
};

export const REVISION_REASONS = ['autosave', 'manual', 'status', 'publish', 'restore'] as const;
export type RevisionReason = (typeof REVISION_REASONS)[number];

export const LIMITS = {
  headline: 500,
  dek: 2_000,
  slug: 200,
  section: 200,
  author: 200,
  authors: 50,
  tag: 100,
  tags: 100,
  sources: 500,
  sourceField: 2_000,
  sourceNotes: 10_000,
  /** Serialized body; a 10 MB paste must fit, a runaway document must not. */
  bodyBytes: 32 * 1024 * 1024,
  imageBytes: 50 * 1024 * 1024,
  imageMeta: 2_000,
  query: 500,
  pageSize: 500,
} as const;

export const DraftId = z.uuid({ message: 'That is not a draft id.' });
export const ImageId = z.string().regex(/^[0-9a-f]{64}$/, 'That is not an image id.');

const trimmed = (max: number, label: string) =>
  z
    .string()
    .max(max, `${label} is too long (at most ${max.toLocaleString('en')} characters).`)
    .transform((s) => s.trim());

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const Slug = z
  .string()
  .max(LIMITS.slug, `The slug is too long (at most ${LIMITS.slug} characters).`)
  .refine(
    (s) => s === '' || SLUG_PATTERN.test(s),
    'A slug uses lower-case letters, digits and single hyphens, like "energy-truce-talks".',
  );

/** True for an absolute http or https URL with a host. */
export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export const WebUrlOrEmpty = z
  .string()
  .max(LIMITS.sourceField, 'The URL is too long.')
  .transform((s) => s.trim())
  .refine((s) => s === '' || isWebUrl(s), 'The URL must be a full web address starting with http:// or https://.');

const IsoDate = z
  .string()
  .transform((s) => s.trim())
  .refine(
    (s) => s === '' || (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s))),
    'Dates are written as YYYY-MM-DD.',
  );

/** A piece's publication or update date: '' (none), a day, or a moment with its zone (see pieceDate.ts). */
export const PieceDate = z
  .string()
  .max(64, PIECE_DATE_HELP)
  .transform((s, ctx) => {
    if (s.trim() === '') return '';
    const read = readPieceDate(s);
    if (read) return read.date;
    ctx.addIssue({ code: 'custom', message: `"${s.trim()}" is not a date. ${PIECE_DATE_HELP}` });
    return z.NEVER;
  });

export const SourceInput = z.object({
  id: z.string().min(1).max(100).optional(),
  outlet: trimmed(LIMITS.sourceField, 'The outlet').default(''),
  title: trimmed(LIMITS.sourceField, 'The source title').default(''),
  url: WebUrlOrEmpty.default(''),
  author: trimmed(LIMITS.sourceField, 'The source author').default(''),
  published: IsoDate.default(''),
  accessed: IsoDate.default(''),
  notes: z.string().max(LIMITS.sourceNotes, 'The source notes are too long.').default(''),
});
export type SourceInput = z.input<typeof SourceInput>;

/** A stored source: as its schema gives it, and always with the id the body's citations point at. */
export interface Source extends Omit<z.output<typeof SourceInput>, 'id'> {
  id: string;
}

export const TagName = z
  .string()
  .transform((s) => s.trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1, 'A tag needs a name.').max(LIMITS.tag, `A tag is at most ${LIMITS.tag} characters.`));

/** The key that makes tags unique regardless of case, in any script. */
export function tagKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('und');
}

export const Body = z.custom<LexicalDocument>((value) => documentProblem(value) === null, {
  error: (issue) => documentProblem(issue.input) ?? 'The body is not a Lexical document.',
});

/**
 * A body to save: the document, or its JSON text. The editor's autosave sends
 * text, which crosses from the window to main far more cheaply than the
 * object it stands for; it is parsed and checked here like an object.
 */
export const BodyInput = z
  .custom<LexicalDocument | string>((value) => typeof value === 'string' || documentProblem(value) === null, {
    error: (issue) => documentProblem(issue.input) ?? 'The body is not a Lexical document.',
  })
  .transform((value, ctx): LexicalDocument => {
    if (typeof value !== 'string') return value;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'The body is not valid JSON.' });
      return z.NEVER;
    }
    const problem = documentProblem(parsed);
    if (problem === null) return parsed as LexicalDocument;
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  });

export const DraftFieldsInput = z.object({
  headline: trimmed(LIMITS.headline, 'The headline'),
  dek: trimmed(LIMITS.dek, 'The dek'),
  slug: Slug,
  section: trimmed(LIMITS.section, 'The section'),
  byline: z.array(trimmed(LIMITS.author, 'An author name')).max(LIMITS.authors, `At most ${LIMITS.authors} authors.`),
  body: Body,
  tags: z.array(TagName).max(LIMITS.tags, `At most ${LIMITS.tags} tags.`),
  sources: z.array(SourceInput).max(LIMITS.sources, `At most ${LIMITS.sources} sources.`),
  topImage: ImageId.nullable(),
  /** When the piece was first published (an archive's date), '' if it has not been; see pieceDate.ts. */
  datePublished: PieceDate,
  /** When the published piece was last updated, '' if never. */
  dateModified: PieceDate,
});

/** A piece's content as stored: its validated fields and body, each source with its id. */
export interface DraftContent extends Omit<z.output<typeof DraftFieldsInput>, 'sources'> {
  sources: Source[];
}

/** The fields beside the body: what the fields pane edits, a file imports and a publish sends. */
export type PieceFields = Omit<DraftContent, 'body'>;
export type PieceField = keyof PieceFields;

/** Their names, in the schema's order. */
export const PIECE_FIELDS: readonly PieceField[] = DraftFieldsInput.keyof().exclude(['body']).options;

/** A piece with nothing in it yet. */
export function emptyPieceFields(): PieceFields {
  return {
    headline: '',
    dek: '',
    slug: '',
    section: '',
    byline: [],
    tags: [],
    sources: [],
    topImage: null,
    datePublished: '',
    dateModified: '',
  };
}

/** What a revision keeps: every field a writer could want back. */
export interface DraftSnapshot extends DraftContent {
  status: DraftStatus;
}

export interface Draft extends DraftSnapshot {
  id: string;
  wordCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  trashedAt: string | null;
}

/** A piece as the library lists it: everything but the body. */
export type DraftSummary = Omit<Draft, 'body' | 'sources' | 'topImage' | 'datePublished' | 'dateModified'> & {
  sourceCount: number;
  /** When the piece entered its current status: how long it has waited on the desk. */
  statusChangedAt: string;
  /** Where the piece is published, and whether it was edited after the last publish there. */
  publishedTo: Array<{ target: string; url: string; editedSince: boolean }>;
  /** Present when the list was a search: the best passage, hits marked. */
  snippet?: SnippetPart[];
};

export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface DraftPage {
  rows: DraftSummary[];
  total: number;
  offset: number;
}

export type StatusCounts = Record<DraftStatus, number> & { trashed: number; all: number };

export const ImageMetaInput = z.object({
  alt: trimmed(LIMITS.imageMeta, 'The alt text').optional(),
  caption: trimmed(LIMITS.imageMeta, 'The caption').optional(),
  credit: trimmed(LIMITS.imageMeta, 'The credit line').optional(),
  license: trimmed(LIMITS.imageMeta, 'The license').optional(),
});

/** A library image: its words (each one set, if only to '') and what its bytes are. */
export interface ImageRecord extends Required<z.output<typeof ImageMetaInput>> {
  id: string;
  mime: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  width: number;
  height: number;
  bytes: number;
  createdAt: string;
}

export interface RevisionSummary {
  id: number;
  draftId: string;
  draftVersion: number;
  reason: RevisionReason;
  name: string;
  author: string;
  createdAt: string;
  wordCount: number;
  restoredFrom: number | null;
}

export interface Revision extends RevisionSummary {
  snapshot: DraftSnapshot;
}

/** `waiting`: longest in its current status first, for an editor's desk. */
export const DRAFT_SORTS = ['updated', 'created', 'headline', 'status', 'relevance', 'waiting'] as const;
export type DraftSort = (typeof DRAFT_SORTS)[number];

/** Workflow moves a piece may make; the review issue builds its UI on these. */
export const STATUS_TRANSITIONS: Record<DraftStatus, readonly DraftStatus[]> = {
  draft: ['in_review', 'archived'],
  in_review: ['draft', 'approved', 'archived'],
  approved: ['draft', 'in_review', 'published', 'archived'],
  published: ['draft', 'archived'],
  archived: ['draft'],
};

export const ROLES = ['writer', 'editor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is working at this machine: signs status changes and review notes. */
export interface Profile {
  name: string;
  role: Role;
}

export interface StatusChange {
  id: number;
  from: DraftStatus;
  to: DraftStatus;
  actor: string;
  role: string;
  note: string;
  overrideReason: string;
  createdAt: string;
}

export interface ReviewNote {
  /** Also the id of the mark that anchors the note in the text. */
  id: string;
  draftId: string;
  quote: string;
  body: string;
  author: string;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string;
  replies: Array<{ id: string; body: string; author: string; createdAt: string }>;
}
