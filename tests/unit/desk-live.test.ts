import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { AppEvent } from '../../src/common/api';
import { applyPieceToDoc, pieceFromDoc } from '../../src/common/collab/pieceDoc';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { plainText } from '../../src/common/lexical/document';
import { MemorySecretStore } from '../../src/main/publish/secrets';
import { IpcProvider, type LiveTransport } from '../../src/renderer/src/desk/ipcProvider';
import { openTestStore, type TestStore } from '../support/store';
import { type LocalDesk, startLocalDesk } from '../support/localDesk';
import { cleanupAfterEach } from './_cleanup';

/**
 * The window's live binding in Node: each machine is a real store with its
 * live desk client, and its "window" is the renderer's IPC provider over a
 * transport that calls the store's API methods and hears its events, as
 * the browser harness and Electron's IPC do. Two window docs meet through
 * main, the real desk server, and the other main.
 */

const { track } = cleanupAfterEach();
let desk: LocalDesk;

beforeAll(async () => {
  desk = await startLocalDesk({ folderPrefix: 'copydesk-desk-live-', writer: 'Ada', editor: 'Ed' });
  return () => desk.close();
});

interface Machine {
  store: TestStore;
  transport: LiveTransport;
}

async function machine(token: string): Promise<Machine> {
  const listeners = new Set<(event: AppEvent) => void>();
  const store = await track(
    openTestStore({
      publish: { secrets: new MemorySecretStore() },
      deskLive: { reconnectDelayMs: 100, timeoutMs: 20_000 },
      onEvent: (event) => listeners.forEach((listener) => listener(event)),
    }),
  );
  await store.call('desk.join', { url: desk.url, token });
  const transport: LiveTransport = {
    open: (input) => store.call('desk.liveOpen', input),
    update: (input) => store.call('desk.liveUpdate', input),
    awareness: (input) => store.call('desk.liveAwareness', input),
    close: (input) => store.call('desk.liveClose', input),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { store, transport };
}

const body = (...sentences: string[]) => ({
  root: { type: 'root' as const, version: 1, children: sentences.map((s) => paragraphNode([textNode(s)])) },
});

/** A writer's shared piece, taken by an editor on the other machine: both with their window bound live. */
async function sharedPieceOnTwoMachines() {
  const ada = await machine(desk.writerToken);
  const ed = await machine(desk.editorToken);
  const draft = await ada.store.call('drafts.create', { headline: 'Tide tables', body: body('High water at noon.') });
  const { document } = await ada.store.call('desk.share', { draftId: draft.id });
  await ada.store.desk.live!.inStep();
  const { draftId: edDraftId } = await ed.store.call('desk.take', { document });
  const adaWindow = (await IpcProvider.open(draft.id, ada.transport))!;
  const edWindow = (await IpcProvider.open(edDraftId, ed.transport))!;
  await adaWindow.connect();
  await edWindow.connect();
  return { ada, ed, draft, edDraftId, adaWindow, edWindow };
}

const headlineOf = (provider: IpcProvider) => provider.doc.getText('headline').toString();

describe('the window’s live binding of a shared piece', () => {
  it('opens with the document’s state, then carries each window’s changes to the other live', async () => {
    const { ada, adaWindow, edWindow, edDraftId, ed } = await sharedPieceOnTwoMachines();
    expect(headlineOf(adaWindow)).toBe('Tide tables');
    expect(headlineOf(edWindow)).toBe('Tide tables');
    expect(pieceFromDoc(edWindow.doc).body.root.children).toHaveLength(1);

    adaWindow.doc.getText('headline').insert(11, ' for May');
    edWindow.doc.getText('headline').insert(0, 'New ');
    await vi.waitFor(() => expect(headlineOf(edWindow)).toBe('New Tide tables for May'), { timeout: 15_000 });
    await vi.waitFor(() => expect(headlineOf(adaWindow)).toBe('New Tide tables for May'), { timeout: 15_000 });
    // What arrived is written into each machine's draft, as any save from the desk is.
    await vi.waitFor(
      async () =>
        expect((await ed.store.call('drafts.get', { id: edDraftId })).headline).toBe('New Tide tables for May'),
      { timeout: 15_000 },
    );
    expect(ada.store.desk.live).toBeDefined();
  });

  it('exchanges by state vector on reconnecting: a change made while disconnected still arrives, once', async () => {
    const { ada, adaWindow, edWindow } = await sharedPieceOnTwoMachines();
    adaWindow.disconnect();
    adaWindow.doc.getText('dek').insert(0, 'Written while away.');
    edWindow.doc.getText('dek').insert(0, 'Ed: ');
    // Ed's change reaches Ada's main, but not her disconnected window.
    const adaMain = (await ada.store.desk.live!.piece(adaWindow.document)).document.doc;
    await vi.waitFor(() => expect(adaMain.getText('dek').toString()).toBe('Ed: '), { timeout: 15_000 });
    expect(adaWindow.doc.getText('dek').toString()).toBe('Written while away.');
    await adaWindow.connect();
    await vi.waitFor(() => expect(edWindow.doc.getText('dek').toString()).toContain('Written while away.'), {
      timeout: 15_000,
    });
    await vi.waitFor(
      () => expect(adaWindow.doc.getText('dek').toString()).toBe(edWindow.doc.getText('dek').toString()),
      { timeout: 15_000 },
    );
    expect(edWindow.doc.getText('dek').toString().split('Written while away.')).toHaveLength(2);
  });

  it('relays carets: each window sees the other’s name and colour among its peers, never its own', async () => {
    const { adaWindow, edWindow } = await sharedPieceOnTwoMachines();
    expect([adaWindow.name, edWindow.name]).toEqual(['Ada', 'Ed']);
    expect(adaWindow.color).toMatch(/^#[0-9a-f]{6}$/);
    const caret = { anchorPos: null, focusPos: null, focusing: true, awarenessData: {} };
    adaWindow.awareness.setLocalState({ ...caret, name: adaWindow.name, color: adaWindow.color });
    edWindow.awareness.setLocalState({ ...caret, name: edWindow.name, color: edWindow.color });
    const names = (provider: IpcProvider) =>
      [...provider.awareness.getStates()]
        .filter(([client]) => client !== provider.doc.clientID)
        .map(([, state]) => [state.name, state.color]);
    await vi.waitFor(() => expect(names(edWindow)).toEqual([['Ada', adaWindow.color]]), { timeout: 15_000 });
    await vi.waitFor(() => expect(names(adaWindow)).toEqual([['Ed', edWindow.color]]), { timeout: 15_000 });
    // Leaving takes the caret away.
    adaWindow.disconnect();
    await vi.waitFor(() => expect(names(edWindow)).toEqual([]), { timeout: 15_000 });
  });

  it('a live piece’s autosave carries its fields, not its body again: each sentence once, everywhere', async () => {
    const { ada, ed, draft, edDraftId, adaWindow, edWindow } = await sharedPieceOnTwoMachines();
    // The window types a paragraph through Lexical's binding (as the live editor does), then autosaves.
    const typed = { ...pieceFromDoc(adaWindow.doc), body: body('High water at noon.', 'Low water at six.') };
    applyPieceToDoc(adaWindow.doc, typed, 'the editor');
    const current = await ada.store.call('drafts.get', { id: draft.id });
    await ada.store.call('drafts.save', {
      id: draft.id,
      expectedVersion: current.version,
      reason: 'autosave',
      headline: 'Tide tables, corrected',
      body: typed.body,
    });
    const text = async (store: TestStore, id: string) => plainText((await store.call('drafts.get', { id })).body);
    await vi.waitFor(
      async () => {
        expect(await text(ed.store, edDraftId)).toBe('High water at noon.\n\nLow water at six.');
        expect((await ed.store.call('drafts.get', { id: edDraftId })).headline).toBe('Tide tables, corrected');
      },
      { timeout: 15_000 },
    );
    await ada.store.desk.live!.inStep();
    expect(plainText(pieceFromDoc(edWindow.doc).body)).toBe('High water at noon.\n\nLow water at six.');
    expect(plainText(pieceFromDoc(adaWindow.doc).body)).toBe('High water at noon.\n\nLow water at six.');
  });

  it('a revision restored while the piece is live replaces the document’s body, once', async () => {
    const { ada, draft, adaWindow, edWindow } = await sharedPieceOnTwoMachines();
    // A version kept by hand of the piece as shared.
    const shared = await ada.store.call('drafts.get', { id: draft.id });
    await ada.store.call('drafts.save', {
      id: draft.id,
      expectedVersion: shared.version,
      reason: 'manual',
      body: shared.body,
    });
    const [kept] = await ada.store.call('revisions.list', { draftId: draft.id });
    applyPieceToDoc(adaWindow.doc, { ...pieceFromDoc(adaWindow.doc), body: body('Rewritten live.') }, 'the editor');
    await vi.waitFor(() => expect(plainText(pieceFromDoc(edWindow.doc).body)).toBe('Rewritten live.'), {
      timeout: 15_000,
    });
    const current = await ada.store.call('drafts.get', { id: draft.id });
    await ada.store.call('drafts.save', {
      id: draft.id,
      expectedVersion: current.version,
      reason: 'manual',
      body: body('Rewritten live.'),
    });
    const now = await ada.store.call('drafts.get', { id: draft.id });
    await ada.store.call('revisions.restore', { id: kept!.id, expectedVersion: now.version });
    await vi.waitFor(() => expect(plainText(pieceFromDoc(edWindow.doc).body)).toBe('High water at noon.'), {
      timeout: 15_000,
    });
    expect(plainText(pieceFromDoc(adaWindow.doc).body)).toBe('High water at noon.');
  });

  it('answers null for a piece that is not shared, and refuses a change to a piece not open live', async () => {
    const ada = await machine(desk.writerToken);
    const local = await ada.store.call('drafts.create', { headline: 'Only here', body: body('Mine.') });
    expect(await IpcProvider.open(local.id, ada.transport)).toBeNull();
    const stray = new Y.Doc();
    stray.getText('headline').insert(0, 'x');
    await expect(
      ada.store.call('desk.liveUpdate', {
        document: `piece-${local.id}`,
        update: Buffer.from(Y.encodeStateAsUpdate(stray)).toString('base64'),
      }),
    ).rejects.toThrow('not open live');
  });
});
