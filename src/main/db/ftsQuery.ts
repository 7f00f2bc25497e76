import type { SnippetPart } from '../../common/domain';

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
