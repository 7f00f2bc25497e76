import { LIMITS } from './domain';

/**
 * A URL slug from a headline: accents folded ("Dupré" → "dupre"), anything
 * else that is not a letter or digit becomes one hyphen. Scripts without a
 * Latin form are dropped rather than guessed at, so such a headline gives an
 * empty slug that the writer fills in.
 */
export function slugify(headline: string): string {
  return headline
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[æ]/g, 'ae')
    .replace(/[ø]/g, 'o')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, LIMITS.slug)
    .replace(/-+$/g, '');
}
