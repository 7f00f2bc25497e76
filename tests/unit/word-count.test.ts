import { describe, expect, it } from 'vitest';
import { countWords, plainText } from '../../src/common/lexical/document';
import { fixtureDocument, fixtureNames, loadFixture } from '../support/fixtures';
import { between, pick, seeded } from '../support/random';

/** The definition of a word, as a regex: what countWords's loop must agree with. */
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’\-‐][\p{L}\p{N}\p{M}]+)*/gu;
const byRegex = (text: string) => [...text.matchAll(WORD)].length;

describe('countWords', () => {
  it.each([
    ['', 0],
    ['   \n\t ', 0],
    ['cease-fire', 1],
    ["don't stop", 2],
    ['a--b', 2],
    ['a- b', 2],
    ["'tis the season", 3],
    ['rock ’n’ roll', 3],
    ['Élysée Palace, 2026', 3],
    ['القاهرة ودمشق', 2],
    ['北京', 1],
    ['e\u0301te\u0301', 1],
    ['𝐁𝐨𝐥𝐝 math letters', 3],
    ['😀 🇺🇦 — …', 0],
  ])('counts %j as %i', (text, expected) => {
    expect(countWords(text)).toBe(expected);
    expect(byRegex(text)).toBe(expected);
  });

  it('agrees with the regex on every fixture article', () => {
    for (const name of fixtureNames()) {
      const text = plainText(fixtureDocument(loadFixture(name)));
      expect(countWords(text), name).toBe(byRegex(text));
    }
  });

  it('agrees with the regex on random mixtures of letters, joiners, marks and symbols', () => {
    const random = seeded(2026);
    const pieces = ['a', 'Z', '7', 'é', 'ß', 'ж', 'م', '中', '\u0301', '𝐁', "'", '’', '-', '‐', ' ', '\n', '.', ',', '—', '😀', '\u200b', '_'];
    for (let trial = 0; trial < 2_000; trial++) {
      const text = Array.from({ length: between(random, 0, 40) }, () => pick(random, pieces)).join('');
      expect(countWords(text), JSON.stringify(text)).toBe(byRegex(text));
    }
  });
});
