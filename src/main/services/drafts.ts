import type { ApiParsed, DraftFacets, EditorSaveOutcome, OpenedDraft, SaveOutcome } from '../../common/api';
import { DRAFT_STATUSES, tagKey, type Draft, type DraftPage, type StatusCounts } from '../../common/domain';
import { AppError } from '../../common/errors';
import { ftsQuery, type SearchIndex } from '../db/ftsQuery';
import type { SqlValue } from '../db/sqlite';
import type { StoreContext } from './context';
import {
  draftOf,
  loadDraft,
  loadDraftHead,
  SUMMARY_COLUMNS,
  toSummary,
  withCurrentBody,
  type SummaryRow,
} from './draftRecords';
import { readBodyJson } from './draftBody';
import { searchDrafts } from './search';
import type { PreparedEdit } from './bodyJournal';
import { autosaveEdit, insertDraft, insertDraftRow, writeDraft, type PreparedBody } from './draftWrites';
import { autosaveRevisionDue, recordRevision } from './revisions';
import { recordImage, type StoredImageFile } from './images';

/**
 * Drafts: where a piece is created, saved, listed, trashed and restored.
 * Saving is optimistic: the caller says which version it edited, and a
 * stale version gets the current draft back instead of overwriting it.
 */

export function createDraft(ctx: StoreContext, input: ApiParsed<'drafts.create'>): Promise<Draft> {
  return ctx.db.transaction((tx) => insertDraft(tx, ctx, input));
}

/** A new draft whose body was serialized off the main thread (an import): neither written nor read back as an object here. */
export function createPreparedDraft(
  ctx: StoreContext,
  input: Omit<ApiParsed<'drafts.create'>, 'body'>,
  body: PreparedBody,
  images: readonly StoredImageFile[] = [],
): Promise<{ id: string; headline: string }> {
  return ctx.db.transaction(async (tx) => {
    for (const file of images) await recordImage(tx, ctx, file);
    return { id: await insertDraftRow(tx, ctx, input, body), headline: input.headline ?? '' };
  });
}

export function getDraft(ctx: StoreContext, id: string): Promise<Draft> {
  return loadDraft(ctx.db, id);
}

/** A piece for the editor, its body as the JSON text stored (with any waiting edits applied). */
export async function openDraft(ctx: StoreContext, id: string): Promise<OpenedDraft> {
  // Read as getDraft reads: the head, then its body.
  const head = await loadDraftHead(ctx.db, id);
  const { json } = await readBodyJson(ctx.db, head.seq);
  const { seq, lastRevisionAt, ...draft } = head;
  void seq;
  void lastRevisionAt;
  return { draft, body: json };
}

export function assertEditable(draft: Pick<Draft, 'trashedAt'>): void {
  if (draft.trashedAt !== null) {
    throw new AppError('trashed', 'This draft is in the trash. Restore it before editing.');
  }
}

export async function saveDraft(ctx: StoreContext, input: ApiParsed<'drafts.save'>): Promise<SaveOutcome> {
  const outcome = await saveContent(ctx, input);
  if (outcome.kind === 'saved') ctx.saves.saved(outcome.draft.id);
  return outcome;
}

/** A save's outcome as the editor hears it: the body it sent is not sent back (a conflict still brings theirs). */
export function withoutBody(outcome: SaveOutcome): EditorSaveOutcome {
  if (outcome.kind === 'conflict') return outcome;
  const { body, ...fields } = outcome.draft;
  void body;
  return { kind: outcome.kind, draft: fields };
}

async function saveContent(ctx: StoreContext, input: ApiParsed<'drafts.save'>): Promise<SaveOutcome> {
  const { id, expectedVersion, reason, revisionName, ...changes } = input;
  const { body } = changes;
  let compared: PreparedEdit | null | undefined;
  if (reason === 'autosave' && body) {
    const quick = await ctx.db.exclusive((q) =>
      autosaveEdit(q, ctx, id, expectedVersion, { ...changes, body }, (current) =>
        autosaveRevisionDue(current.lastRevisionAt, ctx.now()),
      ),
    );
    if ('outcome' in quick) return quick.outcome;
    compared = quick.prepared;
  }
  return ctx.db.transaction(async (tx) => {
    const reading = loadDraftHead(tx, id);
    // While the row is read, the body is compared with the copy in memory (unless that was just done).
    const prepared = compared !== undefined || !body ? (compared ?? null) : ctx.journal.prepareEdit(id, body);
    const current = await reading;
    assertEditable(current);
    if (current.version !== expectedVersion) return { kind: 'conflict', current: await withCurrentBody(tx, current) };
    const saved = await writeDraft(tx, ctx, current, changes, prepared);
    if (!saved) {
      // Nothing changed, so the body the caller sent is the stored one and need not be read.
      const unchanged = changes.body ? draftOf(current, changes.body) : await withCurrentBody(tx, current);
      if (reason === 'manual') await recordRevision(tx, ctx, unchanged, 'manual', { name: revisionName ?? '' });
      return { kind: 'unchanged', draft: unchanged };
    }
    if (reason === 'manual' || autosaveRevisionDue(current.lastRevisionAt, ctx.now())) {
      await recordRevision(tx, ctx, saved, reason, { name: revisionName ?? '' });
    }
    return { kind: 'saved', draft: saved };
  });
}

export function trashDraft(ctx: StoreContext, id: string): Promise<Draft> {
  return ctx.db.transaction(async (tx) => {
    await loadDraft(tx, id);
    await tx.run('UPDATE drafts SET trashed_at = ? WHERE id = ? AND trashed_at IS NULL', [ctx.now(), id]);
    return loadDraft(tx, id);
  });
}

export function restoreDraft(ctx: StoreContext, id: string): Promise<Draft> {
  return ctx.db.transaction(async (tx) => {
    await loadDraft(tx, id);
    await tx.run('UPDATE drafts SET trashed_at = NULL WHERE id = ?', [id]);
    return loadDraft(tx, id);
  });
}

/** Permanent deletion, only from the trash, so one click never destroys a piece. */
export function purgeDraft(ctx: StoreContext, id: string): Promise<{ id: string }> {
  return ctx.db.transaction(async (tx) => {
    const draft = await loadDraft(tx, id);
    if (draft.trashedAt === null) {
      throw new AppError(
        'invalid_input',
        'Only drafts in the trash can be deleted permanently. Move it to the trash first.',
      );
    }
    await tx.run('DELETE FROM drafts WHERE id = ?', [id]);
    return { id };
  });
}

const SORT_SQL = {
  updated: 'd.updated_at',
  created: 'd.created_at',
  headline: 'd.headline COLLATE NOCASE',
  status:
    "CASE d.status WHEN 'draft' THEN 0 WHEN 'in_review' THEN 1 WHEN 'approved' THEN 2 WHEN 'published' THEN 3 ELSE 4 END",
  waiting: 'coalesce(d.status_changed_at, d.updated_at)',
} as const;

/** Untitled pieces go after titled ones whichever way the headlines run, so this term ignores the direction. */
const SORT_LEADING: Partial<Record<keyof typeof SORT_SQL, string>> = { headline: "d.headline = '' ASC, " };

/**
 * One query for the library and for search. Rows never carry the body, so
 * a page of fifty costs the same for a pitch and for a 10,000-word feature.
 */
export async function listDrafts(ctx: StoreContext, input: ApiParsed<'drafts.list'>): Promise<DraftPage> {
  const filters: string[] = [];
  const params: SqlValue[] = [];
  if (input.status) {
    filters.push('d.status = ?');
    params.push(input.status);
  }
  if (input.section) {
    filters.push('d.section = ? COLLATE NOCASE');
    params.push(input.section.trim());
  }
  if (input.tag) {
    filters.push(
      'EXISTS (SELECT 1 FROM draft_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.draft_id = d.id AND t.key = ?)',
    );
    params.push(tagKey(input.tag));
  }
  const match = input.query ? ftsQuery(input.query) : null;
  // A search with no searchable word (only emoji or punctuation) finds nothing, rather than everything.
  if (input.query?.trim() && match === null) return { rows: [], total: 0, offset: input.offset };

  const index: SearchIndex = input.trashed ? 'trash_fts' : 'drafts_fts';
  const sort = input.sort ?? (match ? 'relevance' : 'updated');
  let order: string;
  if (sort === 'relevance') {
    // bm25 is lower-is-better; headline and tag hits weigh more than body hits.
    order = match ? `bm25(${index}, 10.0, 5.0, 1.0, 4.0, 2.0)` : 'd.updated_at DESC';
  } else {
    const direction =
      input.direction ?? (sort === 'headline' || sort === 'status' || sort === 'waiting' ? 'ASC' : 'DESC');
    order = `${SORT_LEADING[sort] ?? ''}${SORT_SQL[sort]} ${direction.toUpperCase()}`;
  }
  if (match) {
    // A search reads the index, so the words of the latest autosaves go into it first.
    await ctx.journal.settleWaiting();
    return searchDrafts(ctx, input, match, { index, filters, params, order, ranked: sort === 'relevance' });
  }

  const whereSql = [input.trashed ? 'd.trashed_at IS NOT NULL' : 'd.trashed_at IS NULL', ...filters].join(' AND ');
  const rows = await ctx.db.all<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM drafts d WHERE ${whereSql} ORDER BY ${order}, d.seq DESC LIMIT ? OFFSET ?`,
    [...params, input.limit, input.offset],
  );
  const total = await ctx.db.get<{ n: number }>(`SELECT count(*) AS n FROM drafts d WHERE ${whereSql}`, params);
  return {
    rows: rows.map(toSummary),
    total: total?.n ?? 0,
    offset: input.offset,
  };
}

export async function countDrafts(ctx: StoreContext): Promise<StatusCounts> {
  const rows = await ctx.db.all<{ status: string; trashed: number; n: number }>(
    'SELECT status, trashed_at IS NOT NULL AS trashed, count(*) AS n FROM drafts GROUP BY status, trashed',
  );
  const counts = Object.fromEntries(DRAFT_STATUSES.map((s) => [s, 0])) as StatusCounts;
  counts.trashed = 0;
  counts.all = 0;
  for (const row of rows) {
    if (row.trashed) counts.trashed += row.n;
    else {
      counts[row.status as keyof StatusCounts] += row.n;
      counts.all += row.n;
    }
  }
  return counts;
}

/** Sections and authors already used by live pieces, most used first. */
export async function draftFacets(
  ctx: StoreContext,
  wanted: { authors: boolean } = { authors: true },
): Promise<DraftFacets> {
  const sections = await ctx.db.all<{ section: string }>(
    "SELECT section FROM drafts WHERE trashed_at IS NULL AND section <> '' GROUP BY section COLLATE NOCASE ORDER BY count(*) DESC, section LIMIT 200",
  );
  if (!wanted.authors) return { sections: sections.map((r) => r.section), authors: [] };
  const authors = await ctx.db.all<{ author: string }>(
    `SELECT a.value AS author FROM drafts d, json_each(d.byline) a
     WHERE d.trashed_at IS NULL AND a.value <> '' GROUP BY a.value ORDER BY count(*) DESC, a.value LIMIT 500`,
  );
  return { sections: sections.map((r) => r.section), authors: authors.map((r) => r.author) };
}
