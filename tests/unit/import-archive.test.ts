import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { parseFrontMatter, splitFrontMatter } from '../../src/common/import/frontMatter';
import { dispatch } from '../../src/main/ipc/dispatch';
import { FIXTURE_IMAGES_DIR } from '../support/fixtures';
import { grant, openTestStore, withTestShell, type TestStore } from '../support/store';
import { closeAndRemove } from './_support';
import { cleanupAfterEach } from './_cleanup';

/**
 * A Hugo/Jekyll archive article through the store: what it carried besides
 * its text (dates, the top image's words) is kept, shown and exported.
 */

let store: TestStore | undefined;
const { folder } = cleanupAfterEach();
afterEach(async () => {
  await closeAndRemove(store);
  store = undefined;
});

async function importOne(dir: string, name: string, text: string): Promise<string> {
  writeFileSync(join(dir, name), text);
  const result = await store!.call('import.files', { files: [grant(store!, 'open-files', join(dir, name))] });
  expect(result.failed).toEqual([]);
  return result.imported[0]!.id;
}

async function exportedFrontMatter(id: string): Promise<Record<string, unknown>> {
  const { text } = await store!.call('export.markdown', { id });
  return parseFrontMatter(splitFrontMatter(text).yaml);
}

describe('the top image when it is also a figure in the text', () => {
  test('keeps the figure’s alt, caption and credit in the exported image block, and follows edits to the figure', async () => {
    store = await openTestStore();
    const dir = folder();
    copyFileSync(join(FIXTURE_IMAGES_DIR, 'top-image.png'), join(dir, 'harbour.png'));
    const id = await importOne(
      dir,
      'harbour.md',
      [
        '---',
        'title: Ferries halted',
        'image: harbour.png',
        '---',
        '',
        '![Ferries moored in the harbour](harbour.png "Ferries wait in Piraeus. Credit: Louiza Vradi/Pool via REUTERS")',
        '',
        'Crews walked out at dawn.',
        '',
      ].join('\n'),
    );
    const draft = await store.call('drafts.get', { id });
    expect(draft.topImage).not.toBeNull();
    const words = {
      alt: 'Ferries moored in the harbour',
      caption: 'Ferries wait in Piraeus.',
      credit: 'Louiza Vradi/Pool via REUTERS',
      license: '',
    };
    expect(draft.body.root.children[0]).toMatchObject({ type: 'figure', image: draft.topImage, ...words });
    // The stored image was not blanked by the front matter's bare path.
    expect(await store.call('images.get', { id: draft.topImage! })).toMatchObject(words);
    expect((await exportedFrontMatter(id)).image).toMatchObject(words);

    // An edit to the figure's words (where the writer edits them) goes to the image block too.
    const [figure, ...rest] = draft.body.root.children;
    const edited = { ...figure!, caption: 'Ferries idle in Piraeus on Tuesday.' };
    const saved = await store.call('drafts.save', {
      id,
      expectedVersion: draft.version,
      reason: 'manual',
      body: { root: { ...draft.body.root, children: [edited, ...rest] } },
    });
    expect(saved.kind).toBe('saved');
    expect((await exportedFrontMatter(id)).image).toMatchObject({
      ...words,
      caption: 'Ferries idle in Piraeus on Tuesday.',
    });
  });

  test('words only in the front matter’s image block reach the figure that shows it', async () => {
    store = await openTestStore();
    const dir = folder();
    copyFileSync(join(FIXTURE_IMAGES_DIR, 'top-image.png'), join(dir, 'harbour.png'));
    const id = await importOne(
      dir,
      'harbour.md',
      '---\ntitle: T\nimage: { src: ./harbour.png, alt: Moored ferries, credit: Louiza Vradi/REUTERS }\n---\n\n![](harbour.png "Ferries wait in Piraeus.")\n',
    );
    const draft = await store.call('drafts.get', { id });
    expect(draft.body.root.children[0]).toMatchObject({
      alt: 'Moored ferries',
      caption: 'Ferries wait in Piraeus.',
      credit: 'Louiza Vradi/REUTERS',
    });
    expect((await exportedFrontMatter(id)).image).toMatchObject({
      alt: 'Moored ferries',
      caption: 'Ferries wait in Piraeus.',
      credit: 'Louiza Vradi/REUTERS',
    });
  });
});

describe('a piece’s own dates', () => {
  test('come in from front matter, are saved, exported as date/lastmod, kept by revisions and re-imported', async () => {
    store = await openTestStore();
    const dir = folder();
    const id = await importOne(
      dir,
      '2024-03-05-grain-deal.md',
      '---\nlayout: post\ntitle: Grain deal collapses\ndate: 2024-03-05 10:00:00 +0100\nlast_modified_at: 2024-03-07\ndraft: false\n---\n\nShips wait at Odesa.\n',
    );
    const draft = await store.call('drafts.get', { id });
    expect(draft).toMatchObject({
      datePublished: '2024-03-05T10:00:00+01:00',
      dateModified: '2024-03-07',
      status: 'published',
    });

    const exported = await exportedFrontMatter(id);
    expect(exported).toMatchObject({
      date: '2024-03-05T10:00:00+01:00',
      publishDate: '2024-03-05T10:00:00+01:00',
      lastmod: '2024-03-07',
    });
    expect(exported.updated).toBeUndefined();
    const { text } = await store.call('export.markdown', { id });
    expect(text).toMatch(/^date: 2024-03-05T10:00:00\+01:00$/m);
    expect(text).toMatch(/^lastmod: 2024-03-07$/m);

    // Editable: a bad date is refused with what to write; another form is stored in the canonical one.
    const refused = await dispatch(withTestShell(store), 'drafts.save', {
      id,
      expectedVersion: draft.version,
      datePublished: '5 March',
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        fields: { datePublished: expect.stringMatching(/^"5 March" is not a date\. Write a date as YYYY-MM-DD/) },
      },
    });
    const saved = await store.call('drafts.save', {
      id,
      expectedVersion: draft.version,
      reason: 'manual',
      dateModified: '2024-03-08 09:00:00 +0100',
    });
    expect(saved.kind === 'saved' && saved.draft.dateModified).toBe('2024-03-08T09:00:00+01:00');
    if (saved.kind !== 'saved') return;

    // A revision keeps them, and restoring brings them back.
    const [newest] = await store.call('revisions.list', { draftId: id });
    expect((await store.call('revisions.get', { id: newest!.id })).snapshot).toMatchObject({
      datePublished: '2024-03-05T10:00:00+01:00',
      dateModified: '2024-03-08T09:00:00+01:00',
    });
    const cleared = await store.call('drafts.save', {
      id,
      expectedVersion: saved.draft.version,
      reason: 'manual',
      datePublished: '',
      dateModified: '',
    });
    if (cleared.kind !== 'saved') throw new Error('not saved');
    expect(cleared.draft).toMatchObject({ datePublished: '', dateModified: '' });
    const restored = await store.call('revisions.restore', { id: newest!.id, expectedVersion: cleared.draft.version });
    expect(restored.kind === 'saved' && restored.draft).toMatchObject({
      datePublished: '2024-03-05T10:00:00+01:00',
      dateModified: '2024-03-08T09:00:00+01:00',
    });

    // The export of a draft with its own dates comes back with the same dates, the draft's own times left out.
    const moved = await store.call('drafts.get', { id });
    const back = await store.call('drafts.save', {
      id,
      expectedVersion: moved.version,
      reason: 'manual',
      headline: 'Grain deal collapses (draft)',
    });
    if (back.kind !== 'saved') throw new Error('not saved');
    const out = folder();
    const written = await store.call('export.toFolder', {
      ids: [id],
      folder: grant(store, 'folder', out),
      format: 'md',
    });
    const again = await store.call('import.files', { files: [grant(store, 'open-files', written.written[0]!.path)] });
    const copy = await store.call('drafts.get', { id: again.imported[0]!.id });
    expect(copy).toMatchObject({
      datePublished: '2024-03-05T10:00:00+01:00',
      dateModified: '2024-03-08T09:00:00+01:00',
    });
  });

  test('a piece without its own dates exports when it was written, and a re-import does not take that for a publication date', async () => {
    store = await openTestStore();
    const draft = await store.call('drafts.create', { headline: 'Pitch' });
    const exported = await exportedFrontMatter(draft.id);
    expect(exported).toMatchObject({
      date: draft.createdAt.replace(/\.\d{3}Z$/, 'Z'),
      updated: draft.updatedAt.replace(/\.\d{3}Z$/, 'Z'),
    });
    expect(exported.publishDate).toBeUndefined();
    expect(exported.lastmod).toBeUndefined();
    const out = folder();
    const written = await store.call('export.toFolder', {
      ids: [draft.id],
      folder: grant(store, 'folder', out),
      format: 'md',
    });
    const again = await store.call('import.files', { files: [grant(store, 'open-files', written.written[0]!.path)] });
    expect(await store.call('drafts.get', { id: again.imported[0]!.id })).toMatchObject({
      datePublished: '',
      dateModified: '',
    });
  });
});
