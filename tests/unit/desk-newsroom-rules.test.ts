import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyPieceToDoc, pieceFromDoc, type SharedPiece } from '../../src/common/collab/pieceDoc';
import { DESK_INDEX_DOCUMENT, DESK_INDEX_MAP } from '../../src/common/desk/protocol';
import { type AuditEntry, DESK_API_PATHS, type VocabularyOutcome } from '../../src/common/desk/workflow';
import { emptyDocument } from '../../src/common/lexical/document';
import { MemorySecretStore } from '../../src/main/publish/secrets';
import { type DeskServer, startDeskServer } from '../../src/server/deskServer';
import { SqliteDocumentStore } from '../../src/server/sqliteStore';
import { api, connectClient, until } from '../support/desk';
import { openTestStore, tempDir, type TestStore } from '../support/store';
import { sharedPieceWith } from '../support/sharedPiece';
import { cleanupAfterEach } from './_cleanup';
import { doc, expectAppError } from './_support';

/**
 * The newsroom's shared rules (#14): an editor renames or merges a tag, or
 * renames a section, on every shared piece at once, seeing the pieces first;
 * each machine holding a piece follows live, and the audit records each
 * change. The pre-publish check's rules are the desk's too, set by editors.
 */

let store: SqliteDocumentStore;
let server: DeskServer;
const token = { ada: '', ed: '' };
let cleanup: () => void;

function piece(headline: string, tags: string[], section: string): SharedPiece {
  return sharedPieceWith({ headline, body: emptyDocument(), section, tags });
}

/** Pieces on the desk: each document stored and listed in the index. */
async function onDesk(...pieces: SharedPiece[]): Promise<string[]> {
  const index = new Y.Doc();
  const stored = await store.loadDocument(DESK_INDEX_DOCUMENT);
  if (stored) Y.applyUpdate(index, stored);
  const names: string[] = [];
  for (const p of pieces) {
    const document = `piece-${randomUUID()}`;
    const doc = new Y.Doc();
    applyPieceToDoc(doc, p, 'test');
    await store.storeDocument(document, Y.encodeStateAsUpdate(doc));
    index
      .getMap(DESK_INDEX_MAP)
      .set(document, { headline: p.headline, sharedBy: 'Ada', updatedAt: new Date().toISOString() });
    names.push(document);
  }
  await store.storeDocument(DESK_INDEX_DOCUMENT, Y.encodeStateAsUpdate(index));
  return names;
}

const rename = (who: string, body: unknown) =>
  api<{ outcome: VocabularyOutcome; message?: string; code?: string }>(
    server,
    'POST',
    DESK_API_PATHS.vocabulary,
    who,
    body,
  );

beforeAll(async () => {
  const t = tempDir('copydesk-server-vocabulary-');
  cleanup = t.cleanup;
  store = await SqliteDocumentStore.open(t.dir);
  token.ada = await store.addUser('Ada', 'writer');
  token.ed = await store.addUser('Ed', 'editor');
  server = await startDeskServer({ store, port: 0, storeDebounceMs: 50 });
});
afterAll(async () => {
  await server.stop();
  await store.close();
  cleanup();
});

describe('the shared vocabulary on the desk', () => {
  it('shows the pieces first, then merges a tag into another on each, live on a machine holding one, in the audit', async () => {
    const [budget, transit, other] = await onDesk(
      piece('Budget vote', ['City Hall', 'council'], 'City'),
      piece('Tram line', ['city hall', 'Transit', 'Council'], 'City'),
      piece('Cup final', ['sport'], 'Sport'),
    );
    const holder = connectClient(server.url, transit!, token.ada);
    await until('the writer to hold the piece', () => holder.provider.isSynced);

    const writer = await rename(token.ada, { field: 'tag', from: 'City Hall', to: 'council' });
    expect(writer).toMatchObject({ status: 403, body: { code: 'forbidden' } });

    const counted = await rename(token.ed, { field: 'tag', from: 'city hall', to: 'council' });
    expect(counted.status).toBe(200);
    expect(counted.body.outcome).toMatchObject({ applied: false });
    expect(counted.body.outcome.pieces.map((p) => p.headline).sort()).toEqual(['Budget vote', 'Tram line']);
    // Counting changed nothing.
    expect(pieceFromDoc(holder.doc).tags).toEqual(['city hall', 'Transit', 'Council']);

    const applied = await rename(token.ed, { field: 'tag', from: 'city hall', to: 'council', apply: true });
    expect(applied.body.outcome).toMatchObject({ applied: true });
    expect(applied.body.outcome.pieces).toHaveLength(2);
    // A piece that had both is merged: one "council", in its first place.
    await until('the holder to follow', () => pieceFromDoc(holder.doc).tags.join('|') === 'council|Transit');
    holder.destroy();
    const stored = async (document: string) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, (await store.loadDocument(document))!);
      return pieceFromDoc(doc);
    };
    await until('the desk to store the change', async () => (await stored(budget!)).tags.join('|') === 'council');
    expect((await stored(other!)).tags).toEqual(['sport']);

    const audit = await api<{ entries: AuditEntry[] }>(server, 'GET', DESK_API_PATHS.audit, token.ed);
    const renames = audit.body.entries.filter((e) => e.action === 'rename_tag');
    expect(renames.map((e) => e.document).sort()).toEqual([budget, transit].sort());
    expect(renames[0]).toMatchObject({
      actor: 'Ed',
      reason: 'tag “city hall” → “council”',
      from: 'draft',
      to: 'draft',
    });
  });

  it('renames a section, and refuses a rename to the same name or with a name missing', async () => {
    const [metro] = await onDesk(piece('Night buses', [], 'Metro'));
    const applied = await rename(token.ed, { field: 'section', from: 'metro', to: 'City', apply: true });
    expect(applied.body.outcome.pieces.map((p) => p.document)).toContain(metro);
    await until('the section to change', async () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, (await store.loadDocument(metro!))!);
      return pieceFromDoc(doc).section === 'City';
    });
    const same = await rename(token.ed, { field: 'tag', from: 'Sport', to: 'sport' });
    expect(same).toMatchObject({ status: 400, body: { message: expect.stringMatching(/same name/) } });
    const missing = await rename(token.ed, { field: 'tag', from: '', to: 'x' });
    expect(missing).toMatchObject({ status: 400, body: { message: expect.stringMatching(/Name the tag or section/) } });
  });
});

describe('the newsroom’s vocabulary and check rules from the app', () => {
  const { folder, track } = cleanupAfterEach();

  async function machine(who: string): Promise<TestStore> {
    const app = await track(
      openTestStore({
        dir: folder(),
        publish: { secrets: new MemorySecretStore({}) },
        deskLive: { reconnectDelayMs: 100, timeoutMs: 20_000 },
      }),
    );
    await app.call('desk.join', { url: server.url, token: who });
    await until('the app to be online', async () => (await app.call('desk.status', {})).live.state === 'online');
    return app;
  }

  it('an editor renames a tag on the desk and the writer’s own copy follows; a writer may not', async () => {
    const ada = await machine(token.ada);
    const ed = await machine(token.ed);
    const draft = await ada.call('drafts.create', {
      headline: 'Ferry fares',
      tags: ['Harbor', 'fares'],
      body: doc('Up again.'),
    });
    await ada.call('desk.share', { draftId: draft.id });
    await ada.call('desk.sync', {});
    await expectAppError(ada.call('desk.vocabulary', { field: 'tag', from: 'Harbor', to: 'Harbour' }), 'forbidden');
    const counted = await ed.call('desk.vocabulary', { field: 'tag', from: 'harbor', to: 'Harbour' });
    expect(counted).toMatchObject({ applied: false, pieces: [{ headline: 'Ferry fares' }] });
    expect((await ada.call('drafts.get', { id: draft.id })).tags).toEqual(['Harbor', 'fares']);
    await ed.call('desk.vocabulary', { field: 'tag', from: 'harbor', to: 'Harbour', apply: true });
    await until(
      'the writer’s copy to follow',
      async () => (await ada.call('drafts.get', { id: draft.id })).tags.join('|') === 'Harbour|fares',
    );
  });

  it('an editor sets the newsroom’s check rules on the desk, the writer’s machine follows them, and a writer may not', async () => {
    const ada = await machine(token.ada);
    const ed = await machine(token.ed);
    const rules = { headlineMaxLength: 42, severities: { dek_missing: 'error' as const } };
    await expectAppError(ada.call('desk.saveCheckSettings', rules), 'forbidden');
    const saved = await ed.call('desk.saveCheckSettings', rules);
    expect(saved).toMatchObject({ headlineMaxLength: 42, severities: { dek_missing: 'error' } });
    await until('the writer’s machine to follow the rules', async () => {
      const { value } = await ada.call('settings.get', { key: 'check' });
      return (value as { headlineMaxLength?: number } | null)?.headlineMaxLength === 42;
    });
    // The check on the writer's machine now holds a piece to the newsroom's rules.
    const draft = await ada.call('drafts.create', { headline: 'No dek here', body: doc('Text.') });
    const problems = await ada.call('drafts.check', { id: draft.id });
    expect(problems).toContainEqual(expect.objectContaining({ rule: 'dek_missing', severity: 'error' }));
  });
});
