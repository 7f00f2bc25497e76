/**
 * Find and replace over plain strings: where a query occurs in a text, with
 * the find bar's two options. The renderer runs it over each part of the
 * open piece (headline, dek, each paragraph, each caption); it knows
 * nothing of Lexical, so it is tested and benched on its own.
 */

export interface FindOptions {
  matchCase: boolean;
  /** A match must not touch a letter, digit or underscore on either side. */
  wholeWord: boolean;
}

/** A match, as UTF-16 offsets into the text: `text.slice(start, end)`. */
export interface TextMatch {
  start: number;
  end: number;
}

const WORD_BEFORE = /[\p{L}\p{N}\p{M}_]$/u;
const WORD_AFTER = /^[\p{L}\p{N}\p{M}_]/u;

/** One pattern per query and options: built once, used for every part of the piece. */
export function matcher(query: string, options: FindOptions): ((text: string) => TextMatch[]) | null {
  if (query === '') return null;
  // Unicode case folding keeps lengths, so a match's offsets are the text's own.
  const pattern = new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), options.matchCase ? 'gu' : 'giu');
  return (text) => {
    const out: TextMatch[] = [];
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      // Two code units either side: a letter outside the BMP is a surrogate pair.
      if (
        options.wholeWord &&
        (WORD_BEFORE.test(text.slice(Math.max(0, start - 2), start)) || WORD_AFTER.test(text.slice(end, end + 2)))
      )
        continue;
      out.push({ start, end });
    }
    return out;
  };
}

export function findMatches(text: string, query: string, options: FindOptions): TextMatch[] {
  return matcher(query, options)?.(text) ?? [];
}

/** The text with the given matches (in order, not overlapping) replaced. */
export function replaceMatches(text: string, matches: readonly TextMatch[], replacement: string): string {
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + replacement;
    at = m.end;
  }
  return out + text.slice(at);
}
