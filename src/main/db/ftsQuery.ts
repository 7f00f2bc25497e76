import type { SnippetPart } from '../../common/domain';
import type { Queryable } from './sqlite';

/**
 * Turns what a writer types into a safe FTS5 query: every word becomes a
 * quoted term (so `AND`, `NEAR`, `*` or a stray quote are just text), the
 * last word matches as a prefix so results follow the typing, and
 * "quoted phrases" stay phrases.
 */
export function ftsQuery(input: string): string | null {
  const parts: string[] = [];
  const phrase = /"([^"]*)"/g;
  let rest = input;
  for (const match of input.matchAll(phrase)) {
    const words = terms(match[1] ?? '');
    if (words.length > 0) parts.push(`"${words.join(' ')}"`);
    rest = rest.replace(match[0], ' ');
  }
  const words = terms(rest);
  words.forEach((word, i) => {
    const prefix = i === words.length - 1 && !/\s$/.test(input) ? '*' : '';
    parts.push(`"${word}"${prefix}`);
  });
  return parts.length > 0 ? parts.join(' ') : null;
}

/** The tokenizer's idea of a word (unicode61): letters, digits and marks. */
function terms(text: string): string[] {
  return text.match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
}

export const SNIPPET_OPEN = '\u0001';
export const SNIPPET_CLOSE = '\u0002';

export function snippetParts(raw: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const re = new RegExp(`${SNIPPET_OPEN}([^${SNIPPET_CLOSE}]*)${SNIPPET_CLOSE}`, 'g');
  let last = 0;
  for (const m of raw.matchAll(re)) {
    if (m.index > last) parts.push({ text: raw.slice(last, m.index), hit: false });
    parts.push({ text: m[1] ?? '', hit: true });
    last = m.index + m[0].length;
  }
  if (last < raw.length) parts.push({ text: raw.slice(last), hit: false });
  return parts;
}

/** The full-text indexes: one over the live library, one over the trash. */
export const SEARCH_INDEXES = ['drafts_fts', 'trash_fts'] as const;
export type SearchIndex = (typeof SEARCH_INDEXES)[number];

/** An index's vocabulary, a temporary table on each connection that searches. */
export const vocabularyOf = (index: SearchIndex): string => `temp.${index}_terms`;

export const SEARCH_VOCABULARIES = SEARCH_INDEXES.map(
  (index) => `CREATE VIRTUAL TABLE ${vocabularyOf(index)} USING fts5vocab(main, ${index}, row);`,
).join('\n');

/** Up to this many completions of the last word are searched as whole words. */
const MAX_SPELLED_COMPLETIONS = 8;

/**
 * The last word of a query matches as a prefix, and FTS5 answers a prefix
 * longer than its prefix indexes (two and three letters) by merging every
 * completion's hits, with their positions, once for the match and again for
 * each ranking: 15 ms of a 40 ms search for "talks" at 100,000 drafts. When
 * the index holds only a few words that start so, the prefix becomes those
 * words, which match the same pieces. Only plain ASCII words are spelled
 * out, where lower-casing is exactly what the tokenizer does.
 */
export async function spellOutPrefix(q: Queryable, index: SearchIndex, query: string): Promise<string> {
  const last = /"([A-Za-z0-9]{4,})"\*$/.exec(query);
  if (!last) return query;
  const word = last[1]!.toLowerCase();
  const after = word.slice(0, -1) + String.fromCharCode(word.charCodeAt(word.length - 1) + 1);
  const terms = await q.all<{ term: string }>(
    `SELECT term FROM ${vocabularyOf(index)} WHERE term >= ? AND term < ? LIMIT ?`,
    [word, after, MAX_SPELLED_COMPLETIONS + 1],
  );
  if (terms.length === 0 || terms.length > MAX_SPELLED_COMPLETIONS) return query;
  const words = terms.map((t) => `"${t.term.replaceAll('"', '""')}"`);
  const before = query.slice(0, last.index).trimEnd();
  const completions = words.length === 1 ? words[0]! : `(${words.join(' OR ')})`;
  return before ? `${before} AND ${completions}` : completions;
}
