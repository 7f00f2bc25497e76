import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../src/common/api';
import type { Draft } from '../../src/common/domain';
import type { ApiError, ApiResult } from '../../src/common/errors';
import { dispatch } from '../../src/main/ipc/dispatch';
import { FIXTURE_IMAGES_DIR } from '../support/fixtures';
import { grant, openTestStore, withTestShell, type TestStore } from '../support/store';
import { closeAndRemove, doc, expectAppError, filesUnder, storeState } from './_support';

/**
 * Bad input never reaches the database: each case gets an error a writer can
 * read, and the store (rows, versions, image files) is exactly as before.
 */

let store: TestStore;
let handlers: ApiHandlers;
let draft: Draft;
let before: Record<string, unknown>;

beforeEach(async () => {
  store = await openTestStore();
  handlers = withTestShell(store);
  draft = await store.call('drafts.create', {
    headline: 'A sound draft',
    tags: ['Energy'],
    sources: [{ outlet: 'Reuters', url: 'https://www.reuters.com/a' }],
    body: doc('Nothing wrong here.'),
  });
  before = await storeState(store.ctx.db);
});

afterEach(async () => {
  await closeAndRemove(store);
});

async function expectNothingWritten(): Promise<void> {
  expect(await storeState(store.ctx.db)).toEqual(before);
  expect(filesUnder(join(store.dir, 'images'))).toEqual([]);
  const again = await store.call('drafts.get', { id: draft.id });
  expect(again).toEqual(draft);
}

/**
 * A message for a person: a sentence, not a stack or a JSON dump, and for a
 * field a writer fills in, not zod's generic wording either.
 */
function expectReadable(error: ApiError, writerFacing = true): void {
  expect(error.message.length).toBeGreaterThan(10);
  expect(error.message).not.toMatch(/^\s*[[{]|ZodError|at .*\.ts:\d+/);
  if (writerFacing) expect(error.message).not.toMatch(/Invalid input/);
}

/** Fields only a broken caller gets wrong (ids, versions, enums) may keep zod's wording. */
const TECHNICAL = new Set(['id', 'expectedVersion', 'status']);

async function expectInvalid(method: string, payload: unknown, message: RegExp, field?: string): Promise<ApiError> {
  const result: ApiResult<unknown> = await dispatch(handlers, method, payload);
  expect(result.ok, JSON.stringify(payload).slice(0, 200)).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error.code).toBe('invalid_input');
  expect(result.error.message).toMatch(message);
  expectReadable(result.error, !TECHNICAL.has(field ?? ''));
  if (field) expect(Object.keys(result.error.fields ?? {})).toContain(field);
  await expectNothingWritten();
  return result.error;
}

describe('images that are not images', () => {
  it('refuses a GIF header with a .png name, by path', async () => {
    const err = await expectAppError(
      store.call('images.import', { file: grant(store, 'open-files', join(FIXTURE_IMAGES_DIR, 'not-really.png')) }),
      'unsupported_image',
    );
    expect(err.message).toContain('not-really.png');
    expect(err.message).toMatch(/PNG, JPEG, GIF and WebP/);
    await expectNothingWritten();
  });

  it('refuses random bytes sent as base64', async () => {
    const err = await expectAppError(
      store.call('images.import', { name: 'noise.jpg', dataBase64: randomBytes(4096).toString('base64') }),
      'unsupported_image',
    );
    expect(err.message).toContain('noise.jpg');
    await expectNothingWritten();
  });

  it('refuses empty and non-base64 data', async () => {
    await expectAppError(store.call('images.import', { name: 'empty.png', dataBase64: '' }), 'unsupported_image');
    await expectAppError(
      store.call('images.import', { name: 'text.png', dataBase64: '!!! not base64 at all !!!' }),
      'unsupported_image',
    );
    await expectNothingWritten();
  });

  it('refuses a PNG cut off halfway, by path and by bytes', async () => {
    const whole = readFileSync(join(FIXTURE_IMAGES_DIR, 'plant.png'));
    const half = whole.subarray(0, Math.floor(whole.length / 2));
    const path = join(store.dir, 'half-plant.png');
    writeFileSync(path, half);
    const byPath = await expectAppError(
      store.call('images.import', { file: grant(store, 'open-files', path) }),
      'unsupported_image',
    );
    expect(byPath.message).toMatch(/truncated/);
    const byBytes = await expectAppError(
      store.call('images.import', { name: 'half-plant.png', dataBase64: half.toString('base64') }),
      'unsupported_image',
    );
    expect(byBytes.message).toMatch(/truncated/);
    // A PNG with a damaged byte in its data fails its checksum.
    const damaged = Buffer.from(whole);
    damaged[200] = damaged[200]! ^ 0xff;
    const bad = await expectAppError(
      store.call('images.import', { name: 'damaged.png', dataBase64: damaged.toString('base64') }),
      'unsupported_image',
    );
    expect(bad.message).toMatch(/damaged|checksum/);
    // Only the files this test wrote itself are in the folder.
    expect(filesUnder(store.dir).filter((f) => !f.startsWith('copydesk.db'))).toEqual(['half-plant.png']);
    await expectNothingWritten();
  });

  it('reports a missing file as not_found', async () => {
    const err = await expectAppError(
      store.call('images.import', { file: grant(store, 'open-files', join(store.dir, 'nope.png')) }),
      'not_found',
    );
    expect(err.message).toContain('nope.png');
    await expectNothingWritten();
  });

  it('returns the refusal through the transport as a typed error', async () => {
    const result = await dispatch(handlers, 'images.import', {
      file: grant(store, 'open-files', join(FIXTURE_IMAGES_DIR, 'not-really.png')),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported_image' } });
    if (!result.ok) expectReadable(result.error);
    await expectNothingWritten();
  });
});

describe('draft fields the schema refuses', () => {
  it.each(['javascript:alert(1)', 'not a url', 'ftp://x', 'http://', 'mailto:desk@example.com', 'file:///etc/passwd'])(
    'refuses the source URL %j',
    async (url) => {
      await expectInvalid(
        'drafts.save',
        { id: draft.id, expectedVersion: 1, sources: [{ outlet: 'Wire', url }] },
        /full web address starting with http:\/\/ or https:\/\//,
        'sources.0.url',
      );
      await expectInvalid(
        'drafts.create',
        { headline: 'New', sources: [{ url }] },
        /http:\/\/ or https:\/\//,
        'sources.0.url',
      );
    },
  );

  it('refuses a headline over 500 characters, and takes one of exactly 500', async () => {
    const error = await expectInvalid(
      'drafts.save',
      { id: draft.id, expectedVersion: 1, headline: 'x'.repeat(501) },
      /headline is too long \(at most 500 characters\)/,
      'headline',
    );
    expect(error.message).toMatch(/\(headline\)$/);
    await expectInvalid('drafts.create', { headline: 'y'.repeat(10_000) }, /headline is too long/, 'headline');
    const ok = await dispatch(handlers, 'drafts.save', { id: draft.id, expectedVersion: 1, headline: 'z'.repeat(500) });
    expect(ok).toMatchObject({ ok: true, value: { kind: 'saved' } });
  });

  it.each([
    ['a body without a root', {}, /no root node/],
    [
      'a body whose root is not "root"',
      { root: { type: 'paragraph', children: [] } },
      /root node must have type "root"/,
    ],
    ['a node without a type', { root: { type: 'root', children: [{ children: [] }] } }, /node at root\.0 has no type/],
    [
      'a node with an empty type',
      { root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: '' }] }] } },
      /node at root\.0\.0 has no type/,
    ],
    [
      'text that is not a string',
      { root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', text: 42 }] }] } },
      /text of the body node at root\.0\.0 is not a string/,
    ],
    [
      'children that are not a list',
      { root: { type: 'root', children: [{ type: 'paragraph', children: 'oops' }] } },
      /children of the body node at root\.0 are not a list/,
    ],
    [
      'a node that is not an object',
      { root: { type: 'root', children: ['hello'] } },
      /node at root\.0 is not an object/,
    ],
    ['a body that is null', null, /Lexical document/],
  ])('refuses %s', async (_label, body, message) => {
    await expectInvalid('drafts.save', { id: draft.id, expectedVersion: 1, body }, message, 'body');
    await expectInvalid('drafts.create', { body }, message, 'body');
  });

  it('refuses a body that is a string: not a document to create one, not JSON text to save one', async () => {
    await expectInvalid('drafts.create', { body: 'Just some text' }, /Lexical document object/, 'body');
    await expectInvalid(
      'drafts.save',
      { id: draft.id, expectedVersion: 1, body: 'Just some text' },
      /The body is not valid JSON/,
      'body',
    );
  });

  it('refuses a body nested deeper than the editor can load', async () => {
    let node: Record<string, unknown> = { type: 'text', text: 'deep' };
    for (let i = 0; i < 80; i++) node = { type: 'paragraph', children: [node] };
    await expectInvalid(
      'drafts.save',
      { id: draft.id, expectedVersion: 1, body: { root: { type: 'root', children: [node] } } },
      /nested more than 64 levels/,
      'body',
    );
  });

  it('refuses more than 100 tags, and tags without a name or too long', async () => {
    const tags = Array.from({ length: 101 }, (_, i) => `tag ${i}`);
    await expectInvalid('drafts.save', { id: draft.id, expectedVersion: 1, tags }, /At most 100 tags/, 'tags');
    await expectInvalid(
      'drafts.save',
      { id: draft.id, expectedVersion: 1, tags: ['Fine', '   '] },
      /A tag needs a name/,
      'tags.1',
    );
    await expectInvalid(
      'drafts.save',
      { id: draft.id, expectedVersion: 1, tags: ['t'.repeat(101)] },
      /at most 100 characters/,
      'tags.0',
    );
    expect((await store.call('tags.list', {})).map((t) => t.name)).toEqual(['Energy']);
  });

  it.each(['Not A Slug', 'double--hyphen', '-leading', 'trailing-', 'under_score', 'ünïcode', 'spaces in it'])(
    'refuses the slug %j',
    async (slug) => {
      await expectInvalid(
        'drafts.save',
        { id: draft.id, expectedVersion: 1, slug },
        /lower-case letters, digits and single hyphens/,
        'slug',
      );
    },
  );

  it('refuses malformed ids, versions, dates and search text', async () => {
    await expectInvalid('drafts.save', { id: 'not-a-uuid', expectedVersion: 1, headline: 'x' }, /not a draft id/, 'id');
    await expectInvalid(
      'drafts.save',
      { id: draft.id, expectedVersion: 0, headline: 'x' },
      /expectedVersion/,
      'expectedVersion',
    );
    await expectInvalid('drafts.save', { id: draft.id, headline: 'x' }, /expectedVersion/, 'expectedVersion');
    await expectInvalid(
      'drafts.save',
      { id: draft.id, expectedVersion: 1, topImage: 'abc' },
      /not an image id/,
      'topImage',
    );
    await expectInvalid(
      'drafts.save',
      { id: draft.id, expectedVersion: 1, sources: [{ published: '2024-13-45' }] },
      /YYYY-MM-DD/,
      'sources.0.published',
    );
    await expectInvalid('drafts.list', { query: 'q'.repeat(501) }, /search is too long/, 'query');
    await expectInvalid(
      'drafts.setStatus',
      { id: draft.id, expectedVersion: 1, status: 'deleted' },
      /status/,
      'status',
    );
  });
});

describe('draft fields the services refuse', () => {
  it('refuses a top image that is not in the library', async () => {
    const unknown = 'a'.repeat(64);
    const err = await expectAppError(
      store.call('drafts.save', { id: draft.id, expectedVersion: 1, headline: 'Changed', topImage: unknown }),
      'invalid_input',
    );
    expect(err.fields).toEqual({ topImage: 'Unknown image' });
    await expectNothingWritten();
    await expectAppError(
      store.call('drafts.create', { headline: 'New', topImage: unknown, tags: ['Fresh tag'] }),
      'invalid_input',
    );
    await expectNothingWritten();
    // Through the transport, the same code.
    const result = await dispatch(handlers, 'drafts.save', { id: draft.id, expectedVersion: 1, topImage: unknown });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { topImage: 'Unknown image' } },
    });
    await expectNothingWritten();
  });

  it('refuses two sources with the same id', async () => {
    const err = await expectAppError(
      store.call('drafts.save', {
        id: draft.id,
        expectedVersion: 1,
        sources: [
          { id: 's1', outlet: 'A' },
          { id: 's1', outlet: 'B' },
        ],
      }),
      'invalid_input',
    );
    expect(err.message).toContain('"s1"');
    await expectNothingWritten();
  });

  it('gives not_found for a draft that does not exist', async () => {
    await expectAppError(
      store.call('drafts.save', { id: '00000000-0000-4000-8000-000000000000', expectedVersion: 1, headline: 'x' }),
      'not_found',
    );
    await expectNothingWritten();
  });
});

describe('dispatch', () => {
  it.each([
    'drafts.delete',
    'drafts',
    '',
    'DRAFTS.GET',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    42,
    null,
    undefined,
    { method: 'drafts.get' },
  ])('refuses the unknown method %j', async (method) => {
    const result = await dispatch(handlers, method, { id: draft.id });
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    if (!result.ok) expect(result.error.message).toMatch(/There is no API method called/);
    await expectNothingWritten();
  });

  it('passes a valid call through and wraps its value', async () => {
    const result = await dispatch(handlers, 'drafts.get', { id: draft.id });
    expect(result).toEqual({ ok: true, value: draft });
    // A missing payload is an empty object, which drafts.counts accepts.
    expect(await dispatch(handlers, 'drafts.counts', undefined)).toMatchObject({ ok: true, value: { all: 1 } });
  });

  it('refuses a payload that is not an object', async () => {
    for (const payload of ['drafts.get', 42, [draft.id], true]) {
      const result = await dispatch(handlers, 'drafts.get', payload);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    await expectNothingWritten();
  });
});

describe('settings and inputs built to break things', () => {
  it('refuses the setting names every object has, and stores nothing', async () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const error = await expectInvalid('settings.set', { key, value: { polluted: true } }, /setting name/, 'key');
      expect(error.message).not.toMatch(/Something went wrong/);
    }
    // The app's own names still work.
    const saved = await dispatch(handlers, 'settings.set', { key: 'check', value: { headlineMaxLength: 90 } });
    expect(saved.ok, JSON.stringify(saved)).toBe(true);
    const read = await dispatch(handlers, 'settings.get', { key: 'check' });
    expect(read).toMatchObject({ ok: true, value: { key: 'check' } });
  });

  it('answers a 20,000-deep input with a refusal instead of throwing out of dispatch', async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20_000; i++) deep = i % 2 ? [deep] : { level: deep };
    // (Not through expectInvalid, whose JSON.stringify of the payload would overflow first.)
    for (const [method, payload] of [
      ['settings.set', { key: 'deep', value: deep }],
      ['drafts.save', { id: draft.id, expectedVersion: 1, sources: deep }],
    ] as const) {
      const result = await dispatch(handlers, method, payload);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.message).toMatch(/nested more than 1,000 levels deep.*Nothing was changed/);
      expectReadable(result.error);
    }
    await expectNothingWritten();
  });

  it('refuses a 50 MB setting, saying what the limit is', async () => {
    const error = await expectInvalid(
      'settings.set',
      { key: 'notes', value: 'x'.repeat(50 * 1024 * 1024) },
      /at most 256 KB; this one is 50\.0 MB/,
      'value',
    );
    expect(error.message).toMatch(/not saved/);
    expect(await dispatch(handlers, 'settings.get', { key: 'notes' })).toEqual({
      ok: true,
      value: { key: 'notes', value: null },
    });
  });
});

describe('a disk that refuses the write', () => {
  it('says the disk refused the write and nothing was changed, and nothing was (SQLITE_FULL from PRAGMA max_page_count)', async () => {
    // The file may grow by a few pages only: a 2 MB body cannot fit, as on a full disk.
    const { page_count } = (await store.ctx.db.get<{ page_count: number }>('PRAGMA page_count'))!;
    await store.ctx.db.exec(`PRAGMA max_page_count = ${page_count + 8}`);
    const big = Array.from({ length: 2_000 }, (_, i) =>
      `Paragraph ${i} of a long piece that will not fit on this disk. `.repeat(15),
    );
    const result = await dispatch(handlers, 'drafts.save', { id: draft.id, expectedVersion: 1, body: doc(...big) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('storage');
    expect(result.error.message).toMatch(/disk refused the write/i);
    expect(result.error.message).toMatch(/nothing was changed/i);
    expect(result.error.message).not.toMatch(/SQLITE_/);
    await expectNothingWritten();
  });
});
