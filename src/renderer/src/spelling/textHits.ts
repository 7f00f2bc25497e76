import type { HouseStyleHit, HouseStyleTerm } from '../../../common/style/houseStyle';
import type { SpellingWord } from '../../../common/style/spellingWords';

/** An underlined stretch of a paragraph: a word the dictionary does not know, or a house-style term. */
export type TextHit =
  | { kind: 'spelling'; blockKey: string; start: number; end: number; found: string; word: string }
  | {
      kind: 'style';
      blockKey: string;
      start: number;
      end: number;
      found: string;
      suggestion: string;
      reason: string;
    };

/**
 * A paragraph's hits, in order: house-style terms first where they overlap
 * a word (the term says more than "unknown word"), then the words the
 * dictionary rejected.
 */
export function paragraphHits(
  blockKey: string,
  text: string,
  words: readonly SpellingWord[],
  style: readonly HouseStyleHit[],
  terms: readonly HouseStyleTerm[],
  isWrong: (word: string) => boolean,
): TextHit[] {
  const hits: TextHit[] = style.map((h) => ({
    kind: 'style',
    blockKey,
    start: h.start,
    end: h.end,
    found: h.found,
    suggestion: h.suggestion,
    reason: terms[h.index]?.reason ?? '',
  }));
  for (const w of words) {
    if (!isWrong(w.word) || style.some((h) => h.start < w.end && h.end > w.start)) continue;
    hits.push({
      kind: 'spelling',
      blockKey,
      start: w.start,
      end: w.end,
      found: text.slice(w.start, w.end),
      word: w.word,
    });
  }
  return hits.sort((a, b) => a.start - b.start);
}
