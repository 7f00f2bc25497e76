/**
 * The words of a paragraph as the spelling check sees them: runs of
 * letters joined across a single apostrophe ("didn't"), a hyphenated word
 * checked part by part ("cease-fire"), and nothing that is not prose — a
 * number, a word with digits in it, a lone letter, an address or an email.
 * Pure, so the worker's input is tested without a browser.
 */

export interface SpellingWord {
  start: number;
  end: number;
  /** As the dictionary spells it: curly apostrophes straightened. */
  word: string;
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:['\u2019][\p{L}\p{M}\p{N}]+)*/gu;
const DIGIT = /\p{N}/u;
const NOT_PROSE = /:\/\/|@|^www\./i;

/** The run of non-space characters around `start`..`end`: an address is judged whole. */
function chunkAround(text: string, start: number, end: number): string {
  let from = start;
  let to = end;
  while (from > 0 && !/\s/u.test(text.charAt(from - 1))) from--;
  while (to < text.length && !/\s/u.test(text.charAt(to))) to++;
  return text.slice(from, to);
}

export function spellingWords(text: string): SpellingWord[] {
  const out: SpellingWord[] = [];
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    const end = start + m[0].length;
    if (DIGIT.test(m[0]) || [...m[0]].length < 2) continue;
    if (NOT_PROSE.test(chunkAround(text, start, end))) continue;
    out.push({ start, end, word: m[0].replace(/\u2019/g, "'") });
  }
  return out;
}
