import { afterEach, describe, expect, it } from 'vitest';
import type { ApiInput } from '../../src/common/api';
import type { Draft, DraftStatus } from '../../src/common/domain';
import { SEARCH_INDEXES, SNIPPET_CLOSE, SNIPPET_OPEN, spellOutPrefix } from '../../src/main/db/ftsQuery';
import { pick, seeded } from '../support/random';
import { createFixtureDraft, fixtureNames } from '../support/fixtures';
import { openTestStore, validated, type TestStore } from '../support/store';
import { closeAndRemove, doc, expectSearchIndexesInStep } from './_support';

/** The library's one query: full-text search, filters, sorting and paging. */

let store: TestStore;
afterEach(async () => {
  await closeAndRemove(store);
});

const MINUTE = 60_000;

/** The raw markers FTS puts around hits must never leak into a snippet's text. */
const hasMarker = (text: string) => text.includes(SNIPPET_OPEN) || text.includes(SNIPPET_CLOSE);

async function create(input: ApiInput<'drafts.create'>): Promise<Draft> {
  const draft = await store.call('drafts.create', input);
  store.clock.advance(MINUTE);
  return draft;
}

async function ids(input: ApiInput<'drafts.list'>): Promise<string[]> {
  return (await store.call('drafts.list', input)).rows.map((r) => r.id);
}

/** Moves a draft along the workflow to `status`, one allowed step at a time. */
async function moveTo(draft: Draft, status: DraftStatus): Promise<Draft> {
  const path: Record<DraftStatus, DraftStatus[]> = {
    draft: [],
    in_review: ['in_review'],
    approved: ['in_review', 'approved'],
    published: ['in_review', 'approved', 'published'],
    archived: ['archived'],
  };
  let current = draft;
  // These bare test pieces would fail the pre-publish check; an editor moves them on regardless.
  await store.call('profile.set', { name: 'Test editor', role: 'editor' });
  for (const step of path[status]) {
    const override = step === 'approved' || step === 'published' ? { override: 'search test fixture' } : {};
    const outcome = await store.call('drafts.setStatus', {
      id: current.id,
      expectedVersion: current.version,
      status: step,
      ...override,
    });
    if (outcome.kind !== 'saved') throw new Error(`could not move to ${step}`);
    current = outcome.draft;
  }
  return current;
}

describe('search ranking and snippets', () => {
  it('ranks a headline hit above a body-only hit, even one that repeats the word', async () => {
    store = await openTestStore();
    const bodyOnly = await create({
      headline: 'Weekly round-up from the capitals',
      body: doc('Diplomats said the truce might hold.', 'Nobody expected the truce to be signed this week.'),
    });
    const inHeadline = await create({
      headline: 'Energy truce signed at dawn',
      body: doc('The document runs to four pages.'),
    });
    await create({ headline: 'Harvest figures', body: doc('Wheat exports rose again.') });
    await create({ headline: 'Rail strike', body: doc('Trains stopped at noon.') });

    expect(await ids({ query: 'truce' })).toEqual([inHeadline.id, bodyOnly.id]);
    expect(await ids({ query: 'truce', sort: 'relevance' })).toEqual([inHeadline.id, bodyOnly.id]);
    // A different sort still filters by the query.
    expect(await ids({ query: 'truce', sort: 'updated', direction: 'asc' })).toEqual([bodyOnly.id, inHeadline.id]);
  });

  it('returns a snippet with the hits marked, and none without a query', async () => {
    store = await openTestStore();
    await create({
      headline: 'Gas corridor',
      body: doc(
        'Engineers inspected the valves for most of the morning before the ministers arrived. ' +
          'The new pipeline carries gas from the coast to the northern towns, and its pipelines branch twice. ' +
          'Residents were told the work would finish by spring.',
      ),
    });
    const page = await store.call('drafts.list', { query: 'pipeline' });
    const snippet = page.rows[0]!.snippet!;
    expect(snippet).toBeDefined();
    expect(snippet.filter((p) => p.hit).map((p) => p.text.toLowerCase())).toContain('pipeline');
    expect(snippet.some((p) => !p.hit)).toBe(true);
    const text = snippet.map((p) => p.text).join('');
    expect(text).toMatch(/new pipeline carries/);
    expect(hasMarker(text)).toBe(false);

    // The last word is a prefix, and the snippet marks the whole word it matched.
    const prefixed = await store.call('drafts.list', { query: 'pipel' });
    expect(prefixed.rows[0]!.snippet!.filter((p) => p.hit).map((p) => p.text)).toEqual(
      expect.arrayContaining(['pipeline', 'pipelines']),
    );

    // A headline hit shows the headline as the passage.
    const headline = await store.call('drafts.list', { query: 'corridor' });
    expect(headline.rows[0]!.snippet).toEqual([
      { text: 'Gas ', hit: false },
      { text: 'corridor', hit: true },
    ]);

    expect((await store.call('drafts.list', {})).rows[0]!.snippet).toBeUndefined();
  });
});

describe('search terms', () => {
  it('matches the last word as a prefix, and only the last word', async () => {
    store = await openTestStore();
    const draft = await create({ headline: 'Grid negotiators meet again', body: doc('Talks resumed in Doha.') });
    expect(await ids({ query: 'negoti' })).toEqual([draft.id]);
    expect(await ids({ query: 'grid negoti' })).toEqual([draft.id]);
    expect(await ids({ query: 'gri negotiators' })).toEqual([]);
    // A trailing space means the word is finished.
    expect(await ids({ query: 'negoti ' })).toEqual([]);
    expect(await ids({ query: 'negotiators ' })).toEqual([draft.id]);
    // Quoted phrases stay phrases.
    expect(await ids({ query: '"talks resumed"' })).toEqual([draft.id]);
    expect(await ids({ query: '"resumed talks"' })).toEqual([]);
  });

  it('ignores diacritics and case in either direction', async () => {
    store = await openTestStore();
    // The diplomacy fixture credits its photo to "JEAN DUPRÉ/Pool via REUTERS" (in the body's figure).
    const diplomacy = await createFixtureDraft(validated(store), 'diplomacy-watch');
    const zurich = await create({ headline: 'Talks move to Zurich', body: doc('Señora Muñoz will chair them.') });
    expect(await ids({ query: 'Dupre' })).toEqual([diplomacy.id]);
    expect(await ids({ query: 'dupré' })).toEqual([diplomacy.id]);
    expect(await ids({ query: 'DUPR' })).toEqual([diplomacy.id]);
    expect(await ids({ query: 'Zürich' })).toEqual([zurich.id]);
    expect(await ids({ query: 'munoz' })).toEqual([zurich.id]);
    expect(await ids({ query: 'SENORA' })).toEqual([zurich.id]);
    // Decomposed input (e + combining acute) finds the composed text too.
    expect(await ids({ query: 'Dupre\u0301' })).toEqual([diplomacy.id]);
  });

  it('treats hostile query text as plain words and never throws', async () => {
    store = await openTestStore();
    const near = await create({
      headline: 'NEAR the border, AND beyond',
      body: doc('Shelling OR sirens (again) at 5*3 past "dawn".'),
    });
    await create({ headline: 'Unrelated', body: doc('Nothing here.') });
    const hostile = [
      'AND OR NEAR " * ( )',
      '"',
      '"""',
      '"unbalanced phrase',
      'NEAR(border shelling, 5)',
      'headline:border',
      '{headline dek}: border',
      '-border',
      '^border',
      '*',
      'border*',
      '* ( ) : ^ + - ~ \\',
      "'; DROP TABLE drafts; --",
      'sirens AND',
      'OR',
      '\u0000\u0001\u0002',
      '🔥🚀',
      'x'.repeat(500),
    ];
    for (const query of hostile) {
      const page = await store.call('drafts.list', { query });
      expect(page.total, query).toBeGreaterThanOrEqual(0);
      for (const row of page.rows) for (const part of row.snippet ?? []) expect(hasMarker(part.text)).toBe(false);
    }
    // The operators are just words: they find the draft that contains them.
    expect(await ids({ query: 'NEAR the border' })).toEqual([near.id]);
    expect(await ids({ query: 'sirens AND' })).toEqual([near.id]);
    expect(await ids({ query: 'dawn:border' })).toEqual([near.id]);
    // A column filter is not one: "headline" is a word the draft lacks.
    expect(await ids({ query: 'headline:border' })).toEqual([]);
    expect(await ids({ query: 'AND OR NEAR " * ( )' })).toEqual([near.id]);
    // The tables are still there.
    expect((await store.call('drafts.counts', {})).all).toBe(2);
  });

  it('searches tags and sources as well as text', async () => {
    store = await openTestStore();
    const tagged = await create({ headline: 'Budget vote', tags: ['Fiscal policy', 'Ünïcödé'] });
    const sourced = await create({
      headline: 'Port closure',
      sources: [
        {
          outlet: 'Lloyd’s List',
          title: 'Container lines reroute',
          url: 'https://www.lloydslist.example/reroute',
          author: 'Ines Okafor',
          notes: 'embargoed until Tuesday',
        },
      ],
    });
    expect(await ids({ query: 'fiscal' })).toEqual([tagged.id]);
    expect(await ids({ query: 'unicode' })).toEqual([tagged.id]);
    expect(await ids({ query: 'okafor' })).toEqual([sourced.id]);
    expect(await ids({ query: 'container lines' })).toEqual([sourced.id]);
    expect(await ids({ query: 'embargoed' })).toEqual([sourced.id]);
    expect(await ids({ query: 'lloydslist' })).toEqual([sourced.id]);

    // Changing the tags and sources moves the index with them.
    const saved = await store.call('drafts.save', {
      id: tagged.id,
      expectedVersion: tagged.version,
      tags: ['Elections'],
    });
    expect(saved.kind).toBe('saved');
    await store.call('drafts.save', { id: sourced.id, expectedVersion: sourced.version, sources: [] });
    expect(await ids({ query: 'fiscal' })).toEqual([]);
    expect(await ids({ query: 'elections' })).toEqual([tagged.id]);
    expect(await ids({ query: 'okafor' })).toEqual([]);
    await expectSearchIndexesInStep(store.ctx.db);
  });
});

describe('search stays in step with the drafts', () => {
  it('follows saves, trash, restore and purge', async () => {
    store = await openTestStore();
    const draft = await create({
      headline: 'Lighthouse keepers',
      dek: 'A vanishing trade',
      body: doc('The lamp was automated in 1998.'),
    });
    const other = await create({ headline: 'Lighthouse tourism', body: doc('Visitors climb the stairs.') });
    expect(await ids({ query: 'automated' })).toEqual([draft.id]);
    expect(await ids({ query: 'vanishing' })).toEqual([draft.id]);

    // Save: the old words go, the new ones come.
    const saved = await store.call('drafts.save', {
      id: draft.id,
      expectedVersion: 1,
      dek: 'A trade kept alive',
      body: doc('The lamp is still lit by hand.'),
    });
    expect(saved.kind).toBe('saved');
    expect(await ids({ query: 'automated' })).toEqual([]);
    expect(await ids({ query: 'vanishing' })).toEqual([]);
    expect(await ids({ query: 'lit by hand' })).toEqual([draft.id]);
    expect(await ids({ query: 'lighthouse' })).toHaveLength(2);

    // Trash: out of the library's search, still found in the trash's.
    await store.call('drafts.trash', { id: draft.id });
    expect(await ids({ query: 'lighthouse' })).toEqual([other.id]);
    expect(await ids({ query: 'lit by hand' })).toEqual([]);
    expect(await ids({ query: 'lit by hand', trashed: true })).toEqual([draft.id]);
    expect((await store.call('drafts.list', { query: 'lighthouse' })).total).toBe(1);
    expect((await store.call('drafts.list', { query: 'lighthouse', trashed: true })).total).toBe(1);
    await expectSearchIndexesInStep(store.ctx.db);

    // Restore: found again.
    await store.call('drafts.restore', { id: draft.id });
    expect(await ids({ query: 'lit by hand' })).toEqual([draft.id]);

    // Purge: gone from the index itself, not merely hidden.
    await store.call('drafts.trash', { id: draft.id });
    await store.call('drafts.purge', { id: draft.id });
    expect(await ids({ query: 'lit by hand' })).toEqual([]);
    expect(await ids({ query: 'lit by hand', trashed: true })).toEqual([]);
    for (const index of SEARCH_INDEXES) {
      const raw = await store.ctx.db.get<{ n: number }>(
        `SELECT count(*) AS n FROM ${index} WHERE ${index} MATCH 'hand'`,
      );
      expect(raw!.n).toBe(0);
    }
    expect(await ids({ query: 'lighthouse' })).toEqual([other.id]);
    await expectSearchIndexesInStep(store.ctx.db);
  });

  it('indexes every shared fixture and keeps the index consistent', async () => {
    store = await openTestStore();
    const handlers = validated(store);
    for (const name of fixtureNames()) await createFixtureDraft(handlers, name);
    expect((await store.call('drafts.list', { query: 'offensive' })).total).toBeGreaterThanOrEqual(1);
    expect((await store.call('drafts.list', { query: 'emoji' })).total).toBe(1);
    await expectSearchIndexesInStep(store.ctx.db);
  });
});

describe('ranking split across read connections', () => {
  /** Two hundred pieces whose bodies draw from a small vocabulary, so that words repeat with different weights. */
  async function vocabularyLibrary(): Promise<void> {
    const random = seeded(41);
    const words = [
      'ceasefire',
      'talks',
      'talksmith',
      'talkshow',
      'mediators',
      'Qatar',
      'negotiate',
      'negotiators',
      'harbour',
      'tariff',
      'grain',
      'convoy',
    ];
    for (let i = 0; i < 200; i++) {
      const body = Array.from({ length: 5 + (i % 23) }, () => pick(random, words)).join(' ');
      await create({ headline: i % 17 === 0 ? `Talks brief ${i}` : `Brief ${i}`, body: doc(`${body}.`) });
    }
  }

  /** The whole ranking in one statement on the writing connection: what the split must reproduce. */
  async function oneRanking(match: string): Promise<string[]> {
    const rows = await store.ctx.db.all<{ id: string }>(
      `SELECT d.id FROM drafts_fts f CROSS JOIN drafts d ON d.seq = f.rowid WHERE drafts_fts MATCH ?
       ORDER BY bm25(drafts_fts, 10.0, 5.0, 1.0, 4.0, 2.0), f.rowid DESC`,
      [match],
    );
    return rows.map((r) => r.id);
  }

  async function everyPage(query: string, limit: number): Promise<{ ids: string[]; totals: number[] }> {
    const found: string[] = [];
    const totals: number[] = [];
    for (let offset = 0; ; offset += limit) {
      const page = await store.call('drafts.list', { query, limit, offset });
      totals.push(page.total);
      found.push(...page.rows.map((r) => r.id));
      if (page.rows.length < limit) return { ids: found, totals };
    }
  }

  it.each([1, 2, 3])(
    'gives the order and total of one ranking with %i read connections, page after page',
    async (readers) => {
      store = await openTestStore({ readers });
      await vocabularyLibrary();
      for (const [query, match] of [
        ['talks ', '"talks"'],
        ['grain convoy ', '"grain" "convoy"'],
        ['mediators', '"mediators"*'],
      ] as const) {
        const expected = await oneRanking(match);
        expect(expected.length, query).toBeGreaterThan(10);
        const { ids: found, totals } = await everyPage(query, 7);
        expect(found, query).toEqual(expected);
        expect(new Set(totals), query).toEqual(new Set([expected.length]));
      }
    },
  );

  it('spells a typed prefix out as its few completions and finds exactly what the prefix finds', async () => {
    store = await openTestStore({ readers: 2 });
    await vocabularyLibrary();
    await create({ headline: 'Élysée statement', body: doc('The Élysée said little.') });
    for (const [query, prefix] of [
      ['talks', '"talks"*'],
      ['negotia', '"negotia"*'],
      ['grain conv', '"grain" "conv"*'],
      ['Élys', '"Élys"*'],
      ['ta', '"ta"*'],
      ['nothingstartsso', '"nothingstartsso"*'],
    ] as const) {
      const expected = (await oneRanking(prefix)).sort();
      const { ids: found, totals } = await everyPage(query, 50);
      expect(found.sort(), query).toEqual(expected);
      expect(totals[0], query).toBe(expected.length);
    }
    // The rewrite itself: a few completions are spelled out; a short prefix or one outside ASCII is left to FTS5.
    const [reader] = await store.ctx.readers.connections();
    const spell = (match: string) => spellOutPrefix(reader!, 'drafts_fts', match);
    expect(await spell('"talks"*')).toBe('("talks" OR "talkshow" OR "talksmith")');
    expect(await spell('"grain" "conv"*')).toBe('"grain" AND "convoy"');
    expect(await spell('"ta"*')).toBe('"ta"*');
    expect(await spell('"Élys"*')).toBe('"Élys"*');
    expect(await spell('"nothingstartsso"*')).toBe('"nothingstartsso"*');
    expect(await spell('"talks"')).toBe('"talks"');
  });
});

describe('filters, sorting and paging', () => {
  async function library() {
    const a = await create({
      headline: 'banana exports',
      section: 'Business',
      tags: ['Trade', 'Energy'],
      body: doc('Shipping costs rose.'),
    });
    const b = await moveTo(
      await create({ headline: 'Apple harvest', section: 'business', tags: ['energy'] }),
      'in_review',
    );
    const c = await moveTo(
      await create({ headline: 'cherry blossom', section: 'Culture', tags: ['Travel'] }),
      'approved',
    );
    const d = await moveTo(
      await create({ headline: 'Date palms', section: 'Culture', tags: ['Trade'], body: doc('Shipping by sea.') }),
      'published',
    );
    const e = await moveTo(await create({ headline: 'Elderflower', section: 'Food' }), 'archived');
    const untitled = await create({ section: 'Food', tags: ['Trade'] });
    return { a, b, c, d, e, untitled };
  }

  it('filters by status, tag (any case) and section (any case), alone and with a query', async () => {
    store = await openTestStore();
    const { a, b, c, d, e, untitled } = await library();
    expect(await ids({ status: 'draft' })).toEqual([untitled.id, a.id]);
    expect(await ids({ status: 'in_review' })).toEqual([b.id]);
    expect(await ids({ status: 'approved' })).toEqual([c.id]);
    expect(await ids({ status: 'published' })).toEqual([d.id]);
    expect(await ids({ status: 'archived' })).toEqual([e.id]);
    expect((await ids({ tag: 'ENERGY' })).sort()).toEqual([a.id, b.id].sort());
    expect((await ids({ tag: ' trade ' })).sort()).toEqual([a.id, d.id, untitled.id].sort());
    expect(await ids({ tag: 'nonexistent' })).toEqual([]);
    expect((await ids({ section: 'BUSINESS' })).sort()).toEqual([a.id, b.id].sort());
    expect(await ids({ section: 'Culture', status: 'approved' })).toEqual([c.id]);
    expect(await ids({ query: 'shipping', tag: 'trade' })).toHaveLength(2);
    expect(await ids({ query: 'shipping', section: 'culture' })).toEqual([d.id]);
    expect(await ids({ query: 'shipping', status: 'draft', tag: 'Trade' })).toEqual([a.id]);

    // The trash has its own index: the same filters, sorts and counts apply there.
    await store.call('drafts.trash', { id: a.id });
    await store.call('drafts.trash', { id: d.id });
    expect(await ids({ query: 'shipping' })).toEqual([]);
    expect(await ids({ query: 'shipping', trashed: true, sort: 'headline' })).toEqual([a.id, d.id]);
    expect(await ids({ query: 'shipping', trashed: true, sort: 'headline', direction: 'desc' })).toEqual([d.id, a.id]);
    expect(await ids({ query: 'shipping', trashed: true, section: 'culture' })).toEqual([d.id]);
    const trashed = await store.call('drafts.list', { query: 'shipping', trashed: true, status: 'draft' });
    expect([trashed.total, trashed.rows.map((r) => r.id)]).toEqual([1, [a.id]]);
    expect(trashed.rows[0]!.snippet?.some((part) => part.hit && /shipping/i.test(part.text))).toBe(true);
  });

  it('sorts by headline (untitled last), status, and dates, in both directions', async () => {
    store = await openTestStore();
    const { a, b, c, d, e, untitled } = await library();
    expect(await ids({ sort: 'headline' })).toEqual([b.id, a.id, c.id, d.id, e.id, untitled.id]);
    expect(await ids({ sort: 'headline', direction: 'desc' })).toEqual([e.id, d.id, c.id, a.id, b.id, untitled.id]);
    expect(await ids({ sort: 'status' })).toEqual([untitled.id, a.id, b.id, c.id, d.id, e.id]);
    expect(await ids({ sort: 'status', direction: 'desc' })).toEqual([e.id, d.id, c.id, b.id, untitled.id, a.id]);
    expect(await ids({ sort: 'created' })).toEqual([untitled.id, e.id, d.id, c.id, b.id, a.id]);
    expect(await ids({ sort: 'created', direction: 'asc' })).toEqual([a.id, b.id, c.id, d.id, e.id, untitled.id]);
    // Default: most recently updated first. Saving a moves it to the top.
    store.clock.advance(MINUTE);
    await store.call('drafts.save', { id: a.id, expectedVersion: a.version, dek: 'Updated' });
    expect((await ids({}))[0]).toBe(a.id);
  });

  it('pages with offset and limit, with the total of the whole result', async () => {
    store = await openTestStore();
    const all: string[] = [];
    for (let i = 0; i < 23; i++)
      all.push(
        (await create({ headline: `Brief ${String(i).padStart(2, '0')}`, body: doc(i % 2 ? 'odd tide' : 'even tide') }))
          .id,
      );
    const seen: string[] = [];
    for (let offset = 0; offset < 30; offset += 10) {
      const page = await store.call('drafts.list', { offset, limit: 10 });
      expect(page.total).toBe(23);
      expect(page.offset).toBe(offset);
      expect(page.rows).toHaveLength(Math.min(10, Math.max(0, 23 - offset)));
      seen.push(...page.rows.map((r) => r.id));
    }
    expect(seen).toEqual([...all].reverse());
    expect((await store.call('drafts.list', { offset: 100, limit: 10 })).rows).toEqual([]);
    expect((await store.call('drafts.list', { offset: 100, limit: 10 })).total).toBe(23);

    // Paging a search: the total counts every match, not the page.
    const first = await store.call('drafts.list', { query: 'odd', limit: 5 });
    const rest = await store.call('drafts.list', { query: 'odd', limit: 5, offset: 5 });
    expect(first.total).toBe(11);
    expect(rest.total).toBe(11);
    expect(new Set([...first.rows, ...rest.rows].map((r) => r.id)).size).toBe(10);

    // Rows carry the summary, never the body.
    const row = first.rows[0]!;
    expect(row).not.toHaveProperty('body');
    expect(row.sourceCount).toBe(0);
    expect(row.wordCount).toBe(2);
  });
});
