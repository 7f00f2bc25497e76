import type { Draft, DraftSnapshot, DraftStatus, DraftSummary, Source } from '../../common/domain';
import type { LexicalDocument } from '../../common/lexical/document';
import { AppError } from '../../common/errors';
import type { Queryable } from '../db/sqlite';

/** How drafts travel between SQLite rows and the domain's shapes. */

export interface DraftRow {
  id: string;
  headline: string;
  dek: string;
  slug: string;
  section: string;
  byline: string;
  status: DraftStatus;
  body: string;
  word_count: number;
  top_image: string | null;
  version: number;
  created_at: number;
  updated_at: number;
  trashed_at: number | null;
  tags_text: string;
}

export type SummaryRow = Omit<DraftRow, 'body' | 'top_image'> & { source_count: number; status_changed_at: number; published_to: string };

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

export async function loadSources(q: Queryable, draftId: string): Promise<Source[]> {
  return q.all<Source>(
    'SELECT id, outlet, title, url, author, published, accessed, notes FROM sources WHERE draft_id = ? ORDER BY position',
    [draftId],
  );
}

/**
 * A draft as a write reads it: the body stays the JSON it is stored as, so an
 * autosave compares strings instead of parsing a 10,000-word document only
 * to replace it.
 */
export interface StoredDraft extends Omit<Draft, 'body'> {
  bodyJson: string;
}

export async function loadStoredDraft(q: Queryable, id: string): Promise<StoredDraft> {
  const row = await q.get<DraftRow>('SELECT * FROM drafts WHERE id = ?', [id]);
  if (!row) throw new AppError('not_found', 'That draft does not exist (it may have been deleted permanently).');
  const sources = await loadSources(q, id);
  return {
    id: row.id,
    headline: row.headline,
    dek: row.dek,
    slug: row.slug,
    section: row.section,
    byline: JSON.parse(row.byline) as string[],
    status: row.status,
    bodyJson: row.body,
    wordCount: row.word_count,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    trashedAt: row.trashed_at === null ? null : iso(row.trashed_at),
    tags: JSON.parse(row.tags_text) as string[],
    sources,
    topImage: row.top_image,
  };
}

/** The whole draft: `body` when the caller already holds the same document, else the stored JSON parsed. */
export function withBody(stored: StoredDraft, body?: LexicalDocument): Draft {
  const { bodyJson, ...fields } = stored;
  return { ...fields, body: body ?? (JSON.parse(bodyJson) as LexicalDocument) };
}

export async function loadDraft(q: Queryable, id: string): Promise<Draft> {
  return withBody(await loadStoredDraft(q, id));
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
  };
}

/** The searchable text of a piece's sources, one line each. */
export function sourcesText(sources: readonly Source[]): string {
  return sources.map((s) => [s.outlet, s.title, s.author, s.url, s.notes].join(' ')).join('\n');
}
