import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { parseFrontMatter, splitFrontMatter } from '../../src/common/import/frontMatter';
import { FIXTURE_IMAGES_DIR } from '../support/fixtures';
import { openTestStore, tempDir, type TestStore } from '../support/store';
import { closeAndRemove } from './_support';

/**
 * A Hugo/Jekyll archive article through the store: what it carried besides
 * its text (dates, the top image's words) is kept, shown and exported.
 */

let store: TestStore | undefined;
const dirs: Array<{ cleanup(): void }> = [];
afterEach(async () => {
  await closeAndRemove(store);
  store = undefined;
  while (dirs.length) dirs.pop()!.cleanup();
});

function folder(): string {
  const d = tempDir('copydesk-archive-');
  dirs.push(d);
  return d.dir;
}

async function importOne(dir: string, name: string, text: string): Promise<string> {
  writeFileSync(join(dir, name), text);
  const result = await store!.call('import.files', { paths: [join(dir, name)] });
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
    const words = { alt: 'Ferries moored in the harbour', caption: 'Ferries wait in Piraeus.', credit: 'Louiza Vradi/Pool via REUTERS', license: '' };
    expect(draft.body.root.children[0]).toMatchObject({ type: 'figure', image: draft.topImage, ...words });
    // The stored image was not blanked by the front matter's bare path.
    expect(await store.call('images.get', { id: draft.topImage! })).toMatchObject(words);
    expect((await exportedFrontMatter(id)).image).toMatchObject(words);

    // An edit to the figure's words (where the writer edits them) goes to the image block too.
    const [figure, ...rest] = draft.body.root.children;
    const edited = { ...figure!, caption: 'Ferries idle in Piraeus on Tuesday.' };
    const saved = await store.call('drafts.save', { id, expectedVersion: draft.version, reason: 'manual', body: { root: { ...draft.body.root, children: [edited, ...rest] } } });
    expect(saved.kind).toBe('saved');
    expect((await exportedFrontMatter(id)).image).toMatchObject({ ...words, caption: 'Ferries idle in Piraeus on Tuesday.' });
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
    expect(draft.body.root.children[0]).toMatchObject({ alt: 'Moored ferries', caption: 'Ferries wait in Piraeus.', credit: 'Louiza Vradi/REUTERS' });
    expect((await exportedFrontMatter(id)).image).toMatchObject({ alt: 'Moored ferries', caption: 'Ferries wait in Piraeus.', credit: 'Louiza Vradi/REUTERS' });
  });
});
