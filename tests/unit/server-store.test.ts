import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PostgresDocumentStore } from '../../src/server/postgresStore';
import { SqliteDocumentStore } from '../../src/server/sqliteStore';
import type { DocumentStore } from '../../src/server/store';
import { freshDatabase, servicesMissing } from '../support/desk';

/** Both stores pass the same tests: the server may run on either. */
const cases: Array<{
  name: string;
  skip: boolean;
  open: () => Promise<{ open(): Promise<DocumentStore>; cleanup(): Promise<void> }>;
}> = [
  {
    name: 'SQLite',
    skip: false,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'copydesk-server-store-'));
      return {
        open: () => SqliteDocumentStore.open(dir),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    skip: await servicesMissing(__filename),
    async open() {
      const db = await freshDatabase();
      return { open: () => PostgresDocumentStore.open(db.url), cleanup: () => db.drop() };
    },
  },
];

describe.each(cases)('$name document store', ({ skip, open }) => {
  let env: { open(): Promise<DocumentStore>; cleanup(): Promise<void> };
  let store: DocumentStore;

  beforeAll(async () => {
    if (skip) return;
    env = await open();
    store = await env.open();
  });
  afterAll(async () => {
    if (skip) return;
    await store.close();
    await env.cleanup();
  });

  it.skipIf(skip)('stores and loads a Yjs state by name, and knows no state for an unknown name', async () => {
    const doc = new Y.Doc();
    doc.getText('body').insert(0, 'Council approves budget');
    const state = Y.encodeStateAsUpdate(doc);
    await store.storeDocument('piece-1', state);
    expect(await store.loadDocument('missing')).toBeNull();
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, (await store.loadDocument('piece-1'))!);
    expect(loaded.getText('body').toString()).toBe('Council approves budget');

    doc.getText('body').insert(0, 'Update: ');
    await store.storeDocument('piece-1', Y.encodeStateAsUpdate(doc));
    const again = new Y.Doc();
    Y.applyUpdate(again, (await store.loadDocument('piece-1'))!);
    expect(again.getText('body').toString()).toBe('Update: Council approves budget');
  });

  it.skipIf(skip)('adds users with a role, finds them by token, and keeps no token in the clear', async () => {
    const token = await store.addUser('Ada Reporter', 'writer');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await store.addUser('Ed', 'editor');
    expect(other).not.toBe(token);
    expect(await store.findUserByToken(token)).toMatchObject({ name: 'Ada Reporter', role: 'writer', revokedAt: null });
    expect(await store.findUserByToken(other)).toMatchObject({ name: 'Ed', role: 'editor' });
    expect(await store.findUserByToken(`${token}x`)).toBeNull();
    expect(JSON.stringify(await store.listUsers())).not.toContain(token);
    await expect(store.addUser('Ed', 'admin')).rejects.toThrow(/already exists/);
    await expect(store.addUser(' spaced', 'admin')).rejects.toThrow(/not a usable user name/);
  });

  it.skipIf(skip)(
    'revokes a user: their token is refused, the list says so, and the name can be given again',
    async () => {
      const token = await store.addUser('Temp', 'admin');
      expect(await store.revokeUser('Temp')).toBe(true);
      expect(await store.revokeUser('Temp')).toBe(false);
      expect(await store.revokeUser('Nobody')).toBe(false);
      expect(await store.findUserByToken(token)).toBeNull();
      const temp = (await store.listUsers()).find((u) => u.name === 'Temp');
      expect(temp?.revokedAt).toEqual(expect.any(String));

      const fresh = await store.addUser('Temp', 'writer');
      expect(await store.findUserByToken(token)).toBeNull();
      expect(await store.findUserByToken(fresh)).toMatchObject({ name: 'Temp', role: 'writer', revokedAt: null });
    },
  );

  it.skipIf(skip)(
    'keeps an image once under its id, leaving the first bytes in place, and knows no image it was not given',
    async () => {
      const id = 'a'.repeat(64);
      const bytes = new Uint8Array([137, 80, 78, 71, 0, 255, 1, 2]);
      expect(await store.imageSize(id)).toBeNull();
      expect(await store.loadImage(id)).toBeNull();
      expect(await store.storeImage(id, bytes)).toBe(true);
      expect(await store.storeImage(id, new Uint8Array([9, 9]))).toBe(false);
      expect(await store.loadImage(id)).toEqual(bytes);
      expect(await store.imageSize(id)).toBe(bytes.length);
      expect(await store.loadImage('b'.repeat(64))).toBeNull();
    },
  );

  it.skipIf(skip)(
    'keeps a piece state decided in a transaction, and rolls the whole decision back on a throw',
    async () => {
      const at = new Date().toISOString();
      const entry = (requestId: string) =>
        ({
          at,
          actor: 'Ada',
          role: 'writer',
          document: 'piece-state',
          action: 'submit',
          from: 'draft',
          to: 'in_review',
          reason: '',
          requestId,
        }) as const;
      expect(await store.pieceState('piece-state')).toBeNull();
      await store.withPieceLocked('piece-state', async (tx, state) => {
        expect(state).toMatchObject({ status: 'draft', assignee: null, updatedBy: null });
        await tx.saveState({ ...state, status: 'in_review', assignee: 'Ada', updatedBy: 'Ada', updatedAt: at });
        expect(await tx.appendAudit(entry('req-1'))).toMatchObject({ id: expect.any(Number), requestId: 'req-1' });
      });
      expect(await store.pieceState('piece-state')).toMatchObject({
        status: 'in_review',
        assignee: 'Ada',
        updatedAt: at,
      });

      await expect(
        store.withPieceLocked('piece-state', async (tx, state) => {
          await tx.saveState({ ...state, status: 'approved' });
          await tx.appendAudit(entry('req-2'));
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect((await store.pieceState('piece-state'))!.status).toBe('in_review');
      expect(await store.auditByRequest('req-2')).toBeNull();
      // One request, one entry: the id is unique.
      await expect(store.withPieceLocked('piece-state', (tx) => tx.appendAudit(entry('req-1')))).rejects.toThrow();
      expect(await store.listAudit({ document: 'piece-state' })).toHaveLength(1);
      expect(await store.listAudit({ since: '2999-01-01' })).toEqual([]);
      expect((await store.listPieceStates()).map((s) => s.document)).toContain('piece-state');
    },
  );

  it.skipIf(skip)('keeps notifications per person, once per key, and marks only their own read', async () => {
    const n = {
      recipient: 'Ed',
      kind: 'mention',
      document: 'piece-n',
      headline: 'Budget',
      actor: 'Ada',
      text: 'Ada mentioned you',
      at: new Date().toISOString(),
      dedupeKey: 'mention:piece-n:note-1:Ed',
    } as const;
    expect(
      await store.addNotifications([n, n, { ...n, dedupeKey: null }, { ...n, recipient: 'Eve', dedupeKey: null }]),
    ).toBe(3);
    const eds = await store.listNotifications('Ed', 10);
    expect(eds).toHaveLength(2);
    expect(eds[0]!.id).toBeGreaterThan(eds[1]!.id);
    expect(eds[0]).toMatchObject({ kind: 'mention', readAt: null, headline: 'Budget' });
    expect(await store.markNotificationsRead('Eve', [eds[0]!.id])).toBe(0);
    expect(await store.markNotificationsRead('Ed', [eds[0]!.id])).toBe(1);
    expect((await store.listNotifications('Ed', 1))[0]!.readAt).not.toBeNull();
    expect(await store.markNotificationsRead('Ed', 'all')).toBe(1);
    expect(await store.listNotifications('Ed', 1)).toHaveLength(1);
  });

  it.skipIf(skip)("keeps the newsroom's check settings as one value", async () => {
    expect(await store.loadCheckSettings()).toBeNull();
    await store.storeCheckSettings({ headlineMaxLength: 80, severities: { dek_missing: 'error' } });
    await store.storeCheckSettings({ headlineMaxLength: 90 });
    expect(await store.loadCheckSettings()).toEqual({ headlineMaxLength: 90 });
  });

  it.skipIf(skip)('keeps everything across a reopen, and reopening does not migrate twice', async () => {
    const token = await store.addUser('Persistent', 'editor');
    await store.storeDocument('kept', new Uint8Array([0, 0]));
    await store.storeImage('c'.repeat(64), new Uint8Array([1, 2, 3]));
    await store.close();
    store = await env.open();
    expect(await store.findUserByToken(token)).toMatchObject({ name: 'Persistent' });
    expect(await store.loadDocument('kept')).toEqual(new Uint8Array([0, 0]));
    expect(await store.loadImage('c'.repeat(64))).toEqual(new Uint8Array([1, 2, 3]));
  });
});
