import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CheckProblem } from '../../src/common/check';
import { applyPieceToDoc, type SharedPiece } from '../../src/common/collab/pieceDoc';
import { DESK_INDEX_DOCUMENT, DESK_INDEX_MAP } from '../../src/common/desk/protocol';
import {
  type AuditEntry,
  DESK_API_PATHS,
  type DeskAnswer,
  type DeskNotification,
  type DeskPieceState,
  type DeskRequest,
  isDeskChanged,
} from '../../src/common/desk/workflow';
import { emptyDocument } from '../../src/common/lexical/document';
import { runServerCli } from '../../src/server/cli';
import { type DeskServer, startDeskServer } from '../../src/server/deskServer';
import { PostgresDocumentStore } from '../../src/server/postgresStore';
import { SQLITE_FILE, SqliteDocumentStore } from '../../src/server/sqliteStore';
import type { DocumentStore } from '../../src/server/store';
import {
  api,
  connectClient,
  DESK_REDIS_URL,
  freshDatabase,
  servicesMissing,
  type TestClient,
  until,
} from '../support/desk';

/**
 * The newsroom's rules as the server enforces them (#14): real servers on
 * 127.0.0.1 over SQLite and PostgreSQL, called over HTTP with real tokens,
 * and Node clients on the sync connection.
 */

interface Backend {
  /** The store's own location, for a second store (another instance, the CLI) and for raw SQL. */
  storeFlags: string[];
  open(): Promise<DocumentStore>;
  /** Runs SQL on the store's database directly, as someone with a database client would. */
  raw(sql: string): Promise<void>;
  cleanup(): Promise<void>;
}

const cases: Array<{ name: string; skip: boolean; backend: () => Promise<Backend> }> = [
  {
    name: 'SQLite',
    skip: false,
    async backend() {
      const dir = mkdtempSync(join(tmpdir(), 'copydesk-server-workflow-'));
      return {
        storeFlags: ['--data', dir],
        open: () => SqliteDocumentStore.open(dir),
        raw: (sql) =>
          new Promise((resolve, reject) => {
            const db = new sqlite3.Database(join(dir, SQLITE_FILE));
            db.exec(sql, (err) => db.close(() => (err ? reject(err) : resolve())));
          }),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    skip: await servicesMissing(__filename),
    async backend() {
      const db = await freshDatabase();
      return {
        storeFlags: ['--postgres', db.url],
        open: () => PostgresDocumentStore.open(db.url),
        async raw(sql) {
          const client = new pg.Client({ connectionString: db.url });
          await client.connect();
          try {
            await client.query(sql);
          } finally {
            await client.end();
          }
        },
        cleanup: () => db.drop(),
      };
    },
  },
];

const IMAGE = 'a'.repeat(64);

/** A piece the default check passes; `tags: []` makes it fail (tags_missing is an error). */
function piece(overrides: Partial<SharedPiece> = {}): SharedPiece {
  return {
    headline: 'Council approves budget',
    dek: 'The vote was close',
    body: emptyDocument(),
    byline: ['Ada'],
    section: 'City',
    slug: 'budget',
    tags: ['council'],
    topImage: IMAGE,
    datePublished: '',
    dateModified: '',
    sources: [],
    images: {},
    notes: [],
    ...overrides,
  };
}

const clients: TestClient[] = [];
function client(url: string, name: string, token: string): TestClient {
  const c = connectClient(url, name, token);
  clients.push(c);
  return c;
}
const synced = (c: TestClient): Promise<void> => until('the client to sync', () => c.provider.isSynced);

function ask(server: DeskServer, token: string, request: Omit<DeskRequest, 'id'> & { id?: string }) {
  return api<DeskAnswer>(server, 'POST', DESK_API_PATHS.requests, token, { id: randomUUID(), ...request });
}

describe.each(cases)('the desk workflow on $name', ({ skip, backend }) => {
  let env: Backend;
  let store: DocumentStore;
  let server: DeskServer;
  const token = { ada: '', ed: '', eve: '', root: '' };

  /** A new piece on the desk: its document stored, and its entry in the desk index. */
  async function sharedPiece(content: SharedPiece = piece()): Promise<string> {
    const document = `piece-${randomUUID()}`;
    const doc = new Y.Doc();
    applyPieceToDoc(doc, content, 'test');
    await store.storeDocument(document, Y.encodeStateAsUpdate(doc));
    const index = client(server.url, DESK_INDEX_DOCUMENT, token.ada);
    await synced(index);
    index.doc.getMap(DESK_INDEX_MAP).set(document, {
      headline: content.headline,
      sharedBy: 'Ada',
      updatedAt: new Date().toISOString(),
    });
    await until('the index entry to reach the server', async () =>
      (await api<{ pieces: DeskPieceState[] }>(server, 'GET', DESK_API_PATHS.pieces, token.ed)).body.pieces.some(
        (p) => p.document === document,
      ),
    );
    index.destroy();
    return document;
  }

  /** Submitted by Ada: in review. */
  async function inReview(content?: SharedPiece): Promise<string> {
    const document = await sharedPiece(content);
    expect((await ask(server, token.ada, { document, action: 'submit', expected: 'draft' })).status).toBe(200);
    return document;
  }

  beforeAll(async () => {
    if (skip) return;
    env = await backend();
    store = await env.open();
    token.ada = await store.addUser('Ada', 'writer');
    token.ed = await store.addUser('Ed', 'editor');
    token.eve = await store.addUser('Eve', 'editor');
    token.root = await store.addUser('Root', 'admin');
    server = await startDeskServer({ store, port: 0, storeDebounceMs: 50, rateLimit: { requests: 1000, perMs: 1000 } });
  });
  afterAll(async () => {
    if (skip) return;
    for (const c of clients.splice(0)) c.destroy();
    await server.stop();
    await store.close();
    await env.cleanup();
  });

  it.skipIf(skip)('refuses a request without a token (401) or with an unknown one (403)', async () => {
    const none = await api<{ code: string; message: string }>(server, 'GET', DESK_API_PATHS.pieces, null);
    expect(none.status).toBe(401);
    expect(none.body.message).toMatch(/Bearer/);
    const wrong = await api<{ code: string }>(server, 'GET', DESK_API_PATHS.pieces, 'not-a-token');
    expect(wrong).toMatchObject({ status: 403, body: { code: 'forbidden' } });
  });

  it.skipIf(skip)(
    "refuses a writer's direct approve, publish, assign, audit and check-settings change (403)",
    async () => {
      const document = await inReview();
      const approve = await ask(server, token.ada, { document, action: 'approve', expected: 'in_review' });
      expect(approve.status).toBe(403);
      expect(approve.body).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringMatching(/writer/) });
      const publish = await ask(server, token.ada, { document, action: 'publish', expected: 'approved' });
      expect(publish).toMatchObject({ status: 403, body: { code: 'forbidden' } });
      const assignment = { assignee: 'Ada', editor: null, deadline: null, slotSection: null, slotDate: null };
      const assign = await ask(server, token.ada, { document, action: 'assign', expected: 'in_review', assignment });
      expect(assign).toMatchObject({ status: 403, body: { code: 'forbidden' } });
      expect((await api(server, 'GET', DESK_API_PATHS.audit, token.ada)).status).toBe(403);
      const put = await api(server, 'PUT', DESK_API_PATHS.checkSettings, token.ada, { headlineMaxLength: 20 });
      expect(put.status).toBe(403);
      // Nothing moved.
      expect(await store.pieceState(document)).toMatchObject({ status: 'in_review', updatedBy: 'Ada' });
    },
  );

  it.skipIf(skip)('lets a writer submit and an editor approve, listing the piece with its new state', async () => {
    const document = await sharedPiece();
    const listed = await api<{ pieces: DeskPieceState[] }>(server, 'GET', DESK_API_PATHS.pieces, token.ada);
    expect(listed.body.pieces.find((p) => p.document === document)).toMatchObject({
      status: 'draft',
      headline: 'Council approves budget',
      assignee: null,
    });
    const submitted = await ask(server, token.ada, { document, action: 'submit', expected: 'draft' });
    expect(submitted).toMatchObject({
      status: 200,
      body: { ok: true, state: { status: 'in_review', updatedBy: 'Ada' } },
    });
    const approved = await ask(server, token.ed, { document, action: 'approve', expected: 'in_review' });
    expect(approved).toMatchObject({ status: 200, body: { ok: true, state: { status: 'approved', updatedBy: 'Ed' } } });
    const after = await api<{ pieces: DeskPieceState[] }>(server, 'GET', DESK_API_PATHS.pieces, token.ada);
    expect(after.body.pieces.find((p) => p.document === document)).toMatchObject({
      status: 'approved',
      updatedBy: 'Ed',
      headline: 'Council approves budget',
    });
  });

  it.skipIf(skip)('lets exactly one of two editors approving at once win; the other is told who did', async () => {
    const document = await inReview();
    const [a, b] = await Promise.all([
      ask(server, token.ed, { document, action: 'approve', expected: 'in_review' }),
      ask(server, token.eve, { document, action: 'approve', expected: 'in_review' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const lost = a.status === 409 ? a : b;
    const winner = a.status === 200 ? 'Ed' : 'Eve';
    expect(lost.body).toMatchObject({ ok: false, code: 'conflict', state: { status: 'approved', updatedBy: winner } });
    expect(!lost.body.ok && lost.body.message).toMatch(new RegExp(`^${winner} approved this at \\d\\d:\\d\\d UTC`));
    const log = await store.listAudit({ document });
    expect(log.filter((e) => e.action === 'approve')).toHaveLength(1);
  });

  it.skipIf(skip)(
    'refuses an approval over a failing check (422), and takes it with an override and a reason',
    async () => {
      const document = await inReview(piece({ tags: [] }));
      const refused = await ask(server, token.ed, { document, action: 'approve', expected: 'in_review' });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ ok: false, code: 'check_failed' });
      const problems = (refused.body as { problems: CheckProblem[] }).problems;
      expect(problems.map((p) => p.rule)).toEqual(['tags_missing']);

      const noReason = await ask(server, token.ed, {
        document,
        action: 'approve',
        expected: 'in_review',
        override: true,
      });
      expect(noReason).toMatchObject({ status: 400, body: { code: 'invalid' } });
      const overridden = await ask(server, token.ed, {
        document,
        action: 'approve',
        expected: 'in_review',
        override: true,
        reason: 'Tags are added by the web desk',
      });
      expect(overridden).toMatchObject({ status: 200, body: { ok: true, state: { status: 'approved' } } });
      const audit = await api<{ entries: AuditEntry[] }>(
        server,
        'GET',
        `${DESK_API_PATHS.audit}?document=${document}`,
        token.eve,
      );
      expect(audit.body.entries.at(-1)).toMatchObject({
        actor: 'Ed',
        role: 'editor',
        action: 'approve',
        from: 'in_review',
        to: 'approved',
        reason: expect.stringContaining('Tags are added by the web desk'),
      });
    },
  );

  it.skipIf(skip)('runs the check with the newsroom settings editors set, and validates them', async () => {
    const bad = await api<{ code: string; message: string }>(server, 'PUT', DESK_API_PATHS.checkSettings, token.ed, {
      headlineMaxLength: 3,
    });
    expect(bad).toMatchObject({
      status: 400,
      body: { code: 'invalid', message: expect.stringMatching(/at least 10/) },
    });
    const put = await api(server, 'PUT', DESK_API_PATHS.checkSettings, token.root, {
      severities: { tags_missing: 'off' },
    });
    expect(put.status).toBe(200);
    const got = await api<{ settings: { severities: Record<string, string> } }>(
      server,
      'GET',
      DESK_API_PATHS.checkSettings,
      token.ada,
    );
    expect(got.body.settings.severities).toMatchObject({ tags_missing: 'off', headline_missing: 'error' });
    const document = await inReview(piece({ tags: [] }));
    expect((await ask(server, token.ed, { document, action: 'approve', expected: 'in_review' })).status).toBe(200);
    await api(server, 'PUT', DESK_API_PATHS.checkSettings, token.root, {});
  });

  it.skipIf(skip)('needs a reason to send a piece back (400), and records a request sent twice once', async () => {
    const document = await inReview();
    const bare = await ask(server, token.ed, { document, action: 'request_changes', expected: 'in_review' });
    expect(bare).toMatchObject({
      status: 400,
      body: { ok: false, code: 'invalid', message: expect.stringMatching(/reason/) },
    });
    const id = randomUUID();
    const request = {
      id,
      document,
      action: 'request_changes',
      expected: 'in_review',
      reason: 'Tighten the top',
    } as const;
    const first = await ask(server, token.ed, request);
    const again = await ask(server, token.ed, request);
    expect(first).toMatchObject({ status: 200, body: { ok: true, state: { status: 'draft' } } });
    expect(again).toMatchObject({ status: 200, body: { ok: true, state: { status: 'draft' } } });
    expect((await store.listAudit({ document })).filter((e) => e.requestId === id)).toHaveLength(1);
    const garbage = await api<{ code: string }>(server, 'POST', DESK_API_PATHS.requests, token.ed, { action: 'fly' });
    expect(garbage).toMatchObject({ status: 400, body: { code: 'invalid' } });
    const notJson = await api<{ code: string }>(server, 'POST', DESK_API_PATHS.requests, token.ed, '{');
    expect(notJson).toMatchObject({ status: 400, body: { code: 'invalid' } });
    const huge = await api<{ code: string }>(server, 'POST', DESK_API_PATHS.requests, token.ed, {
      ...request,
      headline: 'x'.repeat(70_000),
    });
    expect(huge.status).toBe(413);
  });

  it.skipIf(skip)('tells the right people, lists their notifications newest first, and marks them read', async () => {
    const document = await sharedPiece();
    const assignment = { assignee: 'Ada', editor: 'Eve', deadline: null, slotSection: 'City', slotDate: '2026-12-24' };
    expect((await ask(server, token.ed, { document, action: 'assign', expected: 'draft', assignment })).status).toBe(
      200,
    );
    expect((await ask(server, token.ada, { document, action: 'submit', expected: 'draft' })).status).toBe(200);
    await ask(server, token.eve, {
      document,
      action: 'request_changes',
      expected: 'in_review',
      reason: 'Tighten the top',
    });

    const mine = async (t: string) =>
      (
        await api<{ notifications: DeskNotification[] }>(server, 'GET', DESK_API_PATHS.notifications, t)
      ).body.notifications.filter((n) => n.document === document);
    const ada = await mine(token.ada);
    expect(ada.map((n) => n.kind)).toEqual(['sent_back', 'assigned']);
    expect(ada[0]).toMatchObject({ actor: 'Eve', readAt: null, text: expect.stringContaining('Tighten the top') });
    // The piece has an editor: the submit tells Eve, not every editor.
    expect((await mine(token.eve)).map((n) => n.kind)).toEqual(['submitted', 'assigned']);
    expect(await mine(token.root)).toEqual([]);

    const marked = await api<{ marked: number }>(server, 'POST', DESK_API_PATHS.notifications, token.ada, {
      ids: [ada[0]!.id],
    });
    expect(marked.body.marked).toBe(1);
    // Another person's ids are not theirs to mark.
    const eveIds = (await mine(token.eve)).map((n) => n.id);
    expect(
      (await api<{ marked: number }>(server, 'POST', DESK_API_PATHS.notifications, token.ada, { ids: eveIds })).body
        .marked,
    ).toBe(0);
    expect((await mine(token.ada)).map((n) => n.readAt !== null)).toEqual([true, false]);
    await api(server, 'POST', DESK_API_PATHS.notifications, token.ada, { ids: 'all' });
    expect((await mine(token.ada)).every((n) => n.readAt !== null)).toBe(true);
    const wrong = await api(server, 'POST', DESK_API_PATHS.notifications, token.ada, { ids: 'some' });
    expect(wrong.status).toBe(400);

    // The writer hears when the piece is put away and brought back.
    await ask(server, token.ed, { document, action: 'archive', expected: 'draft', reason: 'Spiked' });
    await ask(server, token.ed, { document, action: 'reopen', expected: 'archived' });
    const after = await mine(token.ada);
    expect(after.slice(0, 2).map((n) => [n.kind, n.text])).toEqual([
      ['reopened', expect.stringContaining('Ed reopened')],
      ['archived', expect.stringContaining('Ed archived “Council approves budget”: Spiked')],
    ]);
  });

  it.skipIf(skip)('notifies a person mentioned in a review note, once per note', async () => {
    const document = await sharedPiece();
    const c = client(server.url, document, token.ada);
    await synced(c);
    const note = {
      id: randomUUID(),
      quote: 'budget',
      body: 'Can you check the figure, @Ed?',
      author: 'Ada',
      createdAt: new Date().toISOString(),
      resolvedAt: null,
      resolvedBy: '',
      replies: [],
    };
    applyPieceToDoc(c.doc, piece({ notes: [note] }), 'test');
    const mentions = async () =>
      (
        await api<{ notifications: DeskNotification[] }>(server, 'GET', DESK_API_PATHS.notifications, token.ed)
      ).body.notifications.filter((n) => n.kind === 'mention' && n.document === document);
    await until('Ed to be told', async () => (await mentions()).length === 1);
    applyPieceToDoc(
      c.doc,
      piece({ notes: [{ ...note, resolvedAt: new Date().toISOString(), resolvedBy: 'Ed' }] }),
      'test',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await mentions()).toHaveLength(1);
    expect((await mentions())[0]).toMatchObject({ actor: 'Ada', text: expect.stringContaining('@Ed') });
  });

  it.skipIf(skip)('keeps the audit log append-only: an UPDATE or DELETE on it fails', async () => {
    await inReview();
    const table = env.storeFlags[0] === '--data' ? 'audit' : 'desk_audit';
    await expect(env.raw(`UPDATE ${table} SET reason = 'nothing happened'`)).rejects.toThrow(/append-only/);
    await expect(env.raw(`DELETE FROM ${table}`)).rejects.toThrow(/append-only/);
    expect((await store.listAudit()).length).toBeGreaterThan(0);
  });

  it.skipIf(skip)(
    "refuses a writer's edits to a published piece on the sync connection, and takes an editor's",
    async () => {
      const document = await inReview();
      const writer = client(server.url, document, token.ada);
      const editor = client(server.url, document, token.ed);
      await Promise.all([synced(writer), synced(editor)]);
      // Unlocked, the writer's edits go through.
      writer.doc.getText('dek').insert(0, 'Before: ');
      await until('the editor to see the writer', () => editor.doc.getText('dek').toString().startsWith('Before: '));

      await ask(server, token.ed, { document, action: 'approve', expected: 'in_review' });
      const published = await ask(server, token.ed, {
        document,
        action: 'publish',
        expected: 'approved',
        postUrl: 'https://news.example/budget',
      });
      expect(published).toMatchObject({
        status: 200,
        body: { state: { status: 'published', postUrl: 'https://news.example/budget' } },
      });

      // Live connection: locked as soon as the piece is published.
      writer.doc.getText('headline').insert(0, 'WRITER ');
      // A writer who connects after: locked from the start.
      const late = client(server.url, document, token.ada);
      await synced(late);
      late.doc.getText('headline').insert(0, 'LATE ');
      await new Promise((resolve) => setTimeout(resolve, 300));
      editor.doc.getText('headline').insert(0, 'EDITOR ');
      await until('the writer to see the editor', () => writer.doc.getText('headline').toString().includes('EDITOR '));
      await until('the store to hold the editor', async () => {
        const state = await store.loadDocument(document);
        const stored = new Y.Doc();
        if (state) Y.applyUpdate(stored, state);
        return stored.getText('headline').toString().startsWith('EDITOR ');
      });
      const stored = new Y.Doc();
      Y.applyUpdate(stored, (await store.loadDocument(document))!);
      expect(stored.getText('headline').toString()).toBe('EDITOR Council approves budget');
      expect(editor.doc.getText('headline').toString()).toBe('EDITOR Council approves budget');
      expect(late.doc.getText('headline').toString()).not.toContain('WRITER');

      // Reopened, the writer may edit again.
      await ask(server, token.ed, { document, action: 'reopen', expected: 'published' });
      const fresh = client(server.url, document, token.ada);
      await synced(fresh);
      fresh.doc.getText('dek').insert(0, 'Again: ');
      await until('the editor to see the reopened edit', () =>
        editor.doc.getText('dek').toString().startsWith('Again: '),
      );
    },
  );

  it.skipIf(skip)('tells clients of the desk index that something changed', async () => {
    const document = await sharedPiece();
    const index = client(server.url, DESK_INDEX_DOCUMENT, token.ed);
    await synced(index);
    let heard = 0;
    index.provider.on('stateless', ({ payload }: { payload: string }) => {
      if (isDeskChanged(payload)) heard++;
    });
    await ask(server, token.ada, { document, action: 'submit', expected: 'draft' });
    await until('desk-changed', () => heard > 0);
  });

  it.skipIf(skip)('rate-limits each token (429 with Retry-After)', async () => {
    const limited = await startDeskServer({ store, port: 0, rateLimit: { requests: 3, perMs: 60_000 } });
    try {
      for (let i = 0; i < 3; i++)
        expect((await api(limited, 'GET', DESK_API_PATHS.pieces, token.ada)).status).toBe(200);
      const refused = await api<{ code: string; message: string }>(limited, 'GET', DESK_API_PATHS.pieces, token.ada);
      expect(refused).toMatchObject({
        status: 429,
        body: { code: 'rate_limited', message: expect.stringMatching(/try again in \d+ s/) },
      });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another token has its own bucket.
      expect((await api(limited, 'GET', DESK_API_PATHS.pieces, token.ed)).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it.skipIf(skip)('prints the audit with `copydesk-server audit`, and refuses a bad --since (exit 2)', async () => {
    const document = await inReview();
    await ask(server, token.ed, {
      document,
      action: 'request_changes',
      expected: 'in_review',
      reason: 'Two\tlines\nhere',
    });
    const run = async (argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runServerCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
      return { code, out, err: err.join('\n') };
    };
    const piece1 = await run(['audit', '--piece', document, ...env.storeFlags]);
    expect(piece1.code).toBe(0);
    expect(piece1.out).toHaveLength(2);
    expect(piece1.out[0]!.split('\t')).toEqual([
      expect.any(String),
      'Ada',
      'writer',
      document,
      'submit',
      'draft→in_review',
      '',
    ]);
    expect(piece1.out[1]!.split('\t')).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      'Ed',
      'editor',
      document,
      'request_changes',
      'in_review→draft',
      'Two lines here',
    ]);
    const all = await run(['audit', ...env.storeFlags]);
    expect(all.out.length).toBeGreaterThan(2);
    const future = await run(['audit', '--since', '2999-01-01', ...env.storeFlags]);
    expect(future).toMatchObject({ code: 0, out: [] });
    const bad = await run(['audit', '--since', 'last tuesday', ...env.storeFlags]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--since must be a date/);
    expect(bad.err).toContain('copydesk-server audit');
  });
});

const noSharedServices = await servicesMissing(__filename);

describe('two server instances sharing PostgreSQL (and Redis)', () => {
  const skip = noSharedServices;
  let db: { url: string; drop(): Promise<void> };
  let stores: DocumentStore[] = [];
  let servers: DeskServer[] = [];
  let ed = '';
  let eve = '';
  let ada = '';

  beforeAll(async () => {
    if (skip) return;
    db = await freshDatabase();
    stores = [await PostgresDocumentStore.open(db.url), await PostgresDocumentStore.open(db.url)];
    ada = await stores[0]!.addUser('Ada', 'writer');
    ed = await stores[0]!.addUser('Ed', 'editor');
    eve = await stores[0]!.addUser('Eve', 'editor');
    servers = await Promise.all(
      stores.map((store) => startDeskServer({ store, port: 0, redisUrl: DESK_REDIS_URL, storeDebounceMs: 50 })),
    );
  });
  afterAll(async () => {
    if (skip) return;
    for (const c of clients.splice(0)) c.destroy();
    for (const s of servers) await s.stop();
    for (const s of stores) await s.close();
    await db.drop();
  });

  it.skipIf(skip)('lets one of two editors on two instances win, and tells the other instance’s clients', async () => {
    const document = `piece-${randomUUID()}`;
    const [a, b] = servers as [DeskServer, DeskServer];
    const index = client(b.url, DESK_INDEX_DOCUMENT, eve);
    await synced(index);
    let heard = 0;
    index.provider.on('stateless', ({ payload }: { payload: string }) => {
      if (isDeskChanged(payload)) heard++;
    });
    expect((await ask(a, ada, { document, action: 'submit', expected: 'draft' })).status).toBe(200);
    await until('the other instance’s client to hear of it', () => heard > 0);
    await stores[0]!.storeCheckSettings({
      severities: { headline_missing: 'off', top_image_missing: 'off', tags_missing: 'off', section_missing: 'off' },
    });
    const [one, two] = await Promise.all([
      ask(a, ed, { document, action: 'approve', expected: 'in_review' }),
      ask(b, eve, { document, action: 'approve', expected: 'in_review' }),
    ]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    const lost = one.status === 409 ? one : two;
    expect(!lost.body.ok && lost.body.message).toMatch(/^(Ed|Eve) approved this at /);
    expect((await stores[1]!.listAudit({ document })).filter((e) => e.action === 'approve')).toHaveLength(1);
  });
});
