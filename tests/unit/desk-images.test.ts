import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyPieceToDoc } from '../../src/common/collab/pieceDoc';
import { deskImageUrl } from '../../src/common/desk/images';
import { figureNode } from '../../src/common/nodes/figure/figureJson';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import type { LexicalDocument } from '../../src/common/lexical/document';
import { MemorySecretStore } from '../../src/main/publish/secrets';
import { connectDesk, type DeskDeps, joinDesk, shareDraft, syncDesk } from '../../src/main/desk/service';
import { imagePath } from '../../src/main/services/images';
import { type DeskServer, startDeskServer } from '../../src/server/deskServer';
import { PostgresDocumentStore } from '../../src/server/postgresStore';
import { SqliteDocumentStore } from '../../src/server/sqliteStore';
import type { DeskUser, DocumentStore, Role } from '../../src/server/store';
import { freshDatabase, servicesMissing, until } from '../support/desk';
import { FIXTURE_IMAGES_DIR } from '../support/fixtures';
import { openTestStore, type TestStore } from '../support/store';
import { sharedPieceWith } from '../support/sharedPiece';
import { cleanupAfterEach } from './_cleanup';

/**
 * Images travel with shared pieces: the real newsroom server (on SQLite,
 * and on PostgreSQL when it is running) and two stores as two machines.
 */

const { folder, track } = cleanupAfterEach();

/** The server's store, counting what reaches it and able to break on purpose. */
class WatchedStore implements DocumentStore {
  /** storeImage calls by id: one per accepted PUT. */
  readonly stores = new Map<string, number>();
  /** Ids whose bytes are sent back altered (a damaged download). */
  readonly damaged = new Set<string>();
  /** While set, storing an image fails (the database is away). */
  failStores = false;

  constructor(readonly inner: DocumentStore) {}

  get publishing(): DocumentStore['publishing'] {
    return this.inner.publishing;
  }

  loadDocument(name: string): Promise<Uint8Array | null> {
    return this.inner.loadDocument(name);
  }
  storeDocument(name: string, state: Uint8Array): Promise<void> {
    return this.inner.storeDocument(name, state);
  }
  addUser(name: string, role: Role): Promise<string> {
    return this.inner.addUser(name, role);
  }
  listUsers(): Promise<DeskUser[]> {
    return this.inner.listUsers();
  }
  revokeUser(name: string): Promise<boolean> {
    return this.inner.revokeUser(name);
  }
  findUserByToken(token: string): Promise<DeskUser | null> {
    return this.inner.findUserByToken(token);
  }
  pieceState: DocumentStore['pieceState'] = (document) => this.inner.pieceState(document);
  listPieceStates: DocumentStore['listPieceStates'] = () => this.inner.listPieceStates();
  withPieceLocked: DocumentStore['withPieceLocked'] = (document, decide) =>
    this.inner.withPieceLocked(document, decide);
  auditByRequest: DocumentStore['auditByRequest'] = (requestId) => this.inner.auditByRequest(requestId);
  listAudit: DocumentStore['listAudit'] = (filter) => this.inner.listAudit(filter);
  addNotifications: DocumentStore['addNotifications'] = (list) => this.inner.addNotifications(list);
  listNotifications: DocumentStore['listNotifications'] = (recipient, limit) =>
    this.inner.listNotifications(recipient, limit);
  markNotificationsRead: DocumentStore['markNotificationsRead'] = (recipient, ids) =>
    this.inner.markNotificationsRead(recipient, ids);
  loadCheckSettings: DocumentStore['loadCheckSettings'] = () => this.inner.loadCheckSettings();
  storeCheckSettings: DocumentStore['storeCheckSettings'] = (value) => this.inner.storeCheckSettings(value);
  async storeImage(id: string, bytes: Uint8Array): Promise<boolean> {
    this.stores.set(id, (this.stores.get(id) ?? 0) + 1);
    if (this.failStores) throw new Error('the database is away');
    return this.inner.storeImage(id, bytes);
  }
  async loadImage(id: string): Promise<Uint8Array | null> {
    const bytes = await this.inner.loadImage(id);
    if (!bytes || !this.damaged.has(id)) return bytes;
    const altered = new Uint8Array(bytes);
    const last = altered.length - 1;
    altered[last] = altered[last]! ^ 0xff;
    return altered;
  }
  imageSize(id: string): Promise<number | null> {
    return this.inner.imageSize(id);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const EMPTY_PIECE = sharedPieceWith({ headline: 'A piece with figures' });

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const fixture = (file: string): Buffer => readFileSync(join(FIXTURE_IMAGES_DIR, file));
/** A fixture made unique (bytes after a PNG's end are ignored), so each test's images are new to the desk. */
const unique = (file: string): Buffer => Buffer.concat([fixture(file), Buffer.from(randomUUID())]);

function body(...blocks: Array<string | { image: string; alt: string }>): LexicalDocument {
  const children = blocks.map((b) =>
    typeof b === 'string'
      ? paragraphNode([textNode(b)])
      : figureNode({ image: b.image, alt: b.alt, caption: '', credit: '', license: '' }),
  );
  return { root: { type: 'root', version: 1, format: '', indent: 0, direction: null, children } };
}

describe('desk image addresses', () => {
  it('puts images beside the desk, over http for ws and https for wss', () => {
    const id = 'a'.repeat(64);
    expect(deskImageUrl('ws://127.0.0.1:4455', id, 'piece-1')).toBe(`http://127.0.0.1:4455/images/${id}?piece=piece-1`);
    expect(deskImageUrl('wss://desk.example.org/newsroom/', id, 'piece-1')).toBe(
      `https://desk.example.org/newsroom/images/${id}?piece=piece-1`,
    );
    expect(() => deskImageUrl('http://desk.example.org', id, 'piece-1')).toThrow(/ws:\/\/ or wss:\/\//);
  });
});

const cases = [
  {
    name: 'SQLite',
    skip: false,
    open: async (): Promise<{ store: DocumentStore; cleanup: () => Promise<void> }> => {
      const dir = mkdtempSync(join(tmpdir(), 'copydesk-desk-images-'));
      return {
        store: await SqliteDocumentStore.open(dir),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    skip: await servicesMissing(__filename),
    open: async (): Promise<{ store: DocumentStore; cleanup: () => Promise<void> }> => {
      const db = await freshDatabase();
      return { store: await PostgresDocumentStore.open(db.url), cleanup: () => db.drop() };
    },
  },
];

describe.each(cases)('images of shared pieces, on a $name desk', ({ skip, open }) => {
  let store: WatchedStore;
  let server: DeskServer;
  let cleanup: () => Promise<void>;
  let adaToken: string;
  let edToken: string;
  let base: string;
  /** Small enough to test the cap with a fixture, large enough for every fixture but one. */
  const MAX = 64 * 1024;

  // A desk of its own for each test, so what moves is only that test's.
  beforeEach(async () => {
    if (skip) return;
    const opened = await open();
    cleanup = opened.cleanup;
    store = new WatchedStore(opened.store);
    adaToken = await store.addUser('Ada', 'writer');
    edToken = await store.addUser('Ed', 'editor');
    server = await startDeskServer({ store, port: 0, storeDebounceMs: 50, maxImageBytes: 256 * 1024 });
    base = server.url.replace(/^ws:/, 'http:');
  });
  afterEach(async () => {
    if (skip) return;
    await server.stop();
    await store.close();
    await cleanup();
  });

  interface Machine {
    store: TestStore;
    deps: DeskDeps;
  }

  async function machine(token: string): Promise<Machine> {
    const m = {
      store: await track(openTestStore({ dir: folder() })),
      deps: { secrets: new MemorySecretStore(), timeoutMs: 20_000, reconnectDelayMs: 100 },
    };
    await joinDesk(m.store.ctx, m.deps, server.url, token);
    return m;
  }

  async function importFixture(m: Machine, file: string, alt: string): Promise<{ id: string; bytes: Buffer }> {
    const bytes = unique(file);
    return {
      id: (
        await m.store.call('images.import', {
          name: file,
          dataBase64: bytes.toString('base64'),
          alt,
          credit: 'Desk photo',
        })
      ).id,
      bytes,
    };
  }

  /** A on one machine shares a piece with a figure (plant.png) and a top image (map.png). */
  async function sharedPictured(
    a: Machine,
    headline: string,
  ): Promise<{ draftId: string; figure: string; top: string; bytes: Record<string, Buffer> }> {
    const { id: figure, bytes: figureBytes } = await importFixture(a, 'plant.png', 'A potted fern on a sill');
    const { id: top, bytes: topBytes } = await importFixture(a, 'map.png', 'Map of the harbour');
    const draft = await a.store.call('drafts.create', {
      headline,
      topImage: top,
      body: body('Opening line.', { image: figure, alt: 'A potted fern on a sill' }, 'Closing line.'),
    });
    await shareDraft(a.store.ctx, draft.id);
    return { draftId: draft.id, figure, top, bytes: { [figure]: figureBytes, [top]: topBytes } };
  }

  it.skipIf(skip)(
    'brings the bytes of a shared piece’s figure and top image to another machine, which shows and exports them',
    async () => {
      const a = await machine(adaToken);
      const b = await machine(edToken);
      const { figure, top, bytes } = await sharedPictured(a, 'Harbour in pictures');

      const sent = await syncDesk(a.store.ctx, a.deps);
      expect(sent.images).toEqual({ uploaded: 2, downloaded: 0, waiting: 0, problems: [] });
      expect(sha256((await store.inner.loadImage(figure))!)).toBe(figure);
      expect(sha256((await store.inner.loadImage(top))!)).toBe(top);

      const got = await syncDesk(b.store.ctx, b.deps);
      expect(got.images).toEqual({ uploaded: 0, downloaded: 2, waiting: 0, problems: [] });
      const copyId = got.pieces.find((p) => p.headline === 'Harbour in pictures')!.draftId!;
      const copy = await b.store.call('drafts.get', { id: copyId });
      expect(copy.topImage).toBe(top);
      for (const id of [figure, top]) {
        const record = await b.store.call('images.get', { id });
        const held = readFileSync(imagePath(b.store.ctx.dataDir, id, record.mime));
        expect(sha256(held)).toBe(id);
        expect(held.equals(bytes[id]!)).toBe(true);
      }
      expect((await b.store.call('images.get', { id: figure })).alt).toBe('A potted fern on a sill');
      expect((await b.store.call('images.get', { id: top })).credit).toBe('Desk photo');

      const { text, warnings } = await b.store.call('export.markdown', { id: copyId });
      expect(warnings).toEqual([]);
      expect(text).toContain(`assets/${figure}.png`);
      expect(text).toContain('A potted fern on a sill');
      expect(text).toContain(`assets/${top}.png`);
    },
  );

  it.skipIf(skip)(
    'sends each image once: sharing and syncing again, from either machine, uploads nothing more',
    async () => {
      const a = await machine(adaToken);
      const b = await machine(edToken);
      const { draftId, figure, top } = await sharedPictured(a, 'Sent once');
      await syncDesk(a.store.ctx, a.deps);
      await syncDesk(b.store.ctx, b.deps);
      expect(store.stores.get(figure)).toBe(1);
      expect(store.stores.get(top)).toBe(1);

      await shareDraft(a.store.ctx, draftId);
      const again = await syncDesk(a.store.ctx, a.deps);
      expect(again.images.uploaded).toBe(0);
      expect((await syncDesk(b.store.ctx, b.deps)).images).toMatchObject({ uploaded: 0, downloaded: 0, waiting: 0 });
      // The live client's saves ask the desk too, and send nothing it holds.
      const live = await connectDesk(a.store.ctx, a.deps);
      try {
        const current = await a.store.call('drafts.get', { id: draftId });
        await a.store.call('drafts.save', {
          id: draftId,
          expectedVersion: current.version,
          reason: 'manual',
          headline: 'Sent once, saved again',
        });
        expect((await syncDesk(a.store.ctx, a.deps, live)).images).toMatchObject({ uploaded: 0, waiting: 0 });
      } finally {
        await live.close();
      }
      expect(store.stores.get(figure)).toBe(1);
      expect(store.stores.get(top)).toBe(1);
    },
  );

  it.skipIf(skip)(
    'uploads a new image as soon as a live client saves the piece, and the other live machine takes it',
    async () => {
      const a = await machine(adaToken);
      const b = await machine(edToken);
      const draft = await a.store.call('drafts.create', { headline: 'Live pictures', body: body('Opening line.') });
      await shareDraft(a.store.ctx, draft.id);
      await syncDesk(a.store.ctx, a.deps);
      const copyId = (await syncDesk(b.store.ctx, b.deps)).pieces.find((p) => p.headline === 'Live pictures')!.draftId!;
      const liveA = await connectDesk(a.store.ctx, a.deps);
      const liveB = await connectDesk(b.store.ctx, b.deps);
      try {
        const { id: top } = await importFixture(a, 'top-image.png', 'The quay at dawn');
        const current = await a.store.call('drafts.get', { id: draft.id });
        await a.store.call('drafts.save', {
          id: draft.id,
          expectedVersion: current.version,
          reason: 'manual',
          topImage: top,
        });
        await until('the desk to hold the new image', async () => (await store.inner.imageSize(top)) !== null);
        await until(
          'the other machine to take the top image',
          async () => (await b.store.call('drafts.get', { id: copyId })).topImage === top,
        );
        expect((await b.store.call('images.get', { id: top })).alt).toBe('The quay at dawn');
      } finally {
        await liveA.close();
        await liveB.close();
      }
    },
  );

  it.skipIf(skip)(
    'tries a waiting image again by itself while live: the desk’s trouble passes, and the image arrives with no sync',
    async () => {
      const a = await machine(adaToken);
      const b = await machine(edToken);
      const draft = await a.store.call('drafts.create', { headline: 'Retried pictures', body: body('Opening line.') });
      await shareDraft(a.store.ctx, draft.id);
      await syncDesk(a.store.ctx, a.deps);
      const copyId = (await syncDesk(b.store.ctx, b.deps)).pieces.find(
        (p) => p.headline === 'Retried pictures',
      )!.draftId!;
      const problems: Error[] = [];
      const liveA = await connectDesk(a.store.ctx, { ...a.deps, onProblem: (error) => problems.push(error) });
      const liveB = await connectDesk(b.store.ctx, b.deps);
      store.failStores = true;
      try {
        const { id: top } = await importFixture(a, 'plant.png', 'A fern, retried');
        const current = await a.store.call('drafts.get', { id: draft.id });
        await a.store.call('drafts.save', {
          id: draft.id,
          expectedVersion: current.version,
          reason: 'manual',
          headline: 'Retried pictures, with a fern',
          topImage: top,
        });
        await until('the desk to refuse the upload', () =>
          problems.some((p) => /500.*the database is away/.test(p.message)),
        );
        await until(
          'the words to reach the other machine',
          async () => (await b.store.call('drafts.get', { id: copyId })).headline === 'Retried pictures, with a fern',
        );
        expect((await b.store.call('drafts.get', { id: copyId })).topImage).toBeNull();
        store.failStores = false;
        // No save, no sync, no reconnection: only the clients' own retries move it now.
        await until(
          'the other machine to take the top image',
          async () => (await b.store.call('drafts.get', { id: copyId })).topImage === top,
        );
      } finally {
        store.failStores = false;
        await liveA.close();
        await liveB.close();
      }
    },
  );

  it.skipIf(skip)('lets the words through when an image cannot move, and moves it on a later sync', async () => {
    const a = await machine(adaToken);
    const b = await machine(edToken);
    store.failStores = true;
    let sent;
    try {
      const { figure, top } = await sharedPictured(a, 'Words first');
      sent = await syncDesk(a.store.ctx, a.deps);
      expect(sent.images).toMatchObject({ uploaded: 0, waiting: 2 });
      expect(sent.images.problems.join('\n')).toMatch(/desk refused image .*500.*the database is away/);

      // The words arrived without the images: the figure waits, the top image is left off for now.
      const got = await syncDesk(b.store.ctx, b.deps);
      expect(got.images).toMatchObject({ downloaded: 0, waiting: 2, problems: [] });
      const copyId = got.pieces.find((p) => p.headline === 'Words first')!.draftId!;
      expect((await b.store.call('drafts.get', { id: copyId })).topImage).toBeNull();
      expect((await b.store.call('export.markdown', { id: copyId })).text).toContain('Closing line.');

      store.failStores = false;
      expect((await syncDesk(a.store.ctx, a.deps)).images).toMatchObject({ uploaded: 2, waiting: 0 });
      expect((await syncDesk(b.store.ctx, b.deps)).images).toMatchObject({ downloaded: 2, waiting: 0 });
      expect((await b.store.call('drafts.get', { id: copyId })).topImage).toBe(top);
      expect((await b.store.call('images.get', { id: figure })).id).toBe(figure);
    } finally {
      store.failStores = false;
    }
  });

  it.skipIf(skip)('refuses an image damaged on the way down, keeping nothing of it and every word', async () => {
    const a = await machine(adaToken);
    const b = await machine(edToken);
    const { figure, top } = await sharedPictured(a, 'Damaged on the way');
    await syncDesk(a.store.ctx, a.deps);
    store.damaged.add(figure);
    try {
      const got = await syncDesk(b.store.ctx, b.deps);
      expect(got.images).toMatchObject({ downloaded: 1, waiting: 1 });
      expect(got.images.problems.join('\n')).toMatch(
        new RegExp(`Image ${figure.slice(0, 12)}… arrived damaged and was not kept`),
      );
      const copyId = got.pieces.find((p) => p.headline === 'Damaged on the way')!.draftId!;
      await expect(b.store.call('images.get', { id: figure })).rejects.toThrow(/not in the library/);
      expect((await b.store.call('drafts.get', { id: copyId })).topImage).toBe(top);
    } finally {
      store.damaged.delete(figure);
    }
    expect((await syncDesk(b.store.ctx, b.deps)).images).toMatchObject({ downloaded: 1, waiting: 0 });
  });

  describe('the endpoints themselves', () => {
    const auth = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

    /** A piece on the desk whose figures are these images, as a client's share would leave it; its document name. */
    async function pieceNaming(...ids: string[]): Promise<string> {
      const name = `piece-${randomUUID()}`;
      const doc = new Y.Doc();
      const figures = ids.map((image) => ({ image, alt: 'A figure' }));
      applyPieceToDoc(doc, { ...EMPTY_PIECE, body: body('Opening line.', ...figures) }, 'test');
      await store.storeDocument(name, Y.encodeStateAsUpdate(doc));
      return name;
    }
    /** The address of image `id` as one of `piece`'s. */
    const at = (id: string, piece: string): string => `${base}/images/${id}?piece=${piece}`;

    it.skipIf(skip)('stores an upload whose SHA-256 is its name, once, and answers GET and HEAD', async () => {
      const bytes = unique('plant.png');
      const id = sha256(bytes);
      const absent = '0'.repeat(64);
      const piece = await pieceNaming(id, absent);
      expect((await fetch(at(id, piece), { method: 'HEAD', headers: auth(adaToken) })).status).toBe(404);
      const put = await fetch(at(id, piece), {
        method: 'PUT',
        body: new Uint8Array(bytes),
        headers: auth(adaToken),
      });
      expect([200, 201]).toContain(put.status);
      const again = await fetch(at(id, piece), {
        method: 'PUT',
        body: new Uint8Array(bytes),
        headers: auth(edToken),
      });
      expect(again.status).toBe(200);
      const head = await fetch(at(id, piece), { method: 'HEAD', headers: auth(edToken) });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe(String(bytes.length));
      const got = await fetch(at(id, piece), { headers: auth(edToken) });
      expect(got.status).toBe(200);
      expect(sha256(new Uint8Array(await got.arrayBuffer()))).toBe(id);
      expect((await fetch(at(absent, piece), { headers: auth(edToken) })).status).toBe(404);
      // Other paths are still Hocuspocus's.
      expect(await (await fetch(`${base}/`)).text()).toMatch(/Hocuspocus/);
    });

    it.skipIf(skip)('refuses a tampered upload with 400, storing nothing', async () => {
      const bytes = unique('map.png');
      const claimed = sha256(Buffer.concat([bytes, Buffer.from('x')]));
      const piece = await pieceNaming(claimed, sha256(new Uint8Array()));
      const put = await fetch(at(claimed, piece), {
        method: 'PUT',
        body: new Uint8Array(bytes),
        headers: auth(adaToken),
      });
      expect(put.status).toBe(400);
      expect(await put.text()).toMatch(
        new RegExp(`hash-mismatch: the body's SHA-256 is ${sha256(bytes)}, not ${claimed}.*Nothing was stored`),
      );
      expect(await store.inner.imageSize(claimed)).toBeNull();
      expect(store.stores.get(claimed)).toBeUndefined();

      const badName = await fetch(at('not-a-hash', piece), {
        method: 'PUT',
        body: new Uint8Array(bytes),
        headers: auth(adaToken),
      });
      expect(badName.status).toBe(400);
      expect(await badName.text()).toMatch(/not-an-image-id/);
      const empty = await fetch(at(sha256(new Uint8Array()), piece), {
        method: 'PUT',
        body: new Uint8Array(),
        headers: auth(adaToken),
      });
      expect(empty.status).toBe(400);
      expect((await fetch(at(claimed, piece), { method: 'DELETE', headers: auth(adaToken) })).status).toBe(405);
    });

    it.skipIf(skip)(
      'refuses an image over the cap with 413, storing nothing, also when its size is not declared',
      async () => {
        const bytes = unique('top-image.png');
        expect(bytes.length).toBeGreaterThan(MAX);
        const small = await startDeskServer({ store, port: 0, maxImageBytes: MAX });
        try {
          const id = sha256(bytes);
          const piece = await pieceNaming(id);
          const put = await fetch(`${small.url.replace(/^ws:/, 'http:')}/images/${id}?piece=${piece}`, {
            method: 'PUT',
            body: new Uint8Array(bytes),
            headers: auth(adaToken),
          });
          expect(put.status).toBe(413);
          expect(await put.text()).toMatch(/image-too-large/);
          // Sent in chunks with no Content-Length: counted as it comes.
          const chunked = new ReadableStream<Uint8Array>({
            start(controller) {
              for (let at = 0; at < bytes.length; at += 16 * 1024)
                controller.enqueue(new Uint8Array(bytes.subarray(at, at + 16 * 1024)));
              controller.close();
            },
          });
          const streamed = await fetch(`${small.url.replace(/^ws:/, 'http:')}/images/${id}?piece=${piece}`, {
            method: 'PUT',
            body: chunked,
            headers: auth(adaToken),
            duplex: 'half',
          } as RequestInit);
          expect(streamed.status).toBe(413);
          expect(store.stores.get(id)).toBeUndefined();
        } finally {
          await small.stop();
        }
      },
    );

    it.skipIf(skip)(
      'refuses requests without a valid token: 401 with none, 403 with a wrong or revoked one',
      async () => {
        const bytes = unique('map.png');
        const id = sha256(bytes);
        const url = at(id, await pieceNaming(id));
        expect((await fetch(url)).status).toBe(401);
        expect((await fetch(url, { method: 'HEAD' })).status).toBe(401);
        const anonymous = await fetch(url, { method: 'PUT', body: new Uint8Array(bytes) });
        expect(anonymous.status).toBe(401);
        expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
        expect((await fetch(url, { headers: { Authorization: 'Basic YWRhOmFkYQ==' } })).status).toBe(401);
        expect((await fetch(url, { headers: auth('not-a-token') })).status).toBe(403);
        const temp = await store.addUser('Temp images', 'writer');
        await store.revokeUser('Temp images');
        const revoked = await fetch(url, { method: 'PUT', body: new Uint8Array(bytes), headers: auth(temp) });
        expect(revoked.status).toBe(403);
        expect(await revoked.text()).toMatch(/unknown-or-revoked-token/);
        expect(store.stores.get(id)).toBeUndefined();
      },
    );

    it.skipIf(skip)(
      'gives an image the rights of its piece: any member reads it, a writer may not upload to a published piece, an editor may',
      async () => {
        const bytes = unique('plant.png');
        const id = sha256(bytes);
        const put = (url: string, token: string): Promise<Response> =>
          fetch(url, { method: 'PUT', body: new Uint8Array(bytes), headers: auth(token) });

        const unnamed = await put(`${base}/images/${id}`, adaToken);
        expect(unnamed.status).toBe(400);
        expect(await unnamed.text()).toMatch(/no-piece: name the piece the image belongs to, as \?piece=piece-…/);
        const unknown = await put(at(id, `piece-${randomUUID()}`), adaToken);
        expect(unknown.status).toBe(404);
        expect(await unknown.text()).toMatch(/no-such-piece/);
        // A piece on the desk that does not use the image: its bytes are not kept (the words may come first).
        const other = await put(at(id, await pieceNaming()), adaToken);
        expect(other.status).toBe(409);
        expect(await other.text()).toMatch(/not-in-piece: .* does not use this image \(yet\).*Nothing was stored/);
        expect(store.stores.get(id)).toBeUndefined();

        // Published: the piece left the writer's hands, and so did its images.
        const piece = await pieceNaming(id);
        await store.withPieceLocked(piece, (tx, state) => tx.saveState({ ...state, status: 'published' }));
        const locked = await put(at(id, piece), adaToken);
        expect(locked.status).toBe(403);
        expect(await locked.text()).toMatch(/piece-locked: the piece is published, and a writer may not change it/);
        expect(store.stores.get(id)).toBeUndefined();
        expect((await put(at(id, piece), edToken)).status).toBe(201);
        // Reading is every member's.
        const read = await fetch(at(id, piece), { headers: auth(adaToken) });
        expect(read.status).toBe(200);
        expect(sha256(new Uint8Array(await read.arrayBuffer()))).toBe(id);
        expect((await fetch(at(id, piece), { method: 'HEAD', headers: auth(adaToken) })).status).toBe(200);
        // Asked as another piece's image, it is not given out.
        expect((await fetch(at(id, await pieceNaming()), { headers: auth(edToken) })).status).toBe(409);
      },
    );
  });
});
