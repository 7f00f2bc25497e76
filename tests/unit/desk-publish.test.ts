import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyPieceToDoc, type SharedPiece } from '../../src/common/collab/pieceDoc';
import { DESK_INDEX_DOCUMENT, DESK_INDEX_MAP } from '../../src/common/desk/protocol';
import {
  type AuditEntry,
  DESK_API_PATHS,
  type DeskAnswer,
  type DeskNotification,
  type DeskPieceState,
  type DeskPublishJob,
  type DeskRequest,
} from '../../src/common/desk/workflow';
import type { LexicalDocument } from '../../src/common/lexical/document';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { figureNode } from '../../src/common/nodes/figure/figureJson';
import { runServerCli } from '../../src/server/cli';
import { DeskOutbox } from '../../src/server/deskOutbox';
import { type DeskServer, startDeskServer } from '../../src/server/deskServer';
import { PostgresDocumentStore } from '../../src/server/postgresStore';
import type { ServerPublishJob } from '../../src/server/publishing';
import { openSecret, sealSecret, secretKeyFrom } from '../../src/server/secretBox';
import { SqliteDocumentStore } from '../../src/server/sqliteStore';
import type { DocumentStore } from '../../src/server/store';
import { GHOST, ghostAdmin, WORDPRESS, wpGet } from '../support/cms';
import { api, freshDatabase, servicesMissing, until } from '../support/desk';
import { FIXTURE_IMAGES_DIR } from '../support/fixtures';
import { need } from '../support/outside';
import { sharedPieceWith } from '../support/sharedPiece';

/**
 * The desk publishes shared pieces itself: its outbox, with the app's
 * adapters, sends a piece's document and the desk's image bytes to the real
 * WordPress and Ghost, updates the post in place on a republish, holds a
 * scheduled job until its time, and keeps secrets sealed and out of errors.
 */

const wordpress = await need(WORDPRESS, __filename);
const ghost = await need(GHOST, __filename);
const noPostgres = await servicesMissing(__filename);

const key = randomBytes(32);

function body(
  ...blocks: Array<string | { image: string; alt: string; caption: string; credit: string }>
): LexicalDocument {
  const children = blocks.map((b) =>
    typeof b === 'string' ? paragraphNode([textNode(b)]) : figureNode({ ...b, license: '' }),
  );
  return { root: { type: 'root', version: 1, format: '', indent: 0, direction: null, children } };
}

/** A shared piece with a figure, its image on the desk, as a writer's app would have left it. */
async function sharedPiece(
  store: DocumentStore,
  headline: string,
): Promise<{ document: string; doc: Y.Doc; image: string }> {
  const bytes = Buffer.concat([readFileSync(join(FIXTURE_IMAGES_DIR, 'plant.png')), Buffer.from(randomUUID())]);
  const image = createHash('sha256').update(bytes).digest('hex');
  await store.storeImage(image, bytes);
  const piece: SharedPiece = {
    headline,
    dek: 'A dek from the desk.',
    body: body('Opening line.', {
      image,
      alt: 'A fern',
      caption: 'The fern at noon.',
      credit: 'NAME/Pool via REUTERS',
    }),
    byline: ['Ann Writer'],
    section: 'City',
    slug: '',
    tags: ['desk'],
    topImage: image,
    datePublished: '',
    dateModified: '',
    sources: [],
    images: { [image]: { alt: 'A fern', caption: 'The fern at noon.', credit: 'NAME/Pool via REUTERS', license: '' } },
    notes: [],
  };
  const doc = new Y.Doc();
  applyPieceToDoc(doc, piece, 'test');
  return { document: `piece-${randomUUID()}`, doc, image };
}

function job(document: string, target: string, runAt = new Date().toISOString()): ServerPublishJob {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    document,
    target,
    remoteStatus: 'publish',
    requestedBy: 'Ed',
    runAt,
    state: 'waiting',
    attempts: 0,
    lastError: null,
    postUrl: null,
    postSentAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

function outboxFor(store: DocumentStore, docs: Map<string, Y.Doc>, now?: () => number) {
  const changes: ServerPublishJob[] = [];
  const outbox = new DeskOutbox({
    store: store.publishing,
    images: store,
    key,
    openDocument: async (name) => docs.get(name)!,
    onChange: async (j) => void changes.push({ ...j }),
    ...(now && { now }),
  });
  return { outbox, changes };
}

describe('sealed secrets', () => {
  it('opens what it sealed, refuses another key with a sentence, and takes a key only of 32 bytes', () => {
    const sealed = sealSecret(key, 'abcd efgh ijkl mnop');
    expect(sealed).not.toContain('abcd');
    expect(openSecret(key, sealed)).toBe('abcd efgh ijkl mnop');
    expect(() => openSecret(randomBytes(32), sealed)).toThrow(/key changed since the secret was set/);
    expect(secretKeyFrom({})).toBeNull();
    expect(secretKeyFrom({ COPYDESK_SERVER_KEY: key.toString('base64') })?.equals(key)).toBe(true);
    expect(secretKeyFrom({ COPYDESK_SERVER_KEY: key.toString('hex') })?.equals(key)).toBe(true);
    expect(() => secretKeyFrom({ COPYDESK_SERVER_KEY: 'c2hvcnQ=' })).toThrow(/must hold 32 bytes \(it holds 5\)/);
  });
});

describe('the desk publishes a shared piece itself', () => {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-desk-publish-'));
  let store: SqliteDocumentStore;
  beforeAll(async () => {
    store = await SqliteDocumentStore.open(dir);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!wordpress)('to WordPress, with its image and credit, then updates the same post in place', async () => {
    const wp = wordpress!;
    await store.publishing.saveTarget(
      { name: 'wp', kind: 'wordpress', url: wp.url, user: wp.user, options: {} },
      sealSecret(key, wp.appPassword),
    );
    const { document, doc } = await sharedPiece(store, `Desk-published ${randomUUID().slice(0, 8)}`);
    const { outbox } = outboxFor(store, new Map([[document, doc]]));
    await store.publishing.addPublishJob(job(document, 'wp'));
    await outbox.drain();
    const [done] = await store.publishing.publishJobs(document);
    expect(done).toMatchObject({ state: 'done', lastError: null });
    expect(done!.postUrl).toMatch(/^http:\/\/127\.0\.0\.1:8088\//);
    const sent = await store.publishing.sentPost(document, 'wp');
    const post = await wpGet<{ title: { raw: string }; content: { raw: string }; status: string }>(
      wp,
      `posts/${sent!.remoteId}?context=edit`,
    );
    expect(post.status).toBe('publish');
    expect(post.content.raw).toContain('NAME/Pool via REUTERS');
    expect(post.content.raw).toMatch(/<img[^>]+src="http:\/\/127\.0\.0\.1:8088\/wp-content\/uploads\//);

    doc.getText('headline').insert(0, 'Updated: ');
    await store.publishing.addPublishJob(job(document, 'wp'));
    await outbox.drain();
    const again = await store.publishing.sentPost(document, 'wp');
    expect(again!.remoteId).toBe(sent!.remoteId);
    const updated = await wpGet<{ title: { raw: string } }>(wp, `posts/${sent!.remoteId}?context=edit`);
    expect(updated.title.raw).toMatch(/^Updated: Desk-published/);
  });

  it.skipIf(!ghost)('to Ghost, and a scheduled job waits for its time with no client connected', async () => {
    const gh = ghost!;
    await store.publishing.saveTarget(
      { name: 'ghost', kind: 'ghost', url: gh.url, user: '', options: {} },
      sealSecret(key, gh.adminKey),
    );
    const { document, doc } = await sharedPiece(store, `Scheduled ${randomUUID().slice(0, 8)}`);
    let clock = Date.now();
    const { outbox } = outboxFor(store, new Map([[document, doc]]), () => clock);
    await store.publishing.addPublishJob(job(document, 'ghost', new Date(clock + 60 * 60_000).toISOString()));
    await outbox.drain();
    expect((await store.publishing.publishJobs(document))[0]!.state).toBe('waiting');
    clock += 61 * 60_000;
    await outbox.drain();
    const [done] = await store.publishing.publishJobs(document);
    expect(done).toMatchObject({ state: 'done' });
    const sent = await store.publishing.sentPost(document, 'ghost');
    const res = await fetch(`${gh.url}/ghost/api/admin/posts/${sent!.remoteId}/?formats=html`, {
      headers: ghostAdmin(gh),
    });
    const { posts } = (await res.json()) as { posts: Array<{ status: string; title: string; html: string }> };
    expect(posts[0]!.status).toBe('published');
    expect(posts[0]!.title).toMatch(/^Scheduled /);
    expect(posts[0]!.html).toContain('NAME/Pool via REUTERS');
  });

  it.skipIf(!wordpress)('stops a job a CMS refuses, with the reason and no form of the secret', async () => {
    const wp = wordpress!;
    const wrong = 'abcd EFGH ijkl MNOP qrst UVWX';
    await store.publishing.saveTarget(
      { name: 'wp-wrong', kind: 'wordpress', url: wp.url, user: wp.user, options: {} },
      sealSecret(key, wrong),
    );
    const { document, doc } = await sharedPiece(store, 'Refused');
    const { outbox, changes } = outboxFor(store, new Map([[document, doc]]));
    await store.publishing.addPublishJob(job(document, 'wp-wrong'));
    await outbox.drain();
    const [failed] = await store.publishing.publishJobs(document);
    expect(failed!.state).toBe('failed');
    expect(failed!.lastError).toMatch(/WordPress/);
    for (const form of [
      wrong,
      wrong.replace(/ /g, ''),
      Buffer.from(`${wp.user}:${wrong.replace(/ /g, '')}`).toString('base64'),
    ])
      expect(failed!.lastError).not.toContain(form);
    expect(changes.at(-1)?.state).toBe('failed');
  });

  it('waits, not fails, for an image its writer has not uploaded yet', async () => {
    await store.publishing.saveTarget(
      { name: 'hook', kind: 'webhook', url: 'https://127.0.0.1:9/hook', user: '', options: {} },
      sealSecret(key, 'hook-secret'),
    );
    const { document, doc } = await sharedPiece(store, 'Missing image');
    const missing = 'f'.repeat(64);
    applyPieceToDoc(
      doc,
      sharedPieceWith({ headline: 'Missing image', body: body({ image: missing, alt: 'x', caption: '', credit: '' }) }),
      'test',
    );
    const { outbox } = outboxFor(store, new Map([[document, doc]]));
    await store.publishing.addPublishJob(job(document, 'hook'));
    await outbox.drain();
    const [waiting] = await store.publishing.publishJobs(document);
    expect(waiting).toMatchObject({ state: 'waiting', attempts: 1 });
    expect(waiting!.lastError).toMatch(/has not reached the desk yet/);
    expect(Date.parse(waiting!.runAt)).toBeGreaterThan(Date.now());
  });
});

describe.skipIf(noPostgres)('the desk outbox on PostgreSQL', () => {
  it('never gives one job to two instances claiming at once', async () => {
    const db = await freshDatabase();
    const a = await PostgresDocumentStore.open(db.url);
    const b = await PostgresDocumentStore.open(db.url);
    try {
      const now = new Date().toISOString();
      const ids = Array.from({ length: 20 }, () => randomUUID());
      for (const id of ids) await a.publishing.addPublishJob({ ...job('piece-x', 'wp', now), id });
      const claimed: string[] = [];
      const claimAll = async (store: DocumentStore) => {
        for (let j = await store.publishing.claimDueJob(now); j; j = await store.publishing.claimDueJob(now))
          claimed.push(j.id);
      };
      await Promise.all([claimAll(a), claimAll(b), claimAll(a), claimAll(b)]);
      expect(claimed.sort()).toEqual([...ids].sort());
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });
});

describe('copydesk-server targets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-server-targets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const sealedWith = key.toString('base64');

  async function run(argv: string[], env: NodeJS.ProcessEnv) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runServerCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('adds a target with its secret from the environment, sealed, and lists it without the secret', async () => {
    const add = [
      'targets',
      'add',
      'Main site',
      '--kind',
      'wordpress',
      '--url',
      'https://news.example.org',
      '--user',
      'desk',
    ];
    const env = { COPYDESK_SERVER_KEY: sealedWith, COPYDESK_TARGET_SECRET: 'abcd efgh ijkl mnop' };
    expect(await run([...add, '--data', dir], env)).toMatchObject({ code: 0, err: expect.stringContaining('sealed') });
    const list = await run(['targets', 'list', '--data', dir], {});
    expect(list.out).toBe('Main site\twordpress\thttps://news.example.org\tdesk');
    const store = await SqliteDocumentStore.open(dir);
    try {
      const found = await store.publishing.loadTarget('Main site');
      expect(found!.sealedSecret).not.toContain('abcd');
      expect(openSecret(key, found!.sealedSecret)).toBe('abcd efgh ijkl mnop');
    } finally {
      await store.close();
    }
    expect((await run(['targets', 'remove', 'Main site', '--data', dir], {})).code).toBe(0);
    expect((await run(['targets', 'list', '--data', dir], {})).err).toContain('No targets yet');
  });

  it.each([
    [['--kind', 'ghost', '--url', 'http://cms.example.org'], { COPYDESK_TARGET_SECRET: 's' }, 2, /plain http:\/\//],
    [['--kind', 'wordpress', '--url', 'https://cms.example.org'], { COPYDESK_TARGET_SECRET: 's' }, 2, /needs --user/],
    [['--kind', 'ghost', '--url', 'https://cms.example.org'], {}, 2, /Set COPYDESK_TARGET_SECRET/],
    [
      ['--kind', 'ghost', '--url', 'https://cms.example.org'],
      { COPYDESK_TARGET_SECRET: 's' },
      1,
      /COPYDESK_SERVER_KEY is not set/,
    ],
    [
      ['--kind', 'ftp', '--url', 'https://cms.example.org'],
      { COPYDESK_TARGET_SECRET: 's' },
      2,
      /--kind wordpress\|ghost\|webhook/,
    ],
  ])('refuses %j with a sentence and stores nothing', async (flags, env, code, message) => {
    const result = await run(['targets', 'add', 'X', ...flags, '--data', dir], env);
    expect(result.code).toBe(code);
    expect(result.err).toMatch(message);
    expect((await run(['targets', 'list', '--data', dir], {})).out).toBe('');
  });
});

describe('publishing from the desk, through the server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-desk-publish-server-'));
  let store: SqliteDocumentStore;
  let server: DeskServer;
  const token = { ada: '', ed: '' };

  /** A shared piece on the desk (document and index entry), approved by Ed. */
  async function approvedPiece(headline: string, approve = true): Promise<string> {
    const { document, doc } = await sharedPiece(store, headline);
    await store.storeDocument(document, Y.encodeStateAsUpdate(doc));
    const index = new Y.Doc();
    index.getMap(DESK_INDEX_MAP).set(document, { headline, sharedBy: 'Ada', updatedAt: new Date().toISOString() });
    await store.storeDocument(DESK_INDEX_DOCUMENT, Y.encodeStateAsUpdate(index));
    const ask = (who: string, action: DeskRequest['action'], expected: DeskRequest['expected']) =>
      api<DeskAnswer>(server, 'POST', DESK_API_PATHS.requests, who, { id: randomUUID(), document, action, expected });
    expect((await ask(token.ada, 'submit', 'draft')).status).toBe(200);
    if (approve) expect((await ask(token.ed, 'approve', 'in_review')).status).toBe(200);
    return document;
  }

  const jobsOf = async (document: string) =>
    (await api<{ jobs: DeskPublishJob[] }>(server, 'GET', `${DESK_API_PATHS.publish}?document=${document}`, token.ada))
      .body.jobs;

  beforeAll(async () => {
    store = await SqliteDocumentStore.open(dir);
    token.ada = await store.addUser('Ada', 'writer');
    token.ed = await store.addUser('Ed', 'editor');
    if (wordpress)
      await store.publishing.saveTarget(
        { name: 'Main site', kind: 'wordpress', url: wordpress.url, user: wordpress.user, options: {} },
        sealSecret(key, wordpress.appPassword),
      );
    server = await startDeskServer({ store, port: 0, storeDebounceMs: 50, secretKey: key, publishPollMs: 200 });
  });
  afterAll(async () => {
    await server?.stop();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!wordpress)(
    'an editor publishes an approved piece to WordPress; it becomes published with its address, in the audit, and the writer is told',
    async () => {
      const document = await approvedPiece(`From the desk ${randomUUID().slice(0, 8)}`);
      const targets = await api<{ targets: unknown[] }>(server, 'GET', DESK_API_PATHS.targets, token.ada);
      expect(targets.body.targets).toEqual([{ name: 'Main site', kind: 'wordpress', url: wordpress!.url }]);
      expect(JSON.stringify(targets.body)).not.toContain(wordpress!.appPassword);

      const order = { document, target: 'Main site', remoteStatus: 'publish' };
      const writer = await api<{ code: string; message: string }>(
        server,
        'POST',
        DESK_API_PATHS.publish,
        token.ada,
        order,
      );
      expect(writer).toMatchObject({
        status: 403,
        body: { code: 'forbidden', message: expect.stringMatching(/writer/) },
      });

      const ordered = await api<{ job: DeskPublishJob }>(server, 'POST', DESK_API_PATHS.publish, token.ed, order);
      expect(ordered.status).toBe(202);
      await until('the desk to publish', async () => (await jobsOf(document))[0]?.state === 'done');
      const [job] = await jobsOf(document);
      expect(job!.postUrl).toMatch(/^http:\/\/127\.0\.0\.1:8088\//);
      const pieces = await api<{ pieces: DeskPieceState[] }>(server, 'GET', DESK_API_PATHS.pieces, token.ada);
      expect(pieces.body.pieces.find((p) => p.document === document)).toMatchObject({
        status: 'published',
        postUrl: job!.postUrl,
        updatedBy: 'Ed',
      });
      const audit = await api<{ entries: AuditEntry[] }>(
        server,
        'GET',
        `${DESK_API_PATHS.audit}?document=${document}`,
        token.ed,
      );
      expect(audit.body.entries.at(-1)).toMatchObject({
        actor: 'Ed',
        action: 'publish',
        from: 'approved',
        to: 'published',
      });
      const told = await api<{ notifications: DeskNotification[] }>(
        server,
        'GET',
        DESK_API_PATHS.notifications,
        token.ada,
      );
      expect(told.body.notifications[0]).toMatchObject({
        kind: 'published',
        text: expect.stringContaining(job!.postUrl!),
      });
    },
  );

  it.skipIf(!wordpress)('holds a piece that is not approved, and an unknown target, with reasons', async () => {
    const document = await approvedPiece('Only in review', false);
    const early = await api<{ message: string }>(server, 'POST', DESK_API_PATHS.publish, token.ed, {
      document,
      target: 'Main site',
      remoteStatus: 'publish',
    });
    expect(early).toMatchObject({ status: 409, body: { message: expect.stringMatching(/approve it first/) } });
    const unknown = await api<{ message: string }>(server, 'POST', DESK_API_PATHS.publish, token.ed, {
      document,
      target: 'Elsewhere',
      remoteStatus: 'draft',
    });
    expect(unknown).toMatchObject({ status: 404, body: { message: expect.stringMatching(/it has Main site/) } });
    expect(await jobsOf(document)).toEqual([]);
  });

  it.skipIf(!wordpress)('publishes a scheduled piece at its time with no client connected', async () => {
    const document = await approvedPiece(`Scheduled from the desk ${randomUUID().slice(0, 8)}`);
    const at = new Date(Date.now() + 1500).toISOString();
    const ordered = await api<{ job: DeskPublishJob }>(server, 'POST', DESK_API_PATHS.publish, token.ed, {
      document,
      target: 'Main site',
      remoteStatus: 'publish',
      at,
    });
    expect(ordered.body.job).toMatchObject({ state: 'waiting', runAt: at });
    expect((await jobsOf(document))[0]!.state).toBe('waiting');
    await until('the scheduled publish', async () => (await jobsOf(document))[0]?.state === 'done');
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(at));
    expect((await store.pieceState(document))?.status).toBe('published');
  });
});
