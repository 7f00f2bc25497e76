import type { Draft, DraftSnapshot, DraftStatus, DraftSummary, Source } from '../../common/domain';
import type { LexicalDocument } from '../../common/lexical/document';
import { AppError } from '../../common/errors';
import type { Queryable } from '../db/sqlite';
import { readBody } from './draftBody';

/** How drafts travel between SQLite rows and the domain's shapes. */

/** A draft's row as the library and the save path read it: never its body. */
export interface DraftRow {
  seq: number;
  id: string;
  headline: string;
  dek: string;
  slug: string;
  section: string;
  byline: string;
  status: DraftStatus;
  word_count: number;
  top_image: string | null;
  date_published: string;
  date_modified: string;
  version: number;
  created_at: number;
  updated_at: number;
  trashed_at: number | null;
  tags_text: string;
}

export type SummaryRow = Omit<DraftRow, 'seq' | 'top_image' | 'date_published' | 'date_modified'> & { source_count: number; status_changed_at: number; published_to: string };

export const SUMMARY_COLUMNS = `d.id, d.headline, d.dek, d.slug, d.section, d.byline, d.status, d.word_count, d.version,
  d.created_at, d.updated_at, d.trashed_at, d.tags_text, coalesce(d.status_changed_at, d.updated_at) AS status_changed_at,
  (SELECT count(*) FROM sources s WHERE s.draft_id = d.id) AS source_count,
  (SELECT json_group_array(json_object('target', t.name, 'url', p.url, 'editedSince', p.published_at < d.updated_at))
     FROM publications p JOIN publish_targets t ON t.id = p.target_id WHERE p.draft_id = d.id) AS published_to`;

const iso = (ms: number) => new Date(ms).toISOString();

export function toSummary(row: SummaryRow): DraftSummary {
  return {
    id: row.id,
    headline: row.headline,
    dek: row.dek,
    slug: row.slug,
    section: row.section,
    byline: JSON.parse(row.byline) as string[],
    status: row.status,
    wordCount: row.word_count,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    trashedAt: row.trashed_at === null ? null : iso(row.trashed_at),
    tags: JSON.parse(row.tags_text) as string[],
    sourceCount: row.source_count,
    statusChangedAt: iso(row.status_changed_at),
    publishedTo: (JSON.parse(row.published_to) as Array<{ target: string; url: string; editedSince: number }>).map((p) => ({
      target: p.target,
      url: p.url,
      editedSince: p.editedSince === 1,
    })),
  };
}

/**
 * A draft without its body: what a save needs to decide what to write, so
 * an autosave never reads a 10,000-word body only to replace it.
 */
export interface DraftHead extends Omit<Draft, 'body'> {
  seq: number;
  /** When the newest revision of the piece was taken (null: none yet), for the autosave policy. */
  lastRevisionAt: number | null;
}

// One statement, sources and the newest revision's time included: a save
// makes as few round trips to the database as it can.
const HEAD_SQL = `SELECT d.seq, d.id, d.headline, d.dek, d.slug, d.section, d.byline, d.status, d.word_count, d.top_image,
    d.date_published, d.date_modified, d.version, d.created_at, d.updated_at, d.trashed_at, d.tags_text,
    (SELECT json_group_array(json_object('id', s.id, 'outlet', s.outlet, 'title', s.title, 'url', s.url, 'author', s.author,
        'published', s.published, 'accessed', s.accessed, 'notes', s.notes) ORDER BY s.position)
       FROM sources s WHERE s.draft_id = d.id) AS sources,
    (SELECT r.created_at FROM revisions r WHERE r.draft_id = d.id ORDER BY r.id DESC LIMIT 1) AS last_revision_at
  FROM drafts d WHERE d.id = ?`;

export async function loadDraftHead(q: Queryable, id: string): Promise<DraftHead> {
  const [row] = await q.allPrepared<DraftRow & { sources: string; last_revision_at: number | null }>(HEAD_SQL, [id]);
  if (!row) throw new AppError('not_found', 'That draft does not exist (it may have been deleted permanently).');
  return {
    seq: row.seq,
    id: row.id,
    headline: row.headline,
    dek: row.dek,
    slug: row.slug,
    section: row.section,
    byline: JSON.parse(row.byline) as string[],
    status: row.status,
    wordCount: row.word_count,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    trashedAt: row.trashed_at === null ? null : iso(row.trashed_at),
    tags: JSON.parse(row.tags_text) as string[],
    sources: JSON.parse(row.sources) as Source[],
    topImage: row.top_image,
    datePublished: row.date_published,
    dateModified: row.date_modified,
    lastRevisionAt: row.last_revision_at,
  };
}

/** The whole draft, from its head and a body. */
export function draftOf(head: DraftHead, body: LexicalDocument): Draft {
  const { seq, lastRevisionAt, ...fields } = head;
  void seq;
  void lastRevisionAt;
  return { ...fields, body };
}

/** The whole draft, its body as it stands (edits waiting to be settled included). */
export async function withCurrentBody(q: Queryable, head: DraftHead): Promise<Draft> {
  return draftOf(head, await readBody(q, head.seq));
}

export async function loadDraft(q: Queryable, id: string): Promise<Draft> {
  return withCurrentBody(q, await loadDraftHead(q, id));
}

export function snapshotOf(draft: Draft): DraftSnapshot {
  return {
    headline: draft.headline,
    dek: draft.dek,
    slug: draft.slug,
    section: draft.section,
    byline: draft.byline,
    status: draft.status,
    body: draft.body,
    tags: draft.tags,
    sources: draft.sources,
    topImage: draft.topImage,
    datePublished: draft.datePublished,
    dateModified: draft.dateModified,
  };
}

/** The searchable text of a piece's sources, one line each. */
export function sourcesText(sources: readonly Source[]): string {
  return sources.map((s) => [s.outlet, s.title, s.author, s.url, s.notes].join(' ')).join('\n');
}
