import { describe, expect, it } from 'vitest';
import { countWords, plainText, readerText, wordCount, type SerializedNode } from '../../src/common/lexical/document';
import { headingNode, linkNode, listNode, paragraphNode, quoteNode, textNode } from '../../src/common/lexical/nodes';
import { citationNode } from '../../src/common/nodes/citation/citationJson';
import { figureNode } from '../../src/common/nodes/figure/figureJson';
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
    const pieces = [
      'a',
      'Z',
      '7',
      'é',
      'ß',
      'ж',
      'م',
      '中',
      '\u0301',
      '𝐁',
      "'",
      '’',
      '-',
      '‐',
      ' ',
      '\n',
      '.',
      ',',
      '—',
      '😀',
      '\u200b',
      '_',
    ];
    for (let trial = 0; trial < 2_000; trial++) {
      const text = Array.from({ length: between(random, 0, 40) }, () => pick(random, pieces)).join('');
      expect(countWords(text), JSON.stringify(text)).toBe(byRegex(text));
    }
  });
});

describe('wordCount: the body as a reader reads it', () => {
  it('counts paragraphs, headings, quotes, lists and link text, and not captions, credits or citations', () => {
    const blocks: SerializedNode[] = [
      paragraphNode([
        textNode('Talks resumed on '),
        linkNode('https://example.org', [textNode('Monday morning')]),
        citationNode('s1'),
        textNode('.'),
      ]),
      figureNode({
        image: 'abc',
        alt: 'Leaders on a platform',
        caption: 'Leaders arrive at the station.',
        credit: 'JEAN DUPRÉ/Pool via REUTERS',
        license: '',
      }),
      headingNode(2, [textNode('What comes next')]),
      quoteNode([textNode('“Nothing to break off.”')]),
      listNode(false, [[textNode('Verification')], [textNode('cease-fire lines')]]),
    ];
    expect(wordCount(blocks)).toBe(5 + 3 + 4 + 3);
    expect(readerText(blocks)).not.toContain('REUTERS');
    expect(readerText(blocks)).not.toContain('Leaders arrive');
  });

  it('is the sum of its blocks’ counts, so a block-by-block save stores the same number', () => {
    for (const name of fixtureNames()) {
      const blocks = fixtureDocument(loadFixture(name)).root.children;
      expect(
        blocks.reduce((n, block) => n + wordCount([block]), 0),
        name,
      ).toBe(wordCount(blocks));
    }
  });

  it('leaves a figure-only piece at zero words', () => {
    expect(
      wordCount([figureNode({ image: 'abc', alt: '', caption: 'A caption of five words', credit: 'AP', license: '' })]),
    ).toBe(0);
  });
});
