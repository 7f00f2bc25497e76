/**
 * The palette's filter: forgiving, so "new draft", "draft new", "nd" and
 * "ver" all find "New draft" or "Save a version", best matches first.
 */

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

function isSubsequence(needle: string, haystack: string): boolean {
  let at = 0;
  for (const char of haystack) if (char === needle[at]) at++;
  return at === needle.length;
}

/**
 * How well a query fits a label, lower is better: 0 the label starts with
 * it, 1 each word starts a word of the label, 2 each word is in the label,
 * 3 its letters come in the label's order; null when it does not fit.
 */
export function matchScore(label: string, query: string): number | null {
  const asked = words(query);
  if (asked.length === 0) return 0;
  const given = words(label);
  const joined = given.join(' ');
  if (joined.startsWith(asked.join(' '))) return 0;
  if (asked.every((w) => given.some((g) => g.startsWith(w)))) return 1;
  if (asked.every((w) => joined.includes(w))) return 2;
  const letters = asked.join('');
  if (letters.length >= 2 && isSubsequence(letters, given.join(''))) return 3;
  return null;
}

/**
 * The items that fit the query, best first (ties keep their order). An item
 * fits by its label, or less well by its context and label together
 * ("view desk" finds Desk in View).
 */
export function filterCommands<T extends { label: string; context?: string }>(items: readonly T[], query: string): T[] {
  const scored: Array<{ item: T; score: number; index: number }> = [];
  items.forEach((item, index) => {
    const own = matchScore(item.label, query);
    const withContext = item.context === undefined ? null : matchScore(`${item.context} ${item.label}`, query);
    const score = own ?? (withContext === null ? null : withContext + 4);
    if (score !== null) scored.push({ item, score, index });
  });
  return scored.sort((a, b) => a.score - b.score || a.index - b.index).map((s) => s.item);
}
