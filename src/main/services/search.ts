import type { DraftPage } from '../../common/domain';
import { SNIPPET_CLOSE, SNIPPET_OPEN, snippetParts, spellOutPrefix, type SearchIndex } from '../db/ftsQuery';
import type { Database, SqlValue } from '../db/sqlite';
import type { StoreContext } from './context';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './draftRecords';

/**
 * Full-text search of the library or the trash: the page's row ids from the
 * index (ranked across the read connections, or sorted and filtered on the
 * shared one), then those rows with their snippets. `listDrafts` in
 * `drafts.ts` builds the query.
 */

export interface SearchQuery {
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
  const span = await readers[0]!.get<{ lo: number | null; hi: number | null }>(
    'SELECT (SELECT min(seq) FROM drafts) AS lo, (SELECT max(seq) FROM drafts) AS hi',
  );
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
async function pageRows(
  readers: readonly Database[],
  index: SearchIndex,
  match: string,
  hits: ReadonlyArray<{ seq: number }>,
): Promise<PageRow[]> {
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
export async function searchDrafts(
  ctx: StoreContext,
  page: { offset: number; limit: number },
  typed: string,
  query: SearchQuery,
): Promise<DraftPage> {
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
async function sortedPage(
  ctx: StoreContext,
  match: string,
  query: SearchQuery,
  page: { offset: number; limit: number },
): Promise<SearchHits> {
  const { index } = query;
  const joined = `${index} f CROSS JOIN drafts d ON d.seq = f.rowid WHERE ${[...query.filters, `${index} MATCH ?`].join(' AND ')}`;
  const params = [...query.params, match];
  const [hits, total] = await Promise.all([
    ctx.db.all<{ seq: number }>(
      `SELECT f.rowid AS seq FROM ${joined} ORDER BY ${query.order}, f.rowid DESC LIMIT ? OFFSET ?`,
      [...params, page.limit, page.offset],
    ),
    ctx.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${joined}`, params),
  ]);
  return { hits, total: total?.n ?? 0 };
}
