import { z } from 'zod';

/**
 * The newsroom's house style: terms to avoid, each with the form to use
 * instead ("Kiev" → "Kyiv") or banned outright with a reason. Pure, so the
 * pre-publish check (window, main, desk) and the editor's underlines find
 * the same hits.
 */

// A type, not an interface: it travels as a JSON setting, which needs its implicit index signature.
export type HouseStyleTerm = {
  /** The word or words to avoid, matched as whole words and regardless of case. */
  term: string;
  /** The form to use instead; empty when the term is banned outright. */
  preferred: string;
  /** Why, in a line: shown beside the hit. */
  reason: string;
};

export const HOUSE_STYLE_LIMITS = { terms: 200, termLength: 60, reasonLength: 200 } as const;

/** Where a house-style term was found in a text, as UTF-16 offsets. */
export interface HouseStyleHit {
  start: number;
  end: number;
  /** The text as written there. */
  found: string;
  /** Index into the list the matcher was built from. */
  index: number;
  /** The preferred form, capitalised as the hit was; empty for a banned term. */
  suggestion: string;
}

/** Terms are compared as a writer reads them: case-folded, spaces collapsed. */
export const termKey = (term: string): string => term.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase();

/** What is wrong with one entry as given, or null: the words a person reads when adding one. */
export function houseStyleTermProblem(entry: HouseStyleTerm): string | null {
  const term = entry.term.trim();
  const preferred = entry.preferred.trim();
  if (!term) return 'A house-style term needs the word or words to avoid.';
  if ([...term].length > HOUSE_STYLE_LIMITS.termLength)
    return `“${term.slice(0, 30)}…” is longer than ${HOUSE_STYLE_LIMITS.termLength} characters; a house-style term is a word or a short phrase.`;
  if (!/[\p{L}\p{N}]/u.test(term)) return `“${term}” has no letters or digits to look for.`;
  if ([...preferred].length > HOUSE_STYLE_LIMITS.termLength)
    return `The preferred form of “${term}” is longer than ${HOUSE_STYLE_LIMITS.termLength} characters.`;
  if (preferred && preferred.normalize('NFC') === term.normalize('NFC'))
    return `“${term}” cannot be its own preferred form.`;
  if ([...entry.reason.trim()].length > HOUSE_STYLE_LIMITS.reasonLength)
    return `The reason for “${term}” is longer than ${HOUSE_STYLE_LIMITS.reasonLength} characters.`;
  if (!preferred && !entry.reason.trim()) return `Say why “${term}” is banned, or give the form to use instead.`;
  return null;
}

/** What is wrong with a whole list, or null: each entry, then duplicates and the list's length. */
export function houseStyleListProblem(list: readonly HouseStyleTerm[]): string | null {
  if (list.length > HOUSE_STYLE_LIMITS.terms)
    return `The house-style list holds at most ${HOUSE_STYLE_LIMITS.terms} terms.`;
  const seen = new Set<string>();
  for (const entry of list) {
    const problem = houseStyleTermProblem(entry);
    if (problem) return problem;
    const key = termKey(entry.term);
    if (seen.has(key)) return `“${entry.term.trim()}” is already in the house-style list.`;
    seen.add(key);
  }
  return null;
}

/** An entry as stored: trimmed, inner spaces collapsed in the term. */
export function cleanTerm(entry: HouseStyleTerm): HouseStyleTerm {
  return {
    term: entry.term.normalize('NFC').trim().replace(/\s+/g, ' '),
    preferred: entry.preferred.normalize('NFC').trim(),
    reason: entry.reason.trim(),
  };
}

export const HouseStyleTermInput = z.strictObject({
  term: z.string(),
  preferred: z.string().default(''),
  reason: z.string().default(''),
});

export const HouseStyleListInput = z
  .array(HouseStyleTermInput)
  .transform((list) => list.map(cleanTerm))
  .superRefine((list, ctx) => {
    const problem = houseStyleListProblem(list);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORD_BEFORE = /[\p{L}\p{N}\p{M}_]$/u;
const WORD_AFTER = /^[\p{L}\p{N}\p{M}_]/u;

/** "per cent" at the start of a sentence is offered as "Per cent" there. */
function capitalisedAs(found: string, preferred: string): string {
  const first = found.charAt(0);
  if (
    preferred &&
    first !== first.toLocaleLowerCase() &&
    preferred.charAt(0) === preferred.charAt(0).toLocaleLowerCase()
  )
    return preferred.charAt(0).toLocaleUpperCase() + preferred.slice(1);
  return preferred;
}

/**
 * One matcher for a list, built once and run over each paragraph: whole
 * words, any case, a space in a term matching any run of spaces. A hit that
 * already reads as the preferred form (a term that differs from it only in
 * case) is not one.
 */
export function houseStyleMatcher(list: readonly HouseStyleTerm[]): (text: string) => HouseStyleHit[] {
  const entries = list
    .map((entry, index) => ({ entry, index, key: termKey(entry.term) }))
    .filter((e) => e.key !== '')
    // The longest first, so "per cent" wins over "cent" where both are listed.
    .sort((a, b) => b.key.length - a.key.length);
  if (entries.length === 0) return () => [];
  const pattern = new RegExp(entries.map((e) => `(${e.key.split(' ').map(escape).join('\\s+')})`).join('|'), 'giu');
  return (text) => {
    const hits: HouseStyleHit[] = [];
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (WORD_BEFORE.test(text.slice(Math.max(0, start - 2), start)) || WORD_AFTER.test(text.slice(end, end + 2)))
        continue;
      const group = m.slice(1).findIndex((g) => g !== undefined);
      const { entry, index } = entries[group]!;
      const found = m[0];
      if (entry.preferred && found === entry.preferred) continue;
      // A term that differs from its preferred form only in case is about case: its suggestion is the form as given.
      const caseOnly = termKey(entry.preferred) === termKey(entry.term);
      hits.push({
        start,
        end,
        found,
        index,
        suggestion: caseOnly ? entry.preferred : capitalisedAs(found, entry.preferred),
      });
    }
    return hits;
  };
}
