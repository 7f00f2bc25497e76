import type { ApiParsed, DraftFacets, SaveOutcome } from '../../common/api';
import { DRAFT_STATUSES, tagKey, type Draft, type DraftPage, type StatusCounts } from '../../common/domain';
import { AppError } from '../../common/errors';
import { ftsQuery, SNIPPET_CLOSE, SNIPPET_OPEN, snippetParts, spellOutPrefix, type SearchIndex } from '../db/ftsQuery';
import type { Database, SqlValue } from '../db/sqlite';
import type { StoreContext } from './context';
import { draftOf, loadDraft, loadDraftHead, SUMMARY_COLUMNS, toSummary, withCurrentBody, type SummaryRow } from './draftRecords';
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

async function saveContent(ctx: StoreContext, input: ApiParsed<'drafts.save'>): Promise<SaveOutcome> {
  const { id, expectedVersion, reason, revisionName, ...changes } = input;
  const { body } = changes;
  let compared: PreparedEdit | null | undefined;
  if (reason === 'autosave' && body) {
    const quick = await ctx.db.exclusive((q) =>
      autosaveEdit(q, ctx, id, expectedVersion, { ...changes, body }, (current) => autosaveRevisionDue(current.lastRevisionAt, ctx.now())),
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
      throw new AppError('invalid_input', 'Only drafts in the trash can be deleted permanently. Move it to the trash first.');
    }
    await tx.run('DELETE FROM drafts WHERE id = ?', [id]);
    return { id };
  });
}

const SORT_SQL = {
  updated: 'd.updated_at',
  created: 'd.created_at',
  headline: 'd.headline COLLATE NOCASE',
  status: "CASE d.status WHEN 'draft' THEN 0 WHEN 'in_review' THEN 1 WHEN 'approved' THEN 2 WHEN 'published' THEN 3 ELSE 4 END",
  waiting: 'coalesce(d.status_changed_at, d.updated_at)',
} as const;

/** Untitled pieces go after titled ones whichever way the headlines run, so this term ignores the direction. */
const SORT_LEADING: Partial<Record<keyof typeof SORT_SQL, string>> = { headline: "d.headline = '' ASC, " };

interface SearchQuery {
  index: SearchIndex;
  /** Conditions on the draft row (d), besides the full-text match. */
  filters: string[];
  params: SqlValue[];
  order: string;
  /** Ordered by relevance alone (bm25), rather than by a column of the draft. */
  ranked: boolean;
}

/** A row of a search's page: the summary, its row id and its snippet. */
type PageRow = SummaryRow & { seq: number; snippet: string };

interface SearchHits {
  hits: Array<{ seq: number }>;
  total: number;
}

/**
 * One page of a search ranked by relevance alone, and how many pieces match.
 * Each read connection ranks and counts the hits in its share of the row ids
 * and the best of all shares are merged: the same order as one ranking
 * (score, then newest row first), with the scoring of a common word spread
 * over the cores.
 */
async function rankedPage(
  readers: readonly Database[],
  index: SearchIndex,
  match: string,
  order: string,
  page: { offset: number; limit: number },
): Promise<SearchHits> {
  // Two subqueries, so that each is one step down the table's b-tree rather than a scan of it.
  const span = await readers[0]!.get<{ lo: number | null; hi: number | null }>('SELECT (SELECT min(seq) FROM drafts) AS lo, (SELECT max(seq) FROM drafts) AS hi');
  const lo = span?.lo ?? 0;
  const hi = span?.hi ?? 0;
  const share = Math.ceil((hi - lo + 1) / readers.length);
  const rankSql = `SELECT rowid AS seq, ${order} AS score FROM ${index} WHERE ${index} MATCH ? AND rowid BETWEEN ? AND ? ORDER BY score, rowid DESC LIMIT ?`;
  const countSql = `SELECT count(*) AS n FROM ${index} WHERE ${index} MATCH ? AND rowid BETWEEN ? AND ?`;
  const shares = await Promise.all(
    readers.map(async (reader, i) => {
      const range = [match, lo + i * share, i === readers.length - 1 ? hi : lo + (i + 1) * share - 1];
      const hits = await reader.all<{ seq: number; score: number }>(rankSql, [...range, page.offset + page.limit]);
      const count = await reader.get<{ n: number }>(countSql, range);
      return { hits, n: count?.n ?? 0 };
    }),
  );
  return {
    hits: shares
      .flatMap((s) => s.hits)
      .sort((a, b) => a.score - b.score || b.seq - a.seq)
      .slice(page.offset, page.offset + page.limit),
    total: shares.reduce((sum, s) => sum + s.n, 0),
  };
}

/**
 * The page's rows with their snippets. Snippets need the match, so each
 * group of rows is picked out of one pass over the hits between its lowest
 * and highest row id, with `+f.rowid IN (…)`: offered to FTS5 as rowid
 * constraints, each id would restart the match, which for a prefix word
 * merges its whole doclist again, fifty times a page. The groups go to
 * separate read connections.
 */
async function pageRows(readers: readonly Database[], index: SearchIndex, match: string, hits: ReadonlyArray<{ seq: number }>): Promise<PageRow[]> {
  const seqs = hits.map((h) => h.seq).sort((a, b) => a - b);
  const groups = chunks(seqs, Math.ceil(seqs.length / readers.length));
  const parts = await Promise.all(
    groups.map((group, i) =>
      readers[i]!.all<PageRow>(
        `SELECT ${SUMMARY_COLUMNS}, snippet(${index}, -1, '${SNIPPET_OPEN}', '${SNIPPET_CLOSE}', '…', 16) AS snippet, d.seq AS seq
         FROM ${index} f CROSS JOIN drafts d ON d.seq = f.rowid
         WHERE ${index} MATCH ? AND f.rowid BETWEEN ? AND ? AND +f.rowid IN (${group.map(() => '?').join(',')})`,
        [match, group[0]!, group[group.length - 1]!, ...group],
      ),
    ),
  );
  return parts.flat();
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A search, in two steps: take the page's row ids from the full-text index
 * (ranked or sorted), then read those rows and their snippets. The live
 * library and the trash have an index each, so a search of either never
 * looks at the other's pieces. With no filter, ranking and counting stay
 * inside the index.
 */
async function searchDrafts(ctx: StoreContext, page: { offset: number; limit: number }, typed: string, query: SearchQuery): Promise<DraftPage> {
  const { index } = query;
  const readers = await ctx.readers.connections();
  const match = await spellOutPrefix(readers[0]!, index, typed);
  const { hits, total } =
    query.ranked && query.filters.length === 0
      ? await rankedPage(readers, index, match, query.order, page)
      : await sortedPage(ctx, match, query, page);
  if (hits.length === 0) return { rows: [], total, offset: page.offset };
  const rows = await pageRows(readers, index, match, hits);
  const bySeq = new Map(rows.map((r) => [r.seq, r]));
  return {
    rows: hits.flatMap((h) => {
      const row = bySeq.get(h.seq);
      return row ? [{ ...toSummary(row), snippet: snippetParts(row.snippet) }] : [];
    }),
    total,
    offset: page.offset,
  };
}

/**
 * One page of a search in another order, or narrowed by filters on the
 * drafts, and how many pieces match. CROSS JOIN pins the join order: the
 * match drives and each hit looks its draft up by seq. With a plain JOIN the
 * planner walked every live draft and ran the MATCH once per draft (20 s to
 * over 2 minutes a query at 100,000 drafts).
 */
async function sortedPage(ctx: StoreContext, match: string, query: SearchQuery, page: { offset: number; limit: number }): Promise<SearchHits> {
  const { index } = query;
  const joined = `${index} f CROSS JOIN drafts d ON d.seq = f.rowid WHERE ${[...query.filters, `${index} MATCH ?`].join(' AND ')}`;
  const params = [...query.params, match];
  const [hits, total] = await Promise.all([
    ctx.db.all<{ seq: number }>(`SELECT f.rowid AS seq FROM ${joined} ORDER BY ${query.order}, f.rowid DESC LIMIT ? OFFSET ?`, [...params, page.limit, page.offset]),
    ctx.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${joined}`, params),
  ]);
  return { hits, total: total?.n ?? 0 };
}

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
    filters.push('EXISTS (SELECT 1 FROM draft_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.draft_id = d.id AND t.key = ?)');
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
    const direction = input.direction ?? (sort === 'headline' || sort === 'status' || sort === 'waiting' ? 'ASC' : 'DESC');
    order = `${SORT_LEADING[sort] ?? ''}${SORT_SQL[sort]} ${direction.toUpperCase()}`;
  }
  if (match) {
    // A search reads the index, so the words of the latest autosaves go into it first.
    await ctx.journal.settleWaiting();
    return searchDrafts(ctx, input, match, { index, filters, params, order, ranked: sort === 'relevance' });
  }

  const whereSql = [input.trashed ? 'd.trashed_at IS NOT NULL' : 'd.trashed_at IS NULL', ...filters].join(' AND ');
  const rows = await ctx.db.all<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM drafts d WHERE ${whereSql} ORDER BY ${order}, d.seq DESC LIMIT ? OFFSET ?`, [
    ...params,
    input.limit,
    input.offset,
  ]);
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
export async function draftFacets(ctx: StoreContext, wanted: { authors: boolean } = { authors: true }): Promise<DraftFacets> {
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
