import { z } from 'zod';

/**
 * The newsroom dictionary: words the spelling check accepts beyond its
 * English dictionary (names, places, the newsroom's own terms). Kept with
 * the check rules, so it is stored, exported and shared with them.
 */

export const NEWSROOM_WORDS_LIMITS = { words: 2000, length: 50 } as const;

/** What is wrong with a word as given, or null. */
export function newsroomWordProblem(word: string): string | null {
  const w = word.trim();
  if (!w) return 'A dictionary word cannot be empty.';
  if (/\s/u.test(w)) return `“${w}” is more than one word; add each word on its own.`;
  if ([...w].length > NEWSROOM_WORDS_LIMITS.length)
    return `“${w.slice(0, 30)}…” is longer than ${NEWSROOM_WORDS_LIMITS.length} characters.`;
  if (!/\p{L}/u.test(w)) return `“${w}” has no letters: only words are spelled.`;
  return null;
}

/** What is wrong with the whole dictionary, or null. Case counts: "Copydesk" and "copydesk" are two words. */
export function newsroomWordsProblem(words: readonly string[]): string | null {
  if (words.length > NEWSROOM_WORDS_LIMITS.words)
    return `The newsroom dictionary holds at most ${NEWSROOM_WORDS_LIMITS.words} words.`;
  const seen = new Set<string>();
  for (const word of words) {
    const problem = newsroomWordProblem(word);
    if (problem) return problem;
    if (seen.has(word)) return `“${word}” is already in the newsroom dictionary.`;
    seen.add(word);
  }
  return null;
}

/** A word as stored: trimmed, NFC, its apostrophes straight (as the spelling dictionary writes them). */
export const cleanWord = (word: string): string =>
  word
    .normalize('NFC')
    .trim()
    .replace(/\u2019/g, "'");

export const NewsroomWordsInput = z
  .array(z.string())
  .transform((words) => words.map(cleanWord))
  .superRefine((words, ctx) => {
    const problem = newsroomWordsProblem(words);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
