import { describe, expect, it } from 'vitest';
import { findMatches, replaceMatches, type FindOptions } from '../../src/common/find/findMatches';

const plain: FindOptions = { matchCase: false, wholeWord: false };
const texts = (text: string, query: string, options: FindOptions = plain) =>
  findMatches(text, query, options).map((m) => text.slice(m.start, m.end));

describe('findMatches', () => {
  it('finds nothing for an empty query', () => {
    expect(findMatches('anything', '', plain)).toEqual([]);
  });

  it('ignores case unless asked, and gives offsets into the text', () => {
    expect(findMatches('Harbour plan, harbour wall, HARBOUR', 'harbour', plain)).toEqual([
      { start: 0, end: 7 },
      { start: 14, end: 21 },
      { start: 28, end: 35 },
    ]);
    expect(texts('Harbour plan, harbour wall, HARBOUR', 'harbour', { matchCase: true, wholeWord: false })).toEqual([
      'harbour',
    ]);
    expect(texts('Élysée and élysée', 'ÉLYSÉE')).toEqual(['Élysée', 'élysée']);
  });

  it('takes the query literally, not as a pattern', () => {
    expect(texts('costs $5.00 (or 5x00)', '$5.00')).toEqual(['$5.00']);
    expect(texts('a.b and axb', 'a.b')).toEqual(['a.b']);
    expect(texts('[^2] cites', '[^2]')).toEqual(['[^2]']);
  });

  it('whole word skips matches inside a longer word, in any script', () => {
    const whole = { matchCase: false, wholeWord: true };
    expect(texts('the theatre, the_end, bathe, The.', 'the', whole)).toEqual(['the', 'The']);
    expect(texts('cat café', 'caf', whole)).toEqual([]);
    expect(texts('naïve naïveté', 'naïve', whole)).toEqual(['naïve']);
    // A letter outside the Basic Multilingual Plane is a word character too.
    expect(texts('𝐀cat cat𝐀 cat', 'cat', whole)).toEqual(['cat']);
    expect(texts('U.S. and U.S.A.', 'U.S.', whole)).toEqual(['U.S.']);
  });

  it('does not overlap matches', () => {
    expect(findMatches('aaaa', 'aa', plain)).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
    ]);
  });
});

describe('replaceMatches', () => {
  it('replaces exactly the matches given, in one pass', () => {
    const text = 'The harbour plan; the Harbour wall.';
    expect(replaceMatches(text, findMatches(text, 'harbour', plain), 'port')).toBe('The port plan; the port wall.');
    // The replacement may contain the query: it is not searched again.
    expect(replaceMatches('cat cat', findMatches('cat cat', 'cat', plain), 'cats')).toBe('cats cats');
    expect(replaceMatches(text, [], 'port')).toBe(text);
  });
});
