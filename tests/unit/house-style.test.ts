import { afterEach, describe, expect, it } from 'vitest';
import { checkSettingsFrom, CheckSettingsInput, DEFAULT_CHECK_SETTINGS, runCheck } from '../../src/common/check';
import { emptyDocument, documentOf } from '../../src/common/lexical/document';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { houseStyleListProblem, houseStyleMatcher, type HouseStyleTerm } from '../../src/common/style/houseStyle';
import { newsroomWordsProblem } from '../../src/common/style/newsroomWords';
import { spellingWords } from '../../src/common/style/spellingWords';
import { openTestStore, type TestStore } from '../support/store';

const KIEV: HouseStyleTerm = { term: 'Kiev', preferred: 'Kyiv', reason: '' };
const PERCENT: HouseStyleTerm = { term: 'percent', preferred: 'per cent', reason: '' };
const PER_CENT: HouseStyleTerm = { term: 'per cent', preferred: '%', reason: 'in tables' };
const SLAMMED: HouseStyleTerm = { term: 'slammed', preferred: '', reason: 'Say what they said.' };

const hits = (list: HouseStyleTerm[], text: string) =>
  houseStyleMatcher(list)(text).map((h) => [text.slice(h.start, h.end), h.suggestion]);

describe('house-style matching', () => {
  it('finds whole words only, in any case, and offers the preferred form capitalised as written', () => {
    expect(hits([KIEV], 'Kiev, KIEV and kiev’s mayor; not Kievan or XKiev.')).toEqual([
      ['Kiev', 'Kyiv'],
      ['KIEV', 'Kyiv'],
      ['kiev', 'Kyiv'],
    ]);
    expect(hits([PERCENT], 'Percent rose 5 percent; percentage did not.')).toEqual([
      ['Percent', 'Per cent'],
      ['percent', 'per cent'],
    ]);
  });

  it('matches a multi-word term across any run of spaces, never across letters', () => {
    expect(hits([PER_CENT], 'Up 4 per  cent, then per\u00a0cent again; not percent nor super cent.')).toEqual([
      ['per  cent', '%'],
      ['per\u00a0cent', '%'],
    ]);
  });

  it('prefers the longer term where two overlap, and reports a banned term with no suggestion', () => {
    const cent: HouseStyleTerm = { term: 'cent', preferred: 'penny', reason: '' };
    expect(hits([cent, PER_CENT], 'one per cent, one cent')).toEqual([
      ['per cent', '%'],
      ['cent', 'penny'],
    ]);
    expect(hits([SLAMMED], 'The minister slammed it.')).toEqual([['slammed', '']]);
  });

  it('does not flag the preferred form itself when it differs from the term only in case', () => {
    const internet: HouseStyleTerm = { term: 'Internet', preferred: 'internet', reason: '' };
    expect(hits([internet], 'the internet and the Internet')).toEqual([['Internet', 'internet']]);
  });
});

describe('the house-style list and the newsroom dictionary as settings', () => {
  it('refuses empty, duplicate, over-long and reasonless entries with a sentence saying which', () => {
    expect(houseStyleListProblem([KIEV, PERCENT, SLAMMED])).toBeNull();
    expect(houseStyleListProblem([{ term: '  ', preferred: 'x', reason: '' }])).toMatch(/needs the word/);
    expect(houseStyleListProblem([KIEV, { term: 'kiev', preferred: 'Kyiv', reason: '' }])).toBe(
      '“kiev” is already in the house-style list.',
    );
    expect(houseStyleListProblem([{ term: 'per   cent', preferred: '%', reason: '' }, PER_CENT])).toMatch(/already/);
    expect(houseStyleListProblem([{ term: 'x'.repeat(61), preferred: 'y', reason: '' }])).toMatch(/longer than 60/);
    expect(houseStyleListProblem([{ term: 'slammed', preferred: '', reason: '' }])).toBe(
      'Say why “slammed” is banned, or give the form to use instead.',
    );
    expect(houseStyleListProblem([{ term: 'Kyiv', preferred: 'Kyiv', reason: '' }])).toMatch(/its own preferred/);
    expect(houseStyleListProblem([{ term: '—', preferred: 'x', reason: '' }])).toMatch(/no letters/);
  });

  it('refuses a dictionary word that is empty, two words, a duplicate or not a word', () => {
    expect(newsroomWordsProblem(['Copydesk', 'copydesk', 'Zelensky'])).toBeNull();
    expect(newsroomWordsProblem([''])).toMatch(/empty/);
    expect(newsroomWordsProblem(['New York'])).toMatch(/more than one word/);
    expect(newsroomWordsProblem(['Copydesk', 'Copydesk'])).toMatch(/already in the newsroom dictionary/);
    expect(newsroomWordsProblem(['1234'])).toMatch(/no letters/);
    expect(newsroomWordsProblem(['a'.repeat(51)])).toMatch(/longer than 50/);
  });

  it('keeps old settings readable and fills the two lists with nothing', () => {
    expect(checkSettingsFrom({ headlineMaxLength: 90 })).toMatchObject({ houseStyle: [], dictionary: [] });
    const parsed = CheckSettingsInput.parse({
      houseStyle: [{ term: ' per   cent ', preferred: ' % ' }],
      dictionary: [' Zelensky ', 'Kyiv’s'],
    });
    expect(parsed.houseStyle).toEqual([{ term: 'per cent', preferred: '%', reason: '' }]);
    expect(parsed.dictionary).toEqual(['Zelensky', "Kyiv's"]);
  });
});

describe('the pre-publish check and the house style', () => {
  const draft = {
    headline: 'Kiev budget grows',
    dek: '',
    section: 'News',
    tags: ['Budget'],
    sources: [],
    topImage: null,
    body: documentOf([
      paragraphNode([textNode('Spending in Kiev rose 4 percent.')]),
      paragraphNode([textNode('Kiev’s council slammed it.')]),
    ]),
  };

  it('lists each term once per place, with how often and what to use instead', () => {
    const settings = { ...DEFAULT_CHECK_SETTINGS, houseStyle: [KIEV, PERCENT, SLAMMED] };
    const problems = runCheck({ draft, openNotes: [] }, settings).filter((p) => p.rule === 'house_style');
    expect(problems.map((p) => p.message)).toEqual([
      'House style: “Kiev” in the headline; use “Kyiv”.',
      'House style: “Kiev” 2 times in the text; use “Kyiv”.',
      'House style: “percent” in the text; use “per cent”.',
      'House style: “slammed” in the text; banned: Say what they said.',
    ]);
    expect(problems[0]!.severity).toBe('warning');
    expect(problems[1]!.target).toEqual({ kind: 'words', where: 'body', found: 'Kiev' });
    const off = { ...settings, severities: { ...settings.severities, house_style: 'off' as const } };
    expect(runCheck({ draft, openNotes: [] }, off).some((p) => p.rule === 'house_style')).toBe(false);
    expect(runCheck({ draft: { ...draft, body: emptyDocument() }, openNotes: [] }).length).toBeGreaterThan(0);
  });
});

describe('the words the spelling check reads', () => {
  it('takes words with inner apostrophes, splits hyphens, and skips numbers, lone letters and addresses', () => {
    const text = 'Didn’t the cease-fire hold? 2024 x G7 see https://example.com/teh or ed@teh.org, www.teh.com.';
    expect(spellingWords(text).map((w) => w.word)).toEqual(["Didn't", 'the', 'cease', 'fire', 'hold', 'see', 'or']);
    const first = spellingWords(text)[0]!;
    expect(text.slice(first.start, first.end)).toBe('Didn’t');
  });
});

describe('the check rules with the house style, stored', () => {
  let store: TestStore;
  afterEach(async () => {
    await store?.close();
  });

  it('stores a valid list and refuses a bad one with the reason, keeping what was there', async () => {
    store = await openTestStore();
    const value = { houseStyle: [KIEV], dictionary: ['Zelensky'] };
    await store.call('settings.set', { key: 'check', value });
    await expect(store.call('settings.set', { key: 'check', value: { houseStyle: [KIEV, KIEV] } })).rejects.toThrow(
      'The pre-publish check settings were not saved: “Kiev” is already in the house-style list.',
    );
    expect((await store.call('settings.get', { key: 'check' })).value).toEqual({
      houseStyle: [{ term: 'Kiev', preferred: 'Kyiv', reason: '' }],
      dictionary: ['Zelensky'],
    });
  });
});
