import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { LexicalDocument } from '../../src/common/lexical/document';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { figureNode } from '../../src/common/nodes/figure/figureJson';
import { copyAsset } from '../../src/main/export/assets';
import { entryInside, GRANT_TTL_MS, subfolderInside } from '../../src/main/grants';
import { dispatch } from '../../src/main/ipc/dispatch';
import { FIXTURE_IMAGES_DIR } from '../support/fixtures';
import { grant, openTestStore, withTestShell, type TestStore } from '../support/store';
import { closeAndRemove, expectAppError, filesUnder, sha256File } from './_support';
import { cleanupAfterEach } from './_cleanup';

/**
 * The renderer is not trusted with paths: every method that reads or writes
 * a file takes the grant the shell issued for what the writer chose, and a
 * grant covers that choice and nothing else.
 */

let store: TestStore | undefined;
const { folder } = cleanupAfterEach();
afterEach(async () => {
  await closeAndRemove(store);
  store = undefined;
});

describe('a renderer naming a path', () => {
  it('is refused by every method that touches a file, and nothing is read or written', async () => {
    store = await openTestStore();
    const handlers = withTestShell(store);
    const dir = folder();
    const secret = join(dir, 'notes.md');
    writeFileSync(secret, '# Private\n\nNot for the renderer.\n');
    const bashrc = join(dir, '.bashrc');
    writeFileSync(bashrc, 'alias ls="ls --color"\n');
    const image = join(dir, 'plant.png');
    copyFileSync(join(FIXTURE_IMAGES_DIR, 'plant.png'), image);
    const outside = join(dir, 'anywhere');
    const draft = await store.call('drafts.create', { headline: 'A piece' });

    const attempts: Array<[string, unknown]> = [
      ['import.files', { paths: [secret] }],
      ['import.files', { files: [secret] }],
      ['import.files', { files: ['notes.md'] }],
      ['images.import', { path: image }],
      ['images.import', { file: image }],
      ['export.toFile', { id: draft.id, path: bashrc, format: 'md' }],
      ['export.toFile', { id: draft.id, file: bashrc, format: 'md' }],
      ['export.toFolder', { dir: outside, format: 'md' }],
      ['export.toFolder', { folder: outside, format: 'md' }],
      ['export.toFolder', { folder: 'anywhere', format: 'md' }],
    ];
    for (const [method, input] of attempts) {
      const result = await dispatch(handlers, method, input);
      expect(result, `${method} ${JSON.stringify(input)}`).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
    expect((await store.call('drafts.counts', {})).all).toBe(1);
    expect(readFileSync(bashrc, 'utf8')).toBe('alias ls="ls --color"\n');
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(join(dir, 'assets'))).toBe(false);
    const imagesDir = join(store.dir, 'images');
    expect(
      existsSync(imagesDir)
        ? readdirSync(imagesDir, { recursive: true }).filter((f) => String(f).endsWith('.png'))
        : [],
    ).toEqual([]);
  });
});

describe('a folder grant', () => {
  it('covers new files inside that folder only: not a sibling, not "..", not through a link', async () => {
    store = await openTestStore();
    const root = folder();
    const a = join(root, 'A');
    const b = join(root, 'B');
    mkdirSync(a);
    mkdirSync(b);
    const image = await store.call('images.import', {
      file: grant(store, 'open-files', join(FIXTURE_IMAGES_DIR, 'map.png')),
    });
    await store.call('drafts.create', {
      headline: 'Grid talks',
      body: {
        root: {
          type: 'root',
          version: 1,
          children: [figureNode({ image: image.id, alt: 'Map', caption: '', credit: '', license: '' })],
        },
      },
    });
    const grantA = grant(store, 'folder', a);

    // A path beside the grant is not looked at: the grant alone says where.
    const handlers = withTestShell(store);
    const result = await dispatch(handlers, 'export.toFolder', { folder: grantA, dir: b, format: 'md' });
    expect(result).toMatchObject({ ok: true });
    expect(filesUnder(a)).toEqual([join('assets', `${image.id}.png`), 'grid-talks.md']);
    expect(filesUnder(b)).toEqual([]);

    for (const name of ['..', '../B', join('..', 'B', 'x.md'), b, '.']) {
      expect(() => entryInside(a, name), name).toThrow(/not a plain file name/);
    }
    await expectAppError(subfolderInside(a, '../B'), 'forbidden');

    // `assets` turned into a link to B: the export refuses to write through it.
    const c = join(root, 'C');
    mkdirSync(c);
    symlinkSync(b, join(c, 'assets'));
    const linked = await store.call('export.toFolder', { folder: grant(store, 'folder', c), format: 'md' });
    expect(linked.written).toEqual([]);
    expect(linked.failed[0]!.message).toMatch(/is a link or not a folder, so nothing was written through it/);
    expect(filesUnder(b)).toEqual([]);
  });
});

describe('a save-file grant', () => {
  it('writes that one file (and its images beside it) and is good for nothing else', async () => {
    store = await openTestStore();
    const handlers = withTestShell(store);
    const dir = folder();
    const chosen = join(dir, 'for-the-desk.md');
    const other = join(dir, '.bashrc');
    writeFileSync(other, 'alias ls="ls --color"\n');
    const draft = await store.call('drafts.create', { headline: 'Grid talks' });
    const save = grant(store, 'save-file', chosen);

    const written = await store.call('export.toFile', { id: draft.id, file: save, format: 'md' });
    expect(written.written.map((w) => w.path)).toEqual([chosen]);
    expect(readdirSync(dir).sort()).toEqual(['.bashrc', 'for-the-desk.md']);

    // Not a folder to export into, not a file to read, and an open grant cannot overwrite what it opened.
    expect(await dispatch(handlers, 'export.toFolder', { folder: save, format: 'md' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await dispatch(handlers, 'import.files', { files: [save] })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const opened = grant(store, 'open-files', other);
    const overwrite = await dispatch(handlers, 'export.toFile', { id: draft.id, file: opened, format: 'md' });
    expect(overwrite).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message: expect.stringMatching(/for a file chosen to open, not a file chosen to save to/),
      },
    });
    expect(readFileSync(other, 'utf8')).toBe('alias ls="ls --color"\n');

    // A grant this process never issued, and one past its time, are refused.
    const forged = await dispatch(handlers, 'export.toFile', {
      id: draft.id,
      file: 'grant-AAAAAAAAAAAAAAAAAAAAAAAA',
      format: 'md',
    });
    expect(forged).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(/expired or was not made in this window; choose it again/),
      },
    });
    store.clock.advance(GRANT_TTL_MS + 1);
    expect(await dispatch(handlers, 'export.toFile', { id: draft.id, file: save, format: 'md' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(readdirSync(dir).sort()).toEqual(['.bashrc', 'for-the-desk.md']);
  });
});

describe('images an imported file links to', () => {
  it('come only from its own folder: "..", paths and links out of it, and copydesk-image: are refused with a warning', async () => {
    store = await openTestStore();
    const root = folder();
    const dir = join(root, 'story');
    mkdirSync(join(dir, 'pics'), { recursive: true });
    copyFileSync(join(FIXTURE_IMAGES_DIR, 'map.png'), join(dir, 'pics', 'map.png'));
    const outside = join(root, 'private.png');
    copyFileSync(join(FIXTURE_IMAGES_DIR, 'plant.png'), outside);
    symlinkSync(outside, join(dir, 'pics', 'link.png'));
    const stored = await store.call('images.import', {
      file: grant(store, 'open-files', join(FIXTURE_IMAGES_DIR, 'top-image.png')),
    });
    const hostile = [
      '../private.png',
      'pics/../../private.png',
      'pics/%2e%2e/%2e%2e/private.png',
      outside,
      pathToFileURL(outside).href,
      'pics/link.png',
      'copydesk-image:../../etc/passwd',
      `copydesk-image:${stored.id}`,
    ];
    const figures = hostile.map((src, i) => `![Figure ${i}](<${src}>)`).join('\n\n');
    // The top image in front matter is a reference too, refused the same way.
    writeFileSync(
      join(dir, 'story.md'),
      `---\ntitle: Story\nimage: ../private.png\n---\n\n![The map](pics/map.png)\n\n${figures}\n`,
    );
    const result = await store.call('import.files', { files: [grant(store, 'open-files', join(dir, 'story.md'))] });
    expect(result.failed).toEqual([]);
    const warnings = result.imported[0]!.warnings;
    for (const src of hostile)
      expect(
        warnings.some((w) => w.startsWith(`The image "${src}" was not imported`)),
        src,
      ).toBe(true);
    expect(warnings.find((w) => w.includes('"../private.png"'))).toMatch(
      /"\.\." are not followed\. Only images in the folder of story\.md or below it are imported\./,
    );
    expect(warnings.find((w) => w.includes('"pics/link.png"'))).toMatch(
      /outside the folder of the file being imported/,
    );
    expect(warnings.find((w) => w.includes('"copydesk-image:../../etc/passwd"'))).toMatch(
      /Copydesk's own internal reference, not a file/,
    );

    expect(warnings.filter((w) => w.startsWith('The image "../private.png" was not imported'))).toHaveLength(2);

    const draft = await store.call('drafts.get', { id: result.imported[0]!.id });
    expect(draft.topImage).toBeNull();
    const images = draft.body.root.children.filter((n) => n.type === 'figure').map((n) => n.image);
    expect(images).toEqual([sha256File(join(FIXTURE_IMAGES_DIR, 'map.png'))]);
    // The refused figures keep their words as text.
    expect(JSON.stringify(draft.body)).toContain('Figure 6');
    const library = await store.ctx.db.all<{ id: string }>('SELECT id FROM images ORDER BY id');
    expect(library.map((r) => r.id)).not.toContain(sha256File(outside));
  });
});

describe('a stored image reference that is not an image id', () => {
  it('never leads an export out of its folder', async () => {
    store = await openTestStore();
    const root = folder();
    const out = join(root, 'out');
    mkdirSync(out);
    // What an older import stored for `![x](copydesk-image:../../../../etc/passwd)`.
    const body: LexicalDocument = {
      root: {
        type: 'root',
        version: 1,
        children: [
          paragraphNode([textNode('Intro.')]),
          figureNode({ image: '../../../../etc/passwd', alt: 'x', caption: '', credit: '', license: '' }),
        ],
      },
    };
    const draft = await store.call('drafts.create', { headline: 'Old import', body });
    const text = (await store.call('export.markdown', { id: draft.id })).text;
    expect(text).not.toContain('..');
    expect(text).toContain('assets/missing-image');
    const html = (await store.call('export.html', { id: draft.id })).text;
    expect(html).not.toContain('../');
    const result = await store.call('export.toFolder', { folder: grant(store, 'folder', out), format: 'md' });
    expect(result.written).toHaveLength(1);
    expect(result.written[0]!.warnings[0]).toMatch(/missing from the library/);
    expect(readFileSync(result.written[0]!.path, 'utf8')).not.toContain('../');
    expect(filesUnder(root)).toEqual([join('out', 'old-import.md')]);

    // Whatever the library held, the copy goes to `assets/` under a hash or not at all.
    await expectAppError(copyAsset(store.ctx.dataDir, out, { id: '../../../escaped', mime: 'image/png' }), 'forbidden');
    expect(filesUnder(root)).toEqual([join('out', 'old-import.md')]);
  });
});
