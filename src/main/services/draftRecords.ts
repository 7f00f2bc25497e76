import {
  PIECE_FIELDS,
  type Draft,
  type DraftSnapshot,
  type DraftStatus,
  type DraftSummary,
  type Source,
} from '../../common/domain';
import { isoTime } from '../../common/isoTime';
import { pick } from '../../common/pick';
import type { LexicalDocument } from '../../common/lexical/document';
import { AppError } from '../../common/errors';
import type { Queryable } from '../db/sqlite';
import { readBody } from './draftBody';

/** How drafts travel between SQLite rows and the domain's shapes. */

/** The columns a library row and a save's head both read: never the body. */
const DRAFT_COLUMNS =
  'd.id, d.headline, d.dek, d.slug, d.section, d.byline, d.status, d.word_count, d.version, d.created_at, d.updated_at, d.trashed_at, d.tags_text';

interface DraftRow {
  id: string;
  headline: string;
  dek: string;
  slug: string;
  section: string;
  byline: string;
  status: DraftStatus;
  word_count: number;
  version: number;
  created_at: number;
  updated_at: number;
  trashed_at: number | null;
  tags_text: string;
}

type DraftRowFields = Omit<DraftSummary, 'sourceCount' | 'statusChangedAt' | 'publishedTo' | 'snippet'>;

/** The one row mapper: the fields a library row and a save's head share. */
function fieldsOf(row: DraftRow): DraftRowFields {
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
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
    trashedAt: isoTime(row.trashed_at),
    tags: JSON.parse(row.tags_text) as string[],
  };
}

export type SummaryRow = DraftRow & { source_count: number; status_changed_at: number; published_to: string };

export const SUMMARY_COLUMNS = `${DRAFT_COLUMNS}, coalesce(d.status_changed_at, d.updated_at) AS status_changed_at,
  (SELECT count(*) FROM sources s WHERE s.draft_id = d.id) AS source_count,
  (SELECT json_group_array(json_object('target', t.name, 'url', p.url, 'editedSince', p.published_at < d.updated_at))
     FROM publications p JOIN publish_targets t ON t.id = p.target_id WHERE p.draft_id = d.id) AS published_to`;

export function toSummary(row: SummaryRow): DraftSummary {
  return {
    ...fieldsOf(row),
    sourceCount: row.source_count,
    statusChangedAt: isoTime(row.status_changed_at),
    publishedTo: (JSON.parse(row.published_to) as Array<{ target: string; url: string; editedSince: number }>).map(
      (p) => ({
        target: p.target,
        url: p.url,
        editedSince: p.editedSince === 1,
      }),
    ),
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

type HeadRow = DraftRow & {
  seq: number;
  top_image: string | null;
  date_published: string;
  date_modified: string;
  sources: string;
  last_revision_at: number | null;
};

// One statement, sources and the newest revision's time included: a save
// makes as few round trips to the database as it can.
const HEAD_SQL = `SELECT d.seq, ${DRAFT_COLUMNS}, d.top_image, d.date_published, d.date_modified,
    (SELECT json_group_array(json_object('id', s.id, 'outlet', s.outlet, 'title', s.title, 'url', s.url, 'author', s.author,
        'published', s.published, 'accessed', s.accessed, 'notes', s.notes) ORDER BY s.position)
       FROM sources s WHERE s.draft_id = d.id) AS sources,
    (SELECT r.created_at FROM revisions r WHERE r.draft_id = d.id ORDER BY r.id DESC LIMIT 1) AS last_revision_at
  FROM drafts d WHERE d.id = ?`;

export async function loadDraftHead(q: Queryable, id: string): Promise<DraftHead> {
  const [row] = await q.allPrepared<HeadRow>(HEAD_SQL, [id]);
  if (!row) throw new AppError('not_found', 'That draft does not exist (it may have been deleted permanently).');
  return {
    ...fieldsOf(row),
    seq: row.seq,
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
  return { ...pick(draft, PIECE_FIELDS), status: draft.status, body: draft.body };
}

/** The searchable text of a piece's sources, one line each. */
export function sourcesText(sources: readonly Source[]): string {
  return sources.map((s) => [s.outlet, s.title, s.author, s.url, s.notes].join(' ')).join('\n');
}
