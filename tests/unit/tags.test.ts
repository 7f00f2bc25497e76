import { afterEach, describe, expect, it } from 'vitest';
import { tagKey } from '../../src/common/domain';
import { openTestStore, type TestStore } from '../support/store';
import { closeAndRemove } from './_support';

/** One shared tag vocabulary: unique regardless of case in any script, suggested by use. */

let store: TestStore;
afterEach(async () => {
  await closeAndRemove(store);
});

const tagRows = async () => store.ctx.db.all<{ name: string; key: string }>('SELECT name, key FROM tags ORDER BY id');

async function tagged(...tags: string[]) {
  return store.call('drafts.create', { headline: tags.join(' + ') || 'untagged', tags });
}

describe('the tag vocabulary', () => {
  it('reuses an existing tag whatever the case, keeping the first spelling', async () => {
    store = await openTestStore();
    const a = await tagged('Energy');
    const b = await tagged('energy');
    const c = await tagged('  ENERGY  ');
    expect(a.tags).toEqual(['Energy']);
    expect(b.tags).toEqual(['Energy']);
    expect(c.tags).toEqual(['Energy']);
    expect(await tagRows()).toEqual([{ name: 'Energy', key: 'energy' }]);

    // Saving with another spelling of the same tags changes nothing.
    const outcome = await store.call('drafts.save', { id: a.id, expectedVersion: 1, tags: ['ENERGY'] });
    expect(outcome.kind).toBe('unchanged');
    // The tag filter finds all three by any spelling.
    expect((await store.call('drafts.list', { tag: 'eNeRgY' })).total).toBe(3);
  });

  it('folds case and compatibility forms in any script', async () => {
    store = await openTestStore();
    const first = await tagged('ÜNÏCÖDÉ', 'ΑΘΗΝΑ', 'ＦＵＬＬ　ＷＩＤＴＨ', 'ﬁnance', 'Multiple   spaces');
    const second = await tagged('Ünïcödé', 'αθηνα', 'full width', 'Finance', 'multiple spaces');
    expect(second.tags).toEqual(first.tags);
    // Runs of any white space (the ideographic space too) become one plain space.
    expect(first.tags).toEqual(['ÜNÏCÖDÉ', 'ΑΘΗΝΑ', 'ＦＵＬＬ ＷＩＤＴＨ', 'ﬁnance', 'Multiple spaces']);
    expect((await tagRows()).map((t) => t.key)).toEqual([
      'ünïcödé',
      'αθηνα',
      'full width',
      'finance',
      'multiple spaces',
    ]);
    expect(tagKey('ÜNÏCÖDÉ')).toBe(tagKey('Ünïcödé'));
    // Composed and decomposed spellings are one tag too.
    const decomposed = await tagged('U\u0308nïcödé');
    expect(decomposed.tags).toEqual(['ÜNÏCÖDÉ']);
    // Different letters are different tags: diacritics matter in a tag.
    const plain = await tagged('Unicode');
    expect(plain.tags).toEqual(['Unicode']);
    expect(await tagRows()).toHaveLength(6);
  });

  it('drops duplicates within one save, keeping the order given', async () => {
    store = await openTestStore();
    const draft = await tagged('Qatar', 'energy', 'Energy', 'QATAR', 'Russia');
    expect(draft.tags).toEqual(['Qatar', 'energy', 'Russia']);
    const saved = await store.call('drafts.save', { id: draft.id, expectedVersion: 1, tags: ['Russia', 'Qatar'] });
    expect(saved.kind === 'saved' && saved.draft.tags).toEqual(['Russia', 'Qatar']);
  });
});

describe('listing and suggesting tags', () => {
  it('lists every tag with how many live drafts use it, in name order', async () => {
    store = await openTestStore();
    const a = await tagged('banana', 'Apple');
    const b = await tagged('apple', 'cherry');
    const c = await tagged('Apple');
    expect(await store.call('tags.list', {})).toEqual([
      { name: 'Apple', count: 3, description: '' },
      { name: 'banana', count: 1, description: '' },
      { name: 'cherry', count: 1, description: '' },
    ]);

    await store.call('drafts.trash', { id: c.id });
    await store.call('drafts.trash', { id: b.id });
    expect(await store.call('tags.list', {})).toEqual([
      { name: 'Apple', count: 1, description: '' },
      { name: 'banana', count: 1, description: '' },
      { name: 'cherry', count: 0, description: '' },
    ]);

    await store.call('drafts.restore', { id: b.id });
    await store.call('drafts.purge', { id: c.id });
    // A tag nobody uses stays in the vocabulary with a count of 0.
    await store.call('drafts.save', { id: a.id, expectedVersion: 1, tags: ['Apple'] });
    expect(await store.call('tags.list', {})).toEqual([
      { name: 'Apple', count: 2, description: '' },
      { name: 'banana', count: 0, description: '' },
      { name: 'cherry', count: 1, description: '' },
    ]);
  });

  it('suggests tags by prefix in any case, most used first', async () => {
    store = await openTestStore();
    await tagged('Europe', 'Energy');
    await tagged('Energy', 'Elections');
    await tagged('energy', 'europe', 'Economy');
    await tagged('Qatar');
    await tagged('Ünïcödé');
    expect(await store.call('tags.suggest', { prefix: 'e' })).toEqual(['Energy', 'Europe', 'Economy', 'Elections']);
    expect(await store.call('tags.suggest', { prefix: 'E', limit: 2 })).toEqual(['Energy', 'Europe']);
    expect(await store.call('tags.suggest', { prefix: 'EU' })).toEqual(['Europe']);
    expect(await store.call('tags.suggest', { prefix: 'ÜN' })).toEqual(['Ünïcödé']);
    expect(await store.call('tags.suggest', { prefix: 'ün' })).toEqual(['Ünïcödé']);
    expect(await store.call('tags.suggest', { prefix: 'x' })).toEqual([]);
    expect(await store.call('tags.suggest', { prefix: '' })).toEqual([
      'Energy',
      'Europe',
      'Economy',
      'Elections',
      'Qatar',
      'Ünïcödé',
    ]);
  });

  it('treats LIKE wildcards in the prefix as plain characters', async () => {
    store = await openTestStore();
    await tagged('50% off', '5_0', 'Fifty', 'back\\slash');
    expect(await store.call('tags.suggest', { prefix: '%' })).toEqual([]);
    expect(await store.call('tags.suggest', { prefix: '_' })).toEqual([]);
    expect(await store.call('tags.suggest', { prefix: '50%' })).toEqual(['50% off']);
    expect(await store.call('tags.suggest', { prefix: '5_' })).toEqual(['5_0']);
    expect(await store.call('tags.suggest', { prefix: 'back\\' })).toEqual(['back\\slash']);
  });
});
