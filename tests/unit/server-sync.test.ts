import * as encoding from 'lib0/encoding';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { DESK_API_PATHS, type DeskAnswer } from '../../src/common/desk/workflow';
import { type DeskServer, startDeskServer } from '../../src/server/deskServer';
import { PostgresDocumentStore } from '../../src/server/postgresStore';
import { SqliteDocumentStore } from '../../src/server/sqliteStore';
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

/** Real Hocuspocus servers on 127.0.0.1 with real stores, and Node clients. */

const clients: TestClient[] = [];
function client(url: string, name: string, token: string): TestClient {
  const c = connectClient(url, name, token);
  clients.push(c);
  return c;
}
function synced(c: TestClient): Promise<void> {
  return until('the client to sync', () => c.provider.isSynced);
}
async function storedText(store: DocumentStore, name: string): Promise<string | null> {
  const state = await store.loadDocument(name);
  if (!state) return null;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc.getText('body').toString();
}

/** A raw socket speaking the Hocuspocus protocol: authenticates, sends `message`, returns the close code the server chose. */
async function sendRaw(url: string, documentName: string, token: string, message: Uint8Array): Promise<number> {
  const ws = new WebSocket(url);
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    ws.on('open', resolve);
    ws.on('error', reject);
  });
  const auth = encoding.createEncoder();
  encoding.writeVarString(auth, documentName);
  encoding.writeVarUint(auth, 2); // MessageType.Auth
  encoding.writeVarUint(auth, 0); // AuthMessageType.Token
  encoding.writeVarString(auth, token);
  ws.send(encoding.toUint8Array(auth));
  const authenticated = await new Promise<boolean>((resolve) =>
    ws.once('message', (data: Buffer) => resolve(data.includes(2))),
  );
  expect(authenticated).toBe(true);
  ws.send(message);
  // -1: the server left the socket open (it should have closed it).
  const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(-1), 15_000).unref());
  const code = await Promise.race([closed, timeout]);
  ws.terminate();
  return code;
}

function syncUpdateMessage(documentName: string, update: Uint8Array): Uint8Array {
  const message = encoding.createEncoder();
  encoding.writeVarString(message, documentName);
  encoding.writeVarUint(message, 0); // sync
  encoding.writeVarUint(message, 2); // update
  encoding.writeVarUint8Array(message, update);
  return encoding.toUint8Array(message);
}

describe('the newsroom server on SQLite', () => {
  let dir: string;
  let store: DocumentStore;
  let server: DeskServer;
  let token: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'copydesk-server-sync-'));
    store = await SqliteDocumentStore.open(dir);
    token = await store.addUser('Ada', 'writer');
    server = await startDeskServer({ store, port: 0, storeDebounceMs: 50, maxMessageBytes: 64 * 1024 });
  });
  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('binds to 127.0.0.1 by default', () => {
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses a wrong token and a revoked one, saying why', async () => {
    const wrong = client(server.url, 'piece-auth', 'not-a-token');
    expect(await wrong.refusal).toMatch(/^unknown-or-revoked-token/);
    wrong.destroy();

    const revokedToken = await store.addUser('Leaver', 'editor');
    const before = client(server.url, 'piece-auth', revokedToken);
    await synced(before);
    await store.revokeUser('Leaver');
    const after = client(server.url, 'piece-auth', revokedToken);
    expect(await after.refusal).toMatch(/no longer\) valid/);
    expect(after.provider.isSynced).toBe(false);
    after.destroy();
  });

  it('lets two clients on one document converge, and stores the result', async () => {
    const a = client(server.url, 'piece-live', token);
    const b = client(server.url, 'piece-live', token);
    await Promise.all([synced(a), synced(b)]);
    a.text.insert(0, 'Mayor resigns');
    b.text.insert(0, 'BREAKING: ');
    await until('both clients to converge', () => a.text.toString() === b.text.toString() && a.text.length === 23);
    expect(a.text.toString()).toContain('Mayor resigns');
    expect(a.text.toString()).toContain('BREAKING: ');
    await until('the store to hold it', async () => (await storedText(store, 'piece-live')) === a.text.toString());
  });

  it('refuses an oversized update and closes the connection, leaving the stored document intact', async () => {
    const a = client(server.url, 'piece-big', token);
    await synced(a);
    a.text.insert(0, 'Kept paragraph.');
    await until('the store to hold it', async () => (await storedText(store, 'piece-big')) === 'Kept paragraph.');

    const huge = new Y.Doc();
    huge.getText('body').insert(0, 'x'.repeat(200 * 1024));
    const code = await sendRaw(
      server.url,
      'piece-big',
      token,
      syncUpdateMessage('piece-big', Y.encodeStateAsUpdate(huge)),
    );
    expect(code).toBe(1009); // ws: message too big

    const fresh = client(server.url, 'piece-big', token);
    await synced(fresh);
    expect(fresh.text.toString()).toBe('Kept paragraph.');
    expect(await storedText(store, 'piece-big')).toBe('Kept paragraph.');
  });

  it('refuses a malformed update and closes the connection, leaving the stored document intact', async () => {
    const a = client(server.url, 'piece-bad', token);
    await synced(a);
    a.text.insert(0, 'Intact.');
    await until('the store to hold it', async () => (await storedText(store, 'piece-bad')) === 'Intact.');

    const garbage = new Uint8Array([7, 200, 1, 255, 255, 255, 3, 9, 9]);
    const code = await sendRaw(server.url, 'piece-bad', token, syncUpdateMessage('piece-bad', garbage));
    expect(code).toBe(1007);

    a.text.insert(a.text.length, ' Still editable.');
    const fresh = client(server.url, 'piece-bad', token);
    await synced(fresh);
    await until('the edit after the refusal to arrive', () => fresh.text.toString() === 'Intact. Still editable.');
    await until(
      'the store to hold it',
      async () => (await storedText(store, 'piece-bad')) === 'Intact. Still editable.',
    );
  });

  it('survives a server restart mid-edit: the client reconnects and its edits arrive', async () => {
    const a = client(server.url, 'piece-restart', token);
    await synced(a);
    a.text.insert(0, 'Before restart. ');
    await until('the store to hold it', async () => (await storedText(store, 'piece-restart')) === 'Before restart. ');

    const port = server.port;
    await server.stop();
    a.text.insert(a.text.length, 'Typed while the server was down.');
    server = await startDeskServer({ store, port, storeDebounceMs: 50, maxMessageBytes: 64 * 1024 });

    const b = client(server.url, 'piece-restart', token);
    await until(
      'the offline edit to reach the other client',
      () => b.text.toString() === 'Before restart. Typed while the server was down.',
    );
    await until('the store to hold it', async () => (await storedText(store, 'piece-restart')) === b.text.toString());
  });
});

const missing = await servicesMissing(__filename);
describe.skipIf(missing)('two newsroom servers sharing PostgreSQL and Redis', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const stores: DocumentStore[] = [];
  const servers: DeskServer[] = [];
  const url = (i: number) => servers[i]!.url;
  const storeAt = (i: number) => stores[i]!;
  let token: string;

  beforeAll(async () => {
    db = await freshDatabase();
    for (let i = 0; i < 2; i++) {
      const store = await PostgresDocumentStore.open(db.url);
      stores.push(store);
      servers.push(await startDeskServer({ store, port: 0, redisUrl: DESK_REDIS_URL, storeDebounceMs: 50 }));
    }
    token = await storeAt(0).addUser('Ed', 'editor');
  });
  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const s of servers) await s.stop();
    for (const s of stores) await s.close();
    await db?.drop();
  });

  it('shows each instance’s clients the other’s edits, and one stored document', async () => {
    const name = `piece-shared-${Date.now()}`;
    const a = client(url(0), name, token);
    const b = client(url(1), name, token);
    await Promise.all([synced(a), synced(b)]);
    a.text.insert(0, 'From the office. ');
    await until('b to see a’s edit', () => b.text.toString() === 'From the office. ');
    b.text.insert(b.text.length, 'From the laptop.');
    await until('a to see b’s edit', () => a.text.toString() === 'From the office. From the laptop.');
    await until(
      'PostgreSQL to hold it',
      async () => (await storedText(storeAt(1), name)) === 'From the office. From the laptop.',
    );
  });

  it('locks a writer on the other instance out of a piece before the editor’s archive is answered', async () => {
    const writerToken = await storeAt(0).addUser(`Writer ${randomUUID().slice(0, 8)}`, 'writer');
    const name = `piece-${randomUUID()}`;
    const editor = client(url(0), name, token);
    const writer = client(url(1), name, writerToken);
    await Promise.all([synced(editor), synced(writer)]);
    // The writer's edit goes through, and instance 1 has just read the piece's status (a draft).
    writer.text.insert(0, 'Draft words. ');
    await until('the editor to see the writer', () => editor.text.toString() === 'Draft words. ');

    const archived = await api<DeskAnswer>(servers[0]!, 'POST', DESK_API_PATHS.requests, token, {
      id: randomUUID(),
      document: name,
      action: 'archive',
      expected: 'draft',
      reason: 'Spiked',
    });
    expect(archived).toMatchObject({ status: 200, body: { ok: true, state: { status: 'archived' } } });
    // Once the archive is answered, instance 1 must refuse the writer, not answer from what it read before.
    writer.text.insert(writer.text.length, 'Too late.');
    // Sent after the writer's: when it reaches the writer, instance 1 has handled the writer's edit.
    editor.text.insert(0, 'Spiked. ');
    await until('the writer to see the editor', () => writer.text.toString().startsWith('Spiked. '));
    await until(
      'PostgreSQL to hold the editor’s edit',
      async () => (await storedText(storeAt(1), name))?.startsWith('Spiked. ') === true,
    );
    expect(editor.text.toString()).toBe('Spiked. Draft words. ');
    expect(await storedText(storeAt(0), name)).toBe('Spiked. Draft words. ');
  });

  it('refuses a token revoked through the other instance', async () => {
    const leaver = await storeAt(1).addUser('Leaver', 'writer');
    await storeAt(1).revokeUser('Leaver');
    const c = client(url(0), 'piece-x', leaver);
    expect(await c.refusal).toMatch(/^unknown-or-revoked-token/);
    c.destroy();
  });
});
