import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/ipc/dispatch';
import { createFixtureDraft, FIXTURE_IMAGES_DIR, fixtureNames, loadFixture } from '../support/fixtures';
import { grant, openTestStore, validated, withTestShell, type TestStore } from '../support/store';
import { closeAndRemove, expectAppError, filesUnder, pngSize, sha256 } from './_support';

/** The image library: content-addressed files, one row each, with their words. */

let store: TestStore;
afterEach(async () => {
  await closeAndRemove(store);
});

const fixture = (name: string) => readFileSync(join(FIXTURE_IMAGES_DIR, name));
const imageFiles = () => filesUnder(join(store.dir, 'images'));
const imageRows = async () => (await store.ctx.db.get<{ n: number }>('SELECT count(*) AS n FROM images'))!.n;

/** What `file` reports for the fixtures, for a check that does not depend on any PNG reader. */
const EXPECTED = {
  'map.png': { width: 300, height: 300 },
  'plant.png': { width: 480, height: 320 },
  'top-image.png': { width: 640, height: 360 },
} as const;

describe('importing images', () => {
  it('stores the same bytes once, named by their SHA-256, however they arrive', async () => {
    store = await openTestStore();
    const bytes = fixture('plant.png');
    const id = sha256(bytes);
    const first = await store.call('images.import', {
      file: grant(store, 'open-files', join(FIXTURE_IMAGES_DIR, 'plant.png')),
    });
    expect(first.id).toBe(id);
    store.clock.advance(60_000);
    const second = await store.call('images.import', {
      file: grant(store, 'open-files', join(FIXTURE_IMAGES_DIR, 'plant.png')),
    });
    const third = await store.call('images.import', {
      name: 'copy-of-plant.png',
      dataBase64: bytes.toString('base64'),
    });
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(await imageRows()).toBe(1);
    expect(imageFiles()).toEqual([join(id.slice(0, 2), `${id}.png`)]);
    expect(readFileSync(join(store.dir, 'images', id.slice(0, 2), `${id}.png`)).equals(bytes)).toBe(true);
    expect(first).toMatchObject({
      mime: 'image/png',
      bytes: bytes.length,
      createdAt: new Date(store.clock.now() - 60_000).toISOString(),
    });
  });

  it.each(Object.entries(EXPECTED))('reads the dimensions of %s', async (name, size) => {
    store = await openTestStore();
    const bytes = fixture(name);
    expect(pngSize(bytes)).toEqual(size);
    const record = await store.call('images.import', {
      file: grant(store, 'open-files', join(FIXTURE_IMAGES_DIR, name)),
    });
    expect({ width: record.width, height: record.height }).toEqual(size);
  });

  it('keeps different images apart and leaves no partial files', async () => {
    store = await openTestStore();
    const ids = [];
    for (const name of Object.keys(EXPECTED))
      ids.push(
        (await store.call('images.import', { file: grant(store, 'open-files', join(FIXTURE_IMAGES_DIR, name)) })).id,
      );
    expect(new Set(ids).size).toBe(3);
    expect(await imageRows()).toBe(3);
    expect(imageFiles()).toEqual(ids.map((id) => join(id.slice(0, 2), `${id}.png`)).sort());
    expect(imageFiles().some((f) => f.endsWith('.partial'))).toBe(false);
  });

  it('shares one image between fixture drafts that use the same file', async () => {
    store = await openTestStore();
    const handlers = validated(store);
    const drafts = [];
    for (const name of fixtureNames()) drafts.push(await createFixtureDraft(handlers, name));
    await createFixtureDraft(handlers, 'diplomacy-watch'); // imports top-image.png again
    const distinct = new Set(fixtureNames().flatMap((n) => loadFixture(n).images.map((i) => i.file)));
    expect(await imageRows()).toBe(distinct.size);
    expect(imageFiles()).toHaveLength(distinct.size);
    const withImage = drafts.find((d) => d.topImage !== null)!;
    expect((await store.call('images.get', { id: withImage.topImage! })).mime).toBe('image/png');
  });

  it('takes a GIF and files it under its own extension', async () => {
    store = await openTestStore();
    const gif = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
    const record = await store.call('images.import', { name: 'pixel.gif', dataBase64: gif.toString('base64') });
    expect(record).toMatchObject({ mime: 'image/gif', width: 1, height: 1, bytes: gif.length });
    expect(imageFiles()).toEqual([join(record.id.slice(0, 2), `${record.id}.gif`)]);
  });
});

describe('image metadata', () => {
  it('sets metadata on import, updates it field by field, and trims it', async () => {
    store = await openTestStore();
    const path = join(FIXTURE_IMAGES_DIR, 'map.png');
    const imported = await store.call('images.import', {
      file: grant(store, 'open-files', path),
      alt: 'A map of the corridor',
      caption: 'The route',
      credit: 'Desk graphics',
      license: 'CC BY 4.0',
    });
    expect(imported).toMatchObject({
      alt: 'A map of the corridor',
      caption: 'The route',
      credit: 'Desk graphics',
      license: 'CC BY 4.0',
    });

    const updated = await store.call('images.update', { id: imported.id, caption: '  The new route, as agreed  ' });
    expect(updated).toMatchObject({
      alt: 'A map of the corridor',
      caption: 'The new route, as agreed',
      credit: 'Desk graphics',
      license: 'CC BY 4.0',
    });
    expect(updated.createdAt).toBe(imported.createdAt);
    expect(await store.call('images.get', { id: imported.id })).toEqual(updated);

    // Clearing a field is an update too.
    expect((await store.call('images.update', { id: imported.id, credit: '' })).credit).toBe('');
    // Importing the same bytes again with new words updates only the words given.
    const again = await store.call('images.import', { file: grant(store, 'open-files', path), alt: 'Corridor map' });
    expect(again).toMatchObject({
      id: imported.id,
      alt: 'Corridor map',
      caption: 'The new route, as agreed',
      credit: '',
      license: 'CC BY 4.0',
    });
    expect(await imageRows()).toBe(1);
  });

  it('refuses unknown ids and overlong metadata', async () => {
    store = await openTestStore();
    const unknown = 'b'.repeat(64);
    await expectAppError(store.call('images.get', { id: unknown }), 'not_found');
    await expectAppError(store.call('images.update', { id: unknown, alt: 'x' }), 'not_found');
    expect(await imageRows()).toBe(0);

    const record = await store.call('images.import', {
      file: grant(store, 'open-files', join(FIXTURE_IMAGES_DIR, 'map.png')),
      alt: 'Map',
    });
    const result = await dispatch(withTestShell(store), 'images.update', { id: record.id, alt: 'x'.repeat(2001) });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/alt text is too long/) },
    });
    expect((await store.call('images.get', { id: record.id })).alt).toBe('Map');
    const badId = await dispatch(withTestShell(store), 'images.get', { id: 'MAP.PNG' });
    expect(badId).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/not an image id/) },
    });
  });

  it('lets a draft use an imported image as its top image', async () => {
    store = await openTestStore();
    const image = await store.call('images.import', {
      file: grant(store, 'open-files', join(FIXTURE_IMAGES_DIR, 'top-image.png')),
    });
    const draft = await store.call('drafts.create', { headline: 'With a picture', topImage: image.id });
    expect(draft.topImage).toBe(image.id);
    const outcome = await store.call('drafts.save', { id: draft.id, expectedVersion: 1, topImage: null });
    expect(outcome.kind).toBe('saved');
    if (outcome.kind === 'saved') expect(outcome.draft.topImage).toBeNull();
  });
});
