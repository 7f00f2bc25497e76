import { parse, YAMLParseError } from 'yaml';
import { PIECE_DATE_HELP, readPieceDate } from '../pieceDate';
import { splitCredit } from './credit';
import {
  DRAFT_STATUSES,
  isWebUrl,
  LIMITS,
  SLUG_PATTERN,
  type DraftSnapshot,
  type DraftStatus,
  type Source,
} from '../domain';

/**
 * Front matter as Hugo, Jekyll, Astro and Obsidian files write it, mapped
 * onto a piece's fields: our keys win, common aliases fill in (the table:
 * docs/ARCHITECTURE.md, "Import").
 */

export class FrontMatterError extends Error {}

export interface ImageRef {
  src: string;
  alt: string;
  caption: string;
  credit: string;
  license: string;
}

/** A piece's fields as the front matter gives them (dates in their stored form, '' when absent), and its images' words. */
export interface FrontMatterFields extends Omit<DraftSnapshot, 'headline' | 'body' | 'sources' | 'topImage'> {
  /** Absent when the file has no title key, so the first heading may be the headline. */
  headline?: string;
  topImage: ImageRef | null;
  /** Null when the file lists none. */
  sources: Source[] | null;
  images: ImageRef[];
}

/** Splits `---` YAML front matter from the body; a file without any is all body. */
export function splitFrontMatter(text: string): { yaml: string | null; body: string; bodyLine: number } {
  const source = text.replace(/^\ufeff/, '');
  if (/^\+\+\+[ \t]*\r?\n/.test(source)) {
    throw new FrontMatterError(
      'The front matter is TOML (between +++ lines); Copydesk reads YAML front matter (between --- lines).',
    );
  }
  const open = /^---[ \t]*\r?\n/.exec(source);
  if (!open) return { yaml: null, body: source, bodyLine: 1 };
  const close = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;
  const rest = source.slice(open[0].length);
  const match = close.exec(rest);
  if (!match) throw new FrontMatterError('The front matter starts with --- but has no closing --- line.');
  const yaml = rest.slice(0, match.index);
  const body = rest.slice(match.index + match[0].length);
  return { yaml, body, bodyLine: 2 + yaml.split('\n').length };
}

export function parseFrontMatter(yaml: string | null): Record<string, unknown> {
  if (yaml === null || yaml.trim() === '') return {};
  let data: unknown;
  try {
    data = parse(yaml, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    const message = err instanceof YAMLParseError ? err.message.split('\n')[0] : (err as Error).message;
    throw new FrontMatterError(`The front matter is not valid YAML: ${message}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data))
    throw new FrontMatterError('The front matter must be a set of "key: value" lines.');
  return data as Record<string, unknown>;
}

/** A scalar as text, untrimmed (the store trims the fields it keeps trimmed; figure words are kept exactly). */
function scalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  return '';
}

function first(data: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) if (data[key] !== undefined && data[key] !== null) return data[key];
  return undefined;
}

function names(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list
    .map((v) =>
      typeof v === 'object' && v !== null && !Array.isArray(v)
        ? scalar((v as Record<string, unknown>).name)
        : scalar(v),
    )
    .filter((s) => s.trim().length > 0);
}

function tagList(value: unknown): string[] {
  if (typeof value === 'string')
    return value
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
  return names(value);
}

/** A valid slug made from anything: lower-case ASCII letters and digits joined by single hyphens. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, LIMITS.slug)
    .replace(/-+$/, '');
}

function truthy(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (/^(true|yes|on)$/i.test(value.trim())) return true;
    if (/^(false|no|off)$/i.test(value.trim())) return false;
  }
  return undefined;
}

function imageRef(value: unknown): ImageRef | null {
  if (typeof value === 'string' && value.trim())
    return { src: value.trim(), alt: '', caption: '', credit: '', license: '' };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const src = scalar(first(v, ['src', 'image', 'path', 'url']));
  if (!src) return null;
  const words = splitCredit({
    caption: scalar(first(v, ['caption', 'title'])),
    credit: scalar(first(v, ['credit', 'attribution'])),
  });
  return { src, alt: scalar(v.alt), ...words, license: scalar(v.license) };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function dateOnly(value: unknown): string {
  const text = scalar(value);
  if (DATE_ONLY.test(text)) return text;
  const parsed = Date.parse(text);
  return text && !Number.isNaN(parsed) ? new Date(parsed).toISOString().slice(0, 10) : '';
}

function sourcesOf(value: unknown, warnings: string[]): Source[] | null {
  if (!Array.isArray(value)) return null;
  const out: Source[] = [];
  const ids = new Set<string>();
  value.forEach((entry, i) => {
    if (typeof entry !== 'object' || entry === null) return;
    const e = entry as Record<string, unknown>;
    let id = scalar(e.id) || `src-${i + 1}`;
    while (ids.has(id)) id = `${id}-${i + 1}`;
    ids.add(id);
    let url = scalar(e.url);
    let notes = typeof e.notes === 'string' ? e.notes : '';
    if (url && !isWebUrl(url)) {
      warnings.push(`Source ${id}: "${url}" is not a web address; it was kept in the source's notes.`);
      notes = notes ? `${notes}\n${url}` : url;
      url = '';
    }
    out.push({
      id,
      outlet: scalar(e.outlet),
      title: scalar(e.title),
      url,
      author: scalar(e.author),
      published: dateOnly(e.published),
      accessed: dateOnly(e.accessed),
      notes,
    });
  });
  return out;
}

export function fieldsFromFrontMatter(data: Record<string, unknown>, warnings: string[]): FrontMatterFields {
  const title = scalar(data.title);
  const rawSlug = scalar(data.slug).trim();
  const slug = rawSlug && !SLUG_PATTERN.test(rawSlug) ? slugify(rawSlug) : rawSlug;
  if (slug !== rawSlug) warnings.push(`The slug "${rawSlug}" was made URL-safe: "${slug}".`);
  const statusValue = scalar(data.status).trim();
  let status: DraftStatus;
  if ((DRAFT_STATUSES as readonly string[]).includes(statusValue)) status = statusValue as DraftStatus;
  else status = truthy(data.draft) === false ? 'published' : 'draft';
  const categories = first(data, ['section', 'categories', 'category']);
  const images = Array.isArray(data.images) ? data.images.map(imageRef).filter((i): i is ImageRef => i !== null) : [];
  const fields: FrontMatterFields = {
    dek: scalar(first(data, ['dek', 'description', 'summary', 'subtitle', 'excerpt'])),
    byline: names(first(data, ['authors', 'author'])),
    section: names(categories)[0] ?? '',
    tags: tagList(data.tags),
    slug,
    status,
    topImage: imageRef(first(data, ['image', 'cover', 'featured_image'])),
    sources: sourcesOf(data.sources, warnings),
    images,
    ...pieceDates(data, status, warnings),
  };
  // A title key, even an empty one, means the file has its headline: no promoting the first heading.
  if (title || typeof data.title === 'string') fields.headline = title;
  return fields;
}

const PUBLISHED_KEYS = ['publishDate', 'published', 'pubDate'] as const;
const MODIFIED_KEYS = ['lastmod', 'updated', 'modified', 'last_modified_at', 'updatedDate'] as const;

/** The first of `keys` that holds a date, in its stored form; an unreadable one is named in a warning. */
function dateOf(data: Record<string, unknown>, keys: readonly string[], warnings: string[]): string {
  for (const key of keys) {
    const value = data[key];
    if (value === undefined || value === null || typeof value === 'boolean' || value === '') continue;
    const read = readPieceDate(value);
    if (!read) {
      warnings.push(
        `The front matter's ${key} "${scalar(value)}" is not a date Copydesk reads, so it was left out. ${PIECE_DATE_HELP}`,
      );
      continue;
    }
    if (read.assumedUtc)
      warnings.push(
        `The front matter's ${key} "${scalar(value)}" has no time zone; it was read as UTC (${read.date}).`,
      );
    return read.date;
  }
  return '';
}

/**
 * The piece's own publication and update dates. A draft's `date` is when it
 * was written, not published. Copydesk's own exports (a Copydesk status and
 * a `draft` flag) write the piece's dates as `publishDate` and `lastmod`;
 * their `date` and `updated` are when the piece was created and edited.
 */
function pieceDates(
  data: Record<string, unknown>,
  status: DraftStatus,
  warnings: string[],
): Pick<FrontMatterFields, 'datePublished' | 'dateModified'> {
  const copydeskStatus = (DRAFT_STATUSES as readonly string[]).includes(scalar(data.status).trim());
  const ours = copydeskStatus && typeof data.draft === 'boolean';
  const markedDraft = truthy(data.draft) === true || (copydeskStatus && status !== 'published');
  return {
    datePublished: dateOf(data, ours || markedDraft ? PUBLISHED_KEYS : [...PUBLISHED_KEYS, 'date'], warnings),
    dateModified: dateOf(data, ours ? MODIFIED_KEYS.filter((k) => k !== 'updated') : MODIFIED_KEYS, warnings),
  };
}
