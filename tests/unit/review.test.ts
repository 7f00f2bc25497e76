import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_SETTINGS, runCheck } from '../../src/common/check';
import { toHtml } from '../../src/common/export/html';
import { toMarkdown } from '../../src/common/export/markdown';
import type { Draft } from '../../src/common/domain';
import { AppError } from '../../src/common/errors';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { figureNode } from '../../src/common/nodes/figure/figureJson';
import { citationNode } from '../../src/common/nodes/citation/citationJson';
import { createFixtureDraft } from '../support/fixtures';
import { openTestStore, validated, type TestStore } from '../support/store';

let store: TestStore;
afterEach(async () => {
  await store?.close();
});

async function appError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

function saved(outcome: { kind: string; draft?: Draft }): Draft {
  if (outcome.kind !== 'saved' || !outcome.draft) throw new Error(`expected a save, got ${outcome.kind}`);
  return outcome.draft;
}

describe('the pre-publish check', () => {
  it('lists exactly the problems of the diplomacy-watch and edge-cases fixtures', async () => {
    store = await openTestStore();
    const handlers = validated(store);
    const diplomacy = await createFixtureDraft(handlers, 'diplomacy-watch');
    const edge = await createFixtureDraft(handlers, 'edge-cases');
    // The fixtures carry sources but no inline citations, so every source is uncited.
    expect((await store.call('drafts.check', { id: diplomacy.id })).map((p) => [p.rule, p.severity])).toEqual([
      ['source_uncited', 'warning'],
      ['source_uncited', 'warning'],
      ['source_uncited', 'warning'],
      ['source_uncited', 'warning'],
    ]);
    expect((await store.call('drafts.check', { id: edge.id })).map((p) => [p.rule, p.severity, p.message])).toEqual([
      ['top_image_missing', 'error', 'The piece has no top image.'],
      ['source_uncited', 'warning', 'Source 1 (Example Wire) is never cited in the text.'],
    ]);
  });

  it('finds every kind of problem, each pointing at its place', () => {
    const draft = {
      headline: 'x'.repeat(120),
      dek: '',
      section: '',
      tags: [],
      topImage: null,
      sources: [
        { id: 's1', outlet: 'Wire', title: '', url: '', author: '', published: '', accessed: '', notes: '' },
        {
          id: 's2',
          outlet: 'Blog',
          title: '',
          url: 'ftp://example.org/x',
          author: '',
          published: '',
          accessed: '',
          notes: '',
        },
      ],
      body: {
        root: {
          type: 'root' as const,
          children: [
            figureNode({ image: 'a'.repeat(64), alt: '', caption: 'Leaders arrive', credit: '', license: '' }),
            paragraphNode([textNode('Claim'), citationNode('s1'), citationNode('gone')]),
          ],
        },
      },
    };
    const problems = runCheck({ draft, openNotes: [{ id: 'n1', quote: 'Claim' }] });
    expect(problems.map((p) => p.rule)).toEqual([
      'headline_too_long',
      'dek_missing',
      'top_image_missing',
      'figure_credit_missing',
      'figure_alt_missing',
      'citation_dangling',
      'source_url_missing',
      'source_uncited',
      'source_url_invalid',
      'tags_missing',
      'section_missing',
      'notes_open',
    ]);
    expect(problems.find((p) => p.rule === 'citation_dangling')!.target).toEqual({
      kind: 'citation',
      index: 1,
      sourceId: 'gone',
    });
    expect(problems.find((p) => p.rule === 'figure_alt_missing')!.message).toBe(
      'Figure 1 (“Leaders arrive”) has no alt text.',
    );
    const relaxed = runCheck(
      { draft, openNotes: [] },
      {
        ...DEFAULT_CHECK_SETTINGS,
        headlineMaxLength: 200,
        severities: { ...DEFAULT_CHECK_SETTINGS.severities, top_image_missing: 'off', tags_missing: 'warning' },
      },
    );
    expect(relaxed.map((p) => p.rule)).not.toContain('top_image_missing');
    expect(relaxed.map((p) => p.rule)).not.toContain('headline_too_long');
    expect(relaxed.find((p) => p.rule === 'tags_missing')!.severity).toBe('warning');
  });
});

describe('the check rules as a setting', () => {
  it('runs every piece with the saved severities and limit, and refuses a rule set it could not use', async () => {
    store = await openTestStore();
    const draft = await store.call('drafts.create', {
      headline: 'A headline of exactly thirty c',
      body: { root: { type: 'root', children: [paragraphNode([textNode('Text.')])] } },
    });
    const rules = async () =>
      (await store.call('drafts.check', { id: draft.id })).map((p) => `${p.rule}:${p.severity}`);
    expect(await rules()).toEqual([
      'dek_missing:warning',
      'top_image_missing:error',
      'tags_missing:error',
      'section_missing:error',
    ]);

    await store.call('settings.set', {
      key: 'check',
      value: { headlineMaxLength: 20, severities: { top_image_missing: 'off', dek_missing: 'error' } },
    });
    expect(await rules()).toEqual([
      'headline_too_long:warning',
      'dek_missing:error',
      'tags_missing:error',
      'section_missing:error',
    ]);
    expect((await store.call('drafts.check', { id: draft.id }))[0]!.message).toBe(
      'The headline is 30 characters; the limit is 20.',
    );

    const unusable: Array<string | Record<string, number | Record<string, string>>> = [
      { headlineMaxLength: 3 },
      { severities: { top_image_missing: 'fatal' } },
      { severities: { no_such_rule: 'off' } },
      'strict',
    ];
    for (const value of unusable) {
      const err = await appError(store.call('settings.set', { key: 'check', value }));
      expect(err.code).toBe('invalid_input');
      expect(err.message).toMatch(/^The pre-publish check settings were not saved: /);
    }
    expect((await store.call('settings.get', { key: 'check' })).value).toEqual({
      headlineMaxLength: 20,
      severities: { top_image_missing: 'off', dek_missing: 'error' },
    });
  });
});

describe('the workflow', () => {
  it('refuses an invalid move with a clear message and writes nothing', async () => {
    store = await openTestStore();
    const draft = await store.call('drafts.create', { headline: 'Moves' });
    const err = await appError(
      store.call('drafts.setStatus', { id: draft.id, expectedVersion: 1, status: 'published' }),
    );
    expect(err.code).toBe('invalid_transition');
    expect(err.message).toBe(
      'A piece that is "Draft" cannot become "Published"; it can become "In review" or "Archived".',
    );
    expect((await store.call('drafts.get', { id: draft.id })).version).toBe(1);
    expect(await store.call('drafts.trail', { id: draft.id })).toEqual([]);
  });

  it('blocks approval on check errors, lets only an editor override with a reason, and keeps it in the trail', async () => {
    store = await openTestStore();
    await store.call('profile.set', { name: 'Wanda Writer', role: 'writer' });
    const edge = await createFixtureDraft(validated(store), 'edge-cases');
    const review = saved(
      await store.call('drafts.setStatus', {
        id: edge.id,
        expectedVersion: edge.version,
        status: 'in_review',
        note: 'over to you',
      }),
    );

    const blocked = await appError(
      store.call('drafts.setStatus', { id: edge.id, expectedVersion: review.version, status: 'approved' }),
    );
    expect(blocked.code).toBe('check_failed');
    expect(blocked.message).toContain('The piece has no top image.');
    const writerOverride = await appError(
      store.call('drafts.setStatus', {
        id: edge.id,
        expectedVersion: review.version,
        status: 'approved',
        override: 'running without art',
      }),
    );
    expect(writerOverride.code).toBe('forbidden');
    expect((await store.call('drafts.get', { id: edge.id })).status).toBe('in_review');

    await store.call('profile.set', { name: 'Eddie Editor', role: 'editor' });
    const approved = saved(
      await store.call('drafts.setStatus', {
        id: edge.id,
        expectedVersion: review.version,
        status: 'approved',
        override: 'running without art',
      }),
    );
    expect(approved.status).toBe('approved');
    const trail = await store.call('drafts.trail', { id: edge.id });
    expect(trail.map((t) => [t.from, t.to, t.actor, t.role, t.note, t.overrideReason])).toEqual([
      ['draft', 'in_review', 'Wanda Writer', 'writer', 'over to you', ''],
      ['in_review', 'approved', 'Eddie Editor', 'editor', '', 'running without art'],
    ]);
  });

  it('approves a clean piece without an override, and counts open notes as blocking', async () => {
    store = await openTestStore();
    // The fixture arrives already in review.
    const review = await createFixtureDraft(validated(store), 'diplomacy-watch');
    const diplomacy = review;
    expect(review.status).toBe('in_review');
    const noteId = randomUUID();
    await store.call('notes.add', { draftId: diplomacy.id, id: noteId, quote: 'strengthen', body: 'Which side?' });
    expect(
      (
        await appError(
          store.call('drafts.setStatus', { id: diplomacy.id, expectedVersion: review.version, status: 'approved' }),
        )
      ).code,
    ).toBe('check_failed');
    await store.call('notes.resolve', { id: noteId, resolved: true });
    expect(
      saved(
        await store.call('drafts.setStatus', { id: diplomacy.id, expectedVersion: review.version, status: 'approved' }),
      ).status,
    ).toBe('approved');
  });
});

describe('review notes', () => {
  it('keeps replies, resolution and reopening, signed by the profile', async () => {
    store = await openTestStore();
    await store.call('profile.set', { name: 'Eddie Editor', role: 'editor' });
    const draft = await store.call('drafts.create', { headline: 'Notes' });
    const id = randomUUID();
    await store.call('notes.add', { draftId: draft.id, id, quote: 'the talks', body: 'Source?' });
    await store.call('profile.set', { name: 'Wanda Writer', role: 'writer' });
    await store.call('notes.reply', { parentId: id, body: 'Reuters, para 4.' });
    const resolved = await store.call('notes.resolve', { id, resolved: true });
    expect(resolved).toMatchObject({ author: 'Eddie Editor', quote: 'the talks', resolvedBy: 'Wanda Writer' });
    expect(resolved.replies).toEqual([expect.objectContaining({ author: 'Wanda Writer', body: 'Reuters, para 4.' })]);
    const reopened = await store.call('notes.resolve', { id, resolved: false });
    expect(reopened.resolvedAt).toBeNull();
    expect(await store.call('notes.list', { draftId: draft.id })).toHaveLength(1);
  });

  it('never puts a note into the saved body: the body holds only the mark id', async () => {
    store = await openTestStore();
    const draft = await store.call('drafts.create', { headline: 'Marks' });
    const id = randomUUID();
    await store.call('notes.add', { draftId: draft.id, id, quote: 'words', body: 'A private remark' });
    const body = {
      root: {
        type: 'root' as const,
        children: [paragraphNode([{ type: 'mark', version: 1, ids: [id], children: [textNode('words')] }])],
      },
    };
    saved(await store.call('drafts.save', { id: draft.id, expectedVersion: 1, body }));
    const stored = await store.call('drafts.get', { id: draft.id });
    expect(JSON.stringify(stored.body)).toContain(id);
    expect(JSON.stringify(stored.body)).not.toContain('A private remark');
    // Exports keep the marked words and drop the mark and its id.
    for (const out of [toMarkdown(stored), toHtml(stored)]) {
      expect(out).toContain('words');
      expect(out).not.toContain(id);
      expect(out).not.toMatch(/<mark/);
    }
  });
});

describe('the tag vocabulary', () => {
  it('renames a tag on every piece in one action, and refuses a rename onto another tag', async () => {
    store = await openTestStore();
    const a = await store.call('drafts.create', { headline: 'A', tags: ['Ukraine war', 'Energy'] });
    const b = await store.call('drafts.create', { headline: 'B', tags: ['Ukraine war'] });
    const renamed = await store.call('tags.rename', { name: 'ukraine WAR', to: 'War in Ukraine' });
    expect(renamed).toEqual({ name: 'War in Ukraine', count: 2, description: '' });
    const [ga, gb] = [await store.call('drafts.get', { id: a.id }), await store.call('drafts.get', { id: b.id })];
    expect(ga.tags).toEqual(['War in Ukraine', 'Energy']);
    expect(gb.tags).toEqual(['War in Ukraine']);
    expect(ga.version).toBe(2);
    expect((await store.call('drafts.list', { query: 'war in ukraine' })).total).toBe(2);
    const clash = await appError(store.call('tags.rename', { name: 'Energy', to: 'war in ukraine' }));
    expect(clash.message).toBe('A tag called “War in Ukraine” already exists; merge the two instead.');
  });

  it('merges one tag into another without duplicates, and deletes with the count affected', async () => {
    store = await openTestStore();
    const both = await store.call('drafts.create', { headline: 'Both', tags: ['Russia', 'Kremlin'] });
    const one = await store.call('drafts.create', { headline: 'One', tags: ['Kremlin'] });
    await store.call('tags.describe', { name: 'Kremlin', description: 'The Russian presidency' });
    expect(await store.call('tags.merge', { from: 'Kremlin', into: 'Russia' })).toEqual({
      name: 'Russia',
      count: 2,
      description: 'The Russian presidency',
    });
    expect((await store.call('drafts.get', { id: both.id })).tags).toEqual(['Russia']);
    expect((await store.call('drafts.get', { id: one.id })).tags).toEqual(['Russia']);
    expect((await store.call('tags.list', {})).map((t) => t.name)).toEqual(['Russia']);
    expect(await store.call('tags.delete', { name: 'russia' })).toEqual({ name: 'Russia', affected: 2 });
    expect((await store.call('drafts.get', { id: both.id })).tags).toEqual([]);
    const integrity = await store.ctx.db.get<{ integrity_check: string }>('PRAGMA integrity_check');
    expect(integrity?.integrity_check).toBe('ok');
  });

  it('adds and removes tags on several pieces at once', async () => {
    store = await openTestStore();
    const a = await store.call('drafts.create', { headline: 'A', tags: ['Old'] });
    const b = await store.call('drafts.create', { headline: 'B' });
    expect(await store.call('drafts.bulkTag', { ids: [a.id, b.id], add: ['Qatar'], remove: ['old'] })).toEqual({
      changed: 2,
    });
    expect((await store.call('drafts.get', { id: a.id })).tags).toEqual(['Qatar']);
    expect((await store.call('drafts.get', { id: b.id })).tags).toEqual(['Qatar']);
  });
});

describe('revision names', () => {
  it('lets a writer name a revision', async () => {
    store = await openTestStore();
    const draft = await store.call('drafts.create', { headline: 'Named' });
    saved(
      await store.call('drafts.save', { id: draft.id, expectedVersion: 1, reason: 'manual', headline: 'Named two' }),
    );
    const [revision] = await store.call('revisions.list', { draftId: draft.id });
    expect((await store.call('revisions.rename', { id: revision!.id, name: 'sent to legal' })).name).toBe(
      'sent to legal',
    );
    expect((await store.call('revisions.list', { draftId: draft.id }))[0]!.name).toBe('sent to legal');
  });
});
