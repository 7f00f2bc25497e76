import { afterEach, describe, expect, it } from 'vitest';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import type { LexicalDocument } from '../../src/common/lexical/document';
import { createFixtureDraft, fixtureNames } from '../support/fixtures';
import { openTestStore, validated, type TestStore } from '../support/store';

const doc = (...paragraphs: string[]): LexicalDocument => ({
  root: { type: 'root', version: 1, children: paragraphs.map((p) => paragraphNode([textNode(p)])) },
});

let store: TestStore;
afterEach(async () => {
  await store?.close();
});

describe('drafts', () => {
  it('creates, saves with the expected version, and reads back every field', async () => {
    store = await openTestStore();
    const created = await store.call('drafts.create', { headline: 'Grid talks' });
    expect(created.version).toBe(1);
    expect(created.status).toBe('draft');
    const outcome = await store.call('drafts.save', {
      id: created.id,
      expectedVersion: 1,
      dek: 'A dek',
      byline: ['Dana Whitlock', 'Omar Haddad'],
      body: doc('Mediators had hoped for a deal.', 'It did not come.'),
      tags: ['Energy', 'energy', 'Qatar'],
      sources: [{ outlet: 'Reuters', title: 'Denial', url: 'https://www.reuters.com/x' }],
    });
    expect(outcome.kind).toBe('saved');
    const draft = await store.call('drafts.get', { id: created.id });
    expect(draft.version).toBe(2);
    expect(draft.dek).toBe('A dek');
    expect(draft.byline).toEqual(['Dana Whitlock', 'Omar Haddad']);
    expect(draft.tags).toEqual(['Energy', 'Qatar']);
    expect(draft.wordCount).toBe(10);
    expect(draft.sources).toHaveLength(1);
    expect(draft.sources[0]).toMatchObject({ outlet: 'Reuters', url: 'https://www.reuters.com/x' });
  });

  it('returns a conflict with the current draft for a stale version, writing nothing', async () => {
    store = await openTestStore();
    const created = await store.call('drafts.create', {});
    await store.call('drafts.save', { id: created.id, expectedVersion: 1, headline: 'Mine' });
    const stale = await store.call('drafts.save', { id: created.id, expectedVersion: 1, headline: 'Theirs' });
    expect(stale.kind).toBe('conflict');
    if (stale.kind !== 'conflict') throw new Error('unreachable');
    expect(stale.current.headline).toBe('Mine');
    expect(stale.current.version).toBe(2);
    expect((await store.call('drafts.get', { id: created.id })).headline).toBe('Mine');
  });

  it("answers the editor's save with the draft's fields and version but not the body it sent; a conflict brings theirs whole", async () => {
    store = await openTestStore();
    const created = await store.call('drafts.create', { headline: 'Grid talks' });
    const body = doc('Mediators had hoped for a deal.', 'It did not come.');
    const saved = await store.call('drafts.saveFromEditor', { id: created.id, expectedVersion: 1, dek: 'A dek', body });
    if (saved.kind !== 'saved') throw new Error(`expected a save, got ${saved.kind}`);
    expect(saved.draft).not.toHaveProperty('body');
    expect(saved.draft).toMatchObject({ id: created.id, version: 2, dek: 'A dek', wordCount: 10 });
    expect((await store.call('drafts.get', { id: created.id })).body).toEqual(body);
    const unchanged = await store.call('drafts.saveFromEditor', { id: created.id, expectedVersion: 2, body });
    expect(unchanged.kind).toBe('unchanged');
    if (unchanged.kind === 'unchanged') expect(unchanged.draft).not.toHaveProperty('body');
    const stale = await store.call('drafts.saveFromEditor', { id: created.id, expectedVersion: 1, body: doc('Mine.') });
    if (stale.kind !== 'conflict') throw new Error(`expected a conflict, got ${stale.kind}`);
    expect(stale.current.body).toEqual(body);
  });

  it('opens a piece for the editor with its fields and its body as the stored JSON text, edits applied', async () => {
    store = await openTestStore();
    const created = await store.call('drafts.create', { headline: 'Grid talks', body: doc('First.') });
    const edited = doc('First.', 'Then an autosave added this.');
    await store.call('drafts.save', { id: created.id, expectedVersion: 1, body: edited });
    const opened = await store.call('drafts.open', { id: created.id });
    expect(typeof opened.body).toBe('string');
    expect(JSON.parse(opened.body)).toEqual(edited);
    const { body, ...fields } = await store.call('drafts.get', { id: created.id });
    expect(body).toEqual(edited);
    expect(opened.draft).toEqual(fields);
    await expect(store.call('drafts.open', { id: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow(
      /does not exist/,
    );
  });

  it('treats saving identical content as a no-op', async () => {
    store = await openTestStore();
    const created = await store.call('drafts.create', { headline: 'Same', body: doc('Words.') });
    const outcome = await store.call('drafts.save', {
      id: created.id,
      expectedVersion: 1,
      headline: 'Same',
      body: doc('Words.'),
    });
    expect(outcome.kind).toBe('unchanged');
    expect((await store.call('drafts.get', { id: created.id })).version).toBe(1);
  });

  it('loads every shared fixture through the store', async () => {
    store = await openTestStore();
    const handlers = validated(store);
    for (const name of fixtureNames()) {
      const draft = await createFixtureDraft(handlers, name);
      const again = await store.call('drafts.get', { id: draft.id });
      expect(again.headline.length).toBeGreaterThan(0);
    }
    const page = await store.call('drafts.list', {});
    expect(page.total).toBe(fixtureNames().length);
  });
});
