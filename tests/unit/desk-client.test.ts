import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { runCli } from '../../src/main/cli/index';
import { plainText, type LexicalDocument } from '../../src/common/lexical/document';
import { MemorySecretStore } from '../../src/main/publish/secrets';
import { appendUpdate, compact, countWaiting, loadState } from '../../src/main/desk/updateLog';
import {
  connectDesk,
  type DeskDeps,
  deskStatus,
  joinDesk,
  listDesk,
  shareDraft,
  syncDesk,
} from '../../src/main/desk/service';
import { startDeskServer } from '../../src/server/deskServer';
import { PostgresDocumentStore } from '../../src/server/postgresStore';
import { DESK_REDIS_URL, freshDatabase, servicesMissing } from '../support/desk';
import type { AppEvent } from '../../src/common/api';
import { openTestStore, type TestStore } from '../support/store';
import { type LocalDesk, startLocalDesk } from '../support/localDesk';
import { cleanupAfterEach } from './_cleanup';
import { doc, expectAppError } from './_support';

/**
 * The app's desk client against the real newsroom server (Hocuspocus on
 * SQLite, in this process), with two stores as two machines.
 */

const { folder, track, closeNow } = cleanupAfterEach();

let desk: LocalDesk;

beforeAll(async () => {
  desk = await startLocalDesk({ folderPrefix: 'copydesk-desk-server-', writer: 'Ada', editor: 'Ed' });
  return () => desk.close();
});

interface Machine {
  store: TestStore;
  deps: DeskDeps;
}

async function machine(dir = folder()): Promise<Machine> {
  const store = await track(openTestStore({ dir }));
  return { store, deps: { secrets: new MemorySecretStore(), timeoutMs: 20_000, reconnectDelayMs: 100 } };
}

async function reopen(m: Machine): Promise<Machine> {
  await closeNow(m.store);
  const store = await track(openTestStore({ dir: m.store.dir }));
  return { store, deps: m.deps };
}

/** A 1×1 PNG. */
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const bodyText = (d: { body: LexicalDocument }): string => plainText(d.body);

/** Saves a draft's body as the window would, over its current version. */
async function saveOn(store: TestStore, id: string, ...paragraphs: string[]): Promise<void> {
  const current = await store.call('drafts.get', { id });
  await store.call('drafts.save', { id, expectedVersion: current.version, body: doc(...paragraphs) });
}

describe('joining a desk', () => {
  it('keeps the address, the user and role the server names, and the token only among the secrets', async () => {
    const a = await machine();
    const joined = await joinDesk(a.store.ctx, a.deps, desk.url, desk.writerToken);
    expect(joined).toMatchObject({ url: desk.url, user: 'Ada', role: 'writer' });
    const status = await deskStatus(a.store.ctx, a.deps);
    expect(status.connection).toMatchObject({ url: desk.url, user: 'Ada', role: 'writer', syncedAt: null });
    expect(status.tokenKept).toBe(true);
    const rows = JSON.stringify(await a.store.ctx.db.all('SELECT * FROM desk_connection'));
    expect(rows).not.toContain(desk.writerToken);
  });

  it('refuses a wrong token, a bad address and a server that is down, storing nothing', async () => {
    const a = await machine();
    const refused = await expectAppError(joinDesk(a.store.ctx, a.deps, desk.url, 'not-a-token'), 'forbidden');
    expect(refused.message).toMatch(/unknown-or-revoked-token/);
    await expectAppError(joinDesk(a.store.ctx, a.deps, 'http://example.org', desk.writerToken), 'invalid_input');
    await expectAppError(joinDesk(a.store.ctx, a.deps, 'not a url', desk.writerToken), 'invalid_input');
    const down = await expectAppError(joinDesk(a.store.ctx, a.deps, 'ws://127.0.0.1:1', desk.writerToken), 'internal');
    expect(down.message).toMatch(/Could not reach the desk/);
    expect((await deskStatus(a.store.ctx, a.deps)).connection).toBeNull();
    expect((await deskStatus(a.store.ctx, a.deps)).tokenKept).toBe(false);
  });
});

describe('two machines on one desk', () => {
  it('shares a piece from one machine and brings it, body and fields, to the other', async () => {
    const a = await machine();
    const b = await machine();
    await joinDesk(a.store.ctx, a.deps, desk.url, desk.writerToken);
    await joinDesk(b.store.ctx, b.deps, desk.url, desk.editorToken);
    const draft = await a.store.call('drafts.create', {
      headline: 'Harbour pilots strike',
      dek: 'Ferries stay in port',
      byline: ['Ada Lovelace'],
      section: 'Local',
      tags: ['ports', 'labour'],
      body: doc('The pilots walked out at dawn.', 'Talks resume on Thursday.'),
    });
    await shareDraft(a.store.ctx, draft.id);
    expect((await deskStatus(a.store.ctx, a.deps)).waiting).toBeGreaterThan(0);

    const sent = await syncDesk(a.store.ctx, a.deps);
    expect(sent.pieces.find((p) => p.draftId === draft.id)).toMatchObject({
      headline: 'Harbour pilots strike',
      created: false,
    });
    expect((await deskStatus(a.store.ctx, a.deps)).waiting).toBe(0);

    const got = await syncDesk(b.store.ctx, b.deps);
    const arrived = got.pieces.find((p) => p.headline === 'Harbour pilots strike')!;
    expect(arrived.created).toBe(true);
    const copyId = arrived.draftId!;
    const copy = await b.store.call('drafts.get', { id: copyId });
    expect(copy).toMatchObject({
      headline: 'Harbour pilots strike',
      dek: 'Ferries stay in port',
      byline: ['Ada Lovelace'],
      section: 'Local',
      tags: ['ports', 'labour'],
    });
    expect(copy.body).toMatchObject(draft.body);
    // The list comes from the desk's index; the piece is marked as held once taken.
    const c = await machine();
    await joinDesk(c.store.ctx, c.deps, desk.url, desk.editorToken);
    const listed = (await listDesk(c.store.ctx, c.deps)).find((p) => p.headline === 'Harbour pilots strike');
    expect(listed).toMatchObject({ sharedBy: 'Ada', draftId: null });
    expect((await c.store.call('drafts.list', {})).total).toBe(0);
    expect((await listDesk(b.store.ctx, b.deps)).find((p) => p.headline === 'Harbour pilots strike')!.draftId).toBe(
      copyId,
    );
    // What arrived reaches search like any save.
    expect((await b.store.call('drafts.list', { query: 'pilots' })).rows.map((r) => r.id)).toEqual([copyId]);
  });

  it('merges edits both machines made offline into one identical piece', async () => {
    const a = await machine();
    const b = await machine();
    await joinDesk(a.store.ctx, a.deps, desk.url, desk.writerToken);
    await joinDesk(b.store.ctx, b.deps, desk.url, desk.editorToken);
    const draft = await a.store.call('drafts.create', {
      headline: 'Council votes',
      body: doc('First paragraph.', 'Second paragraph.'),
    });
    await shareDraft(a.store.ctx, draft.id);
    await syncDesk(a.store.ctx, a.deps);
    const copyId = (await syncDesk(b.store.ctx, b.deps)).pieces.find((p) => p.headline === 'Council votes')!.draftId!;

    // Offline on both sides: saves go to each machine's log.
    const mine = await a.store.call('drafts.get', { id: draft.id });
    await a.store.call('drafts.save', {
      id: draft.id,
      expectedVersion: mine.version,
      reason: 'manual',
      body: doc('First paragraph, from Ada.', 'Second paragraph.'),
    });
    const noteId = randomUUID();
    await b.store.call('notes.add', {
      draftId: copyId,
      id: noteId,
      quote: 'Second paragraph',
      body: 'Source for this?',
    });
    const theirs = await b.store.call('drafts.get', { id: copyId });
    await b.store.call('drafts.save', {
      id: copyId,
      expectedVersion: theirs.version,
      reason: 'manual',
      dek: 'Ed’s dek',
      body: doc('First paragraph.', 'Second paragraph, from Ed.'),
    });

    await syncDesk(a.store.ctx, a.deps);
    await syncDesk(b.store.ctx, b.deps);
    await syncDesk(a.store.ctx, a.deps);
    const onA = await a.store.call('drafts.get', { id: draft.id });
    const onB = await b.store.call('drafts.get', { id: copyId });
    expect(bodyText(onA)).toBe(bodyText(onB));
    expect(bodyText(onA)).toContain('from Ada');
    expect(bodyText(onA)).toContain('from Ed');
    expect(onA.dek).toBe('Ed’s dek');
    expect((await a.store.call('notes.list', { draftId: draft.id })).map((n) => [n.id, n.body])).toEqual([
      [noteId, 'Source for this?'],
    ]);
    expect(onB.dek).toBe('Ed’s dek');
  });
});

/** Shares a new draft from `a` and brings it to `b`; returns both ids. */
async function sharedPair(a: Machine, b: Machine, headline: string): Promise<{ mine: string; theirs: string }> {
  const draft = await a.store.call('drafts.create', { headline, body: doc('Opening line.') });
  await shareDraft(a.store.ctx, draft.id);
  await syncDesk(a.store.ctx, a.deps);
  const theirs = (await syncDesk(b.store.ctx, b.deps)).pieces.find((p) => p.headline === headline)!.draftId!;
  return { mine: draft.id, theirs };
}

async function saveBody(m: Machine, id: string, ...paragraphs: string[]): Promise<void> {
  const current = await m.store.call('drafts.get', { id });
  const outcome = await m.store.call('drafts.save', {
    id,
    expectedVersion: current.version,
    reason: 'manual',
    body: doc(...paragraphs),
  });
  expect(outcome.kind).toBe('saved');
}

async function joinedPair(): Promise<[Machine, Machine]> {
  const a = await machine();
  const b = await machine();
  await joinDesk(a.store.ctx, a.deps, desk.url, desk.writerToken);
  await joinDesk(b.store.ctx, b.deps, desk.url, desk.editorToken);
  return [a, b];
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a piece whose top image this machine does not hold', () => {
  it('keeps the desk’s top image when this machine saves the piece', async () => {
    const [a, b] = await joinedPair();
    const image = await a.store.call('images.import', { name: 'pixel.png', dataBase64: PIXEL_PNG, alt: 'A pixel' });
    const draft = await a.store.call('drafts.create', {
      headline: 'Pictured story',
      topImage: image.id,
      body: doc('Opening line.'),
    });
    await shareDraft(a.store.ctx, draft.id);
    await syncDesk(a.store.ctx, a.deps);
    // The image endpoint out of reach (the words still travel over the socket): B cannot fetch the image yet.
    const offline = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('fetch failed'));
    let theirs: string;
    try {
      const got = await syncDesk(b.store.ctx, b.deps);
      expect(got.images).toMatchObject({ downloaded: 0, waiting: 1 });
      theirs = got.pieces.find((p) => p.headline === 'Pictured story')!.draftId!;
      expect((await b.store.call('drafts.get', { id: theirs })).topImage).toBeNull();
      await saveBody(b, theirs, 'Opening line, edited elsewhere.');
      await syncDesk(b.store.ctx, b.deps);
    } finally {
      offline.mockRestore();
    }
    await syncDesk(a.store.ctx, a.deps);
    const onA = await a.store.call('drafts.get', { id: draft.id });
    expect(onA.topImage).toBe(image.id);
    expect(bodyText(onA)).toBe('Opening line, edited elsewhere.');
    // Once the image can travel, B takes it and its draft the top image.
    expect((await syncDesk(b.store.ctx, b.deps)).images.downloaded).toBe(1);
    expect((await b.store.call('drafts.get', { id: theirs })).topImage).toBe(image.id);
  });
});

describe('the live connection', () => {
  it('brings a save on one machine into the other machine’s draft while both run, with no sync', async () => {
    const [a, b] = await joinedPair();
    const { mine, theirs } = await sharedPair(a, b, 'Live story');
    const liveA = await connectDesk(a.store.ctx, a.deps);
    const liveB = await connectDesk(b.store.ctx, b.deps);
    try {
      await saveBody(a, mine, 'Opening line.', 'Typed live on the laptop.');
      await until('the other machine’s draft to have it', async () =>
        bodyText(await b.store.call('drafts.get', { id: theirs })).includes('Typed live on the laptop.'),
      );
      expect((await b.store.call('drafts.list', { query: 'laptop' })).rows.map((r) => r.id)).toEqual([theirs]);
    } finally {
      await liveA.close();
      await liveB.close();
    }
  });
});

describe('the app’s live link, through the API', () => {
  /** A machine as the app opens it: the desk's token among the publish secrets, a live link, the window's events recorded. */
  async function appMachine(again?: {
    dir: string;
    secrets: MemorySecretStore;
  }): Promise<{ store: TestStore; events: AppEvent[]; secrets: MemorySecretStore }> {
    const events: AppEvent[] = [];
    const secrets = again?.secrets ?? new MemorySecretStore();
    const store = await track(
      openTestStore({
        dir: again?.dir ?? folder(),
        publish: { secrets },
        deskLive: { reconnectDelayMs: 100, timeoutMs: 20_000 },
        onEvent: (e) => events.push(e),
      }),
    );
    return { store, events, secrets };
  }
  const live = async (store: TestStore): Promise<string> => (await store.call('desk.status', {})).live.state;

  it('goes live on joining, lists the desk without downloading, takes a piece, and tells the window when a colleague’s edit lands', async () => {
    const a = await appMachine();
    const b = await appMachine();
    expect(await live(a.store)).toBe('stopped');
    await a.store.call('desk.join', { url: desk.url, token: desk.writerToken });
    await until('the app to be online', async () => (await live(a.store)) === 'online');
    const draft = await a.store.call('drafts.create', {
      headline: 'Ferry timetable',
      body: doc('Sailings resume at six.'),
    });
    await a.store.call('desk.share', { draftId: draft.id });
    await until('the share to reach the desk', async () => (await a.store.call('desk.status', {})).waiting === 0);

    await b.store.call('desk.join', { url: desk.url, token: desk.editorToken });
    await until('the second app to be online', async () => (await live(b.store)) === 'online');
    const listed = (await b.store.call('desk.list', {})).find((p) => p.headline === 'Ferry timetable')!;
    expect(listed).toMatchObject({ sharedBy: 'Ada', draftId: null });
    expect((await b.store.call('drafts.list', {})).total).toBe(0);
    const { draftId: theirs } = await b.store.call('desk.take', { document: listed.document });
    expect(bodyText(await b.store.call('drafts.get', { id: theirs }))).toBe('Sailings resume at six.');
    expect((await b.store.call('desk.list', {})).find((p) => p.document === listed.document)!.draftId).toBe(theirs);
    await expectAppError(
      b.store.call('desk.take', { document: 'piece-00000000-0000-4000-8000-000000000000' }),
      'not_found',
    );

    // Ed edits his copy; Ada's app writes it into her draft and tells her window, with the new version.
    const current = await b.store.call('drafts.get', { id: theirs });
    await b.store.call('drafts.save', {
      id: theirs,
      expectedVersion: current.version,
      body: doc('Sailings resume at six.', 'Ed: the first ferry is full.'),
    });
    await until('Ada’s draft to have Ed’s line', async () =>
      bodyText(await a.store.call('drafts.get', { id: draft.id })).includes('Ed: the first ferry is full.'),
    );
    const mine = await a.store.call('drafts.get', { id: draft.id });
    expect(a.events).toContainEqual({
      type: 'draft.saved',
      id: draft.id,
      version: mine.version,
      updatedAt: mine.updatedAt,
    });
    // Marked as changed since Ada last looked, until she opens it.
    const changed = async (): Promise<boolean> =>
      (await a.store.call('desk.status', {})).pieces.find((p) => p.draftId === draft.id)!.changedSinceSeen;
    expect(await changed()).toBe(true);
    await a.store.call('desk.presence', { draftId: draft.id });
    expect(await changed()).toBe(false);
    // While it is open, what arrives is seen as it lands.
    const again = await b.store.call('drafts.get', { id: theirs });
    await b.store.call('drafts.save', {
      id: theirs,
      expectedVersion: again.version,
      body: doc('Sailings resume at six.', 'Ed: the second ferry too.'),
    });
    await until('Ada’s draft to have Ed’s second line', async () =>
      bodyText(await a.store.call('drafts.get', { id: draft.id })).includes('the second ferry too'),
    );
    await until('the arrival to be handled', async () => a.events.filter((e) => e.type === 'draft.saved').length >= 2);
    expect(await changed()).toBe(false);
  });

  it('shows who else has a shared piece open, and no one once they close it', async () => {
    const a = await appMachine();
    const b = await appMachine();
    await a.store.call('desk.join', { url: desk.url, token: desk.writerToken });
    await b.store.call('desk.join', { url: desk.url, token: desk.editorToken });
    const draft = await a.store.call('drafts.create', {
      headline: 'Bridge closure',
      body: doc('The bridge shuts at noon.'),
    });
    // Opened before it is shared: sharing shows Ada in it.
    await a.store.call('desk.presence', { draftId: draft.id });
    await a.store.call('desk.share', { draftId: draft.id });
    await until('the share to reach the desk', async () => (await a.store.call('desk.status', {})).waiting === 0);
    await until('the second app to be online', async () => (await live(b.store)) === 'online');
    const listed = (await b.store.call('desk.list', {})).find((p) => p.headline === 'Bridge closure')!;
    const { draftId: theirs } = await b.store.call('desk.take', { document: listed.document });
    await b.store.call('desk.presence', { draftId: theirs });
    const present = async (m: { store: TestStore }): Promise<string[]> =>
      (await m.store.call('desk.status', {})).pieces[0]!.present.map((p) => p.name);
    await until('Ada to see Ed', async () => (await present(a)).join() === 'Ed');
    await until('Ed to see Ada', async () => (await present(b)).join() === 'Ada');
    expect((await a.store.call('desk.status', {})).pieces[0]!.present[0]!.color).toMatch(/^#[0-9a-f]{6}$/);
    await b.store.call('desk.presence', { draftId: null });
    await until('Ed to be gone from Ada’s view', async () => (await present(a)).length === 0);
  });

  it('keeps a piece taken off the desk as a local piece on every machine, telling those who hold it, also when they were offline', async () => {
    const a = await appMachine();
    const b = await appMachine();
    await a.store.call('desk.join', { url: desk.url, token: desk.writerToken });
    await b.store.call('desk.join', { url: desk.url, token: desk.editorToken });
    const draft = await a.store.call('drafts.create', {
      headline: 'Embargoed report',
      body: doc('Figures due Friday.'),
    });
    await a.store.call('desk.share', { draftId: draft.id });
    await until('the share to reach the desk', async () => (await a.store.call('desk.status', {})).waiting === 0);
    await until('the second app to be online', async () => (await live(b.store)) === 'online');
    const listed = (await b.store.call('desk.list', {})).find((p) => p.headline === 'Embargoed report')!;
    const { draftId: theirs } = await b.store.call('desk.take', { document: listed.document });

    await desk.stop();
    try {
      await until(
        'both apps to know they are offline',
        async () => (await live(a.store)) === 'offline' && (await live(b.store)) === 'offline',
      );
      await a.store.call('desk.unshare', { draftId: draft.id });
      expect((await a.store.call('desk.status', {})).keptLocal).toEqual([
        { draftId: draft.id, headline: 'Embargoed report' },
      ]);
      const current = await b.store.call('drafts.get', { id: theirs });
      await b.store.call('drafts.save', {
        id: theirs,
        expectedVersion: current.version,
        body: doc('Figures due Friday.', 'Ed’s offline line.'),
      });
    } finally {
      await desk.restart();
    }
    await until('Ed to be told', async () => b.events.some((e) => e.type === 'desk.unshared' && e.draftId === theirs));
    const onB = await b.store.call('desk.status', {});
    expect(onB.keptLocal).toEqual([{ draftId: theirs, headline: 'Embargoed report' }]);
    expect(onB.pieces).toEqual([]);
    expect(bodyText(await b.store.call('drafts.get', { id: theirs }))).toContain('Ed’s offline line.');
    expect((await b.store.call('desk.list', {})).map((p) => p.headline)).not.toContain('Embargoed report');
    await expectAppError(a.store.call('desk.unshare', { draftId: draft.id }), 'not_found');
  });

  it('follows a piece again on every machine once it is shared again: edits both ways, presence, the desk’s status', async () => {
    const a = await appMachine();
    const b = await appMachine();
    await a.store.call('desk.join', { url: desk.url, token: desk.writerToken });
    await b.store.call('desk.join', { url: desk.url, token: desk.editorToken });
    const draft = await a.store.call('drafts.create', { headline: 'Council budget', body: doc('Rates rise.') });
    await a.store.call('desk.share', { draftId: draft.id });
    await until('the share to reach the desk', async () => (await a.store.call('desk.status', {})).waiting === 0);
    await until('the second app to be online', async () => (await live(b.store)) === 'online');
    const listed = (await b.store.call('desk.list', {})).find((p) => p.headline === 'Council budget')!;
    const { draftId: theirs } = await b.store.call('desk.take', { document: listed.document });

    await a.store.call('desk.unshare', { draftId: draft.id });
    await until('Ed to be told', async () => b.events.some((e) => e.type === 'desk.unshared' && e.draftId === theirs));
    // Ed goes on with his copy while it is his own; Ada with hers.
    await saveOn(b.store, theirs, 'Rates rise.', 'Ed while unshared.');
    await saveOn(a.store, draft.id, 'Rates rise, by 4 %.', 'Ed while unshared.'.replace('Ed', 'Ada'));

    await a.store.call('desk.share', { draftId: draft.id });
    await until('Ed to be told it is back', async () =>
      b.events.some((e) => e.type === 'desk.reshared' && e.draftId === theirs),
    );
    await until('Ed to follow it again', async () =>
      (await b.store.call('desk.status', {})).pieces.some((p) => p.draftId === theirs),
    );
    expect((await b.store.call('desk.status', {})).keptLocal).toEqual([]);
    // What each wrote while it was theirs alone is merged, nothing lost, as offline edits are.
    const merged = ['Rates rise, by 4 %.', 'Ada while unshared.', 'Ed while unshared.'];
    await until('both copies to hold both', async () => {
      const texts = [
        bodyText(await a.store.call('drafts.get', { id: draft.id })),
        bodyText(await b.store.call('drafts.get', { id: theirs })),
      ];
      return texts.every((t) => merged.every((line) => t.includes(line)));
    });
    // Live again, both ways.
    await saveOn(a.store, draft.id, 'Rates rise, by 4 %.', 'Ada live again.');
    await until('Ed’s draft to have Ada’s live line', async () =>
      bodyText(await b.store.call('drafts.get', { id: theirs })).includes('Ada live again.'),
    );
    await saveOn(b.store, theirs, 'Rates rise, by 4 %.', 'Ed live again.');
    await until('Ada’s draft to have Ed’s live line', async () =>
      bodyText(await a.store.call('drafts.get', { id: draft.id })).includes('Ed live again.'),
    );
    // Presence.
    await a.store.call('desk.presence', { draftId: draft.id });
    await b.store.call('desk.presence', { draftId: theirs });
    const present = async (m: { store: TestStore }, id: string): Promise<string> =>
      (await m.store.call('desk.status', {})).pieces
        .find((p) => p.draftId === id)!
        .present.map((p) => p.name)
        .join();
    await until('Ada to see Ed', async () => (await present(a, draft.id)) === 'Ed');
    await until('Ed to see Ada', async () => (await present(b, theirs)) === 'Ada');
    // The desk's status reaches the copy again: Ed approves it, Ada's draft follows.
    await a.store.call('desk.request', { draftId: draft.id, action: 'submit', expected: 'draft' });
    await until(
      'the submit to reach Ed',
      async () => (await b.store.call('drafts.get', { id: theirs })).status === 'in_review',
    );
    // A status the desk decided is not a change of Ed's to send.
    await until('nothing to wait on Ed’s side', async () => (await b.store.call('desk.status', {})).waiting === 0);
  });

  it('follows a piece again when it is shared again while the app that kept it was closed, or taken again from the desk’s list', async () => {
    const a = await appMachine();
    let b = await appMachine();
    await a.store.call('desk.join', { url: desk.url, token: desk.writerToken });
    await b.store.call('desk.join', { url: desk.url, token: desk.editorToken });
    const draft = await a.store.call('drafts.create', { headline: 'Tram extension', body: doc('Works start in May.') });
    await a.store.call('desk.share', { draftId: draft.id });
    await until('the share to reach the desk', async () => (await a.store.call('desk.status', {})).waiting === 0);
    await until('the second app to be online', async () => (await live(b.store)) === 'online');
    const listed = (await b.store.call('desk.list', {})).find((p) => p.headline === 'Tram extension')!;
    const { draftId: theirs } = await b.store.call('desk.take', { document: listed.document });
    await a.store.call('desk.unshare', { draftId: draft.id });
    await until('Ed to be told', async () => b.events.some((e) => e.type === 'desk.unshared' && e.draftId === theirs));

    // Ed's app is closed while Ada shares it again and writes on.
    const dir = b.store.dir;
    await closeNow(b.store);
    await a.store.call('desk.share', { draftId: draft.id });
    await saveOn(a.store, draft.id, 'Works start in May.', 'Ada after sharing again.');
    await until('the share to reach the desk', async () => (await a.store.call('desk.status', {})).waiting === 0);
    b = await appMachine({ dir, secrets: b.secrets });
    const events = b.events;
    await until('Ed’s draft to have Ada’s line', async () =>
      bodyText(await b.store.call('drafts.get', { id: theirs })).includes('Ada after sharing again.'),
    );
    expect((await b.store.call('desk.status', {})).pieces.map((p) => p.draftId)).toEqual([theirs]);

    // Ed deletes his copy after it is taken off again; taking it from the desk's list again brings a copy that follows.
    await a.store.call('desk.unshare', { draftId: draft.id });
    await until('Ed to be told', async () => events.some((e) => e.type === 'desk.unshared'));
    await b.store.call('drafts.trash', { id: theirs });
    await b.store.call('drafts.purge', { id: theirs });
    await a.store.call('desk.share', { draftId: draft.id });
    await until('the desk to list it again', async () =>
      (await b.store.call('desk.list', {})).some((p) => p.document === listed.document),
    );
    const { draftId: again } = await b.store.call('desk.take', { document: listed.document });
    expect(bodyText(await b.store.call('drafts.get', { id: again }))).toContain('Ada after sharing again.');
    await saveOn(a.store, draft.id, 'Works start in June.');
    await until('the new copy to follow', async () =>
      bodyText(await b.store.call('drafts.get', { id: again })).includes('Works start in June.'),
    );
  });

  it('says at once that a sync cannot reach the desk, keeps the edits waiting, and sends them when it returns', async () => {
    const a = await appMachine();
    await a.store.call('desk.join', { url: desk.url, token: desk.writerToken });
    await until('the app to be online', async () => (await live(a.store)) === 'online');
    const draft = await a.store.call('drafts.create', { headline: 'Storm warning', body: doc('Gales overnight.') });
    await a.store.call('desk.share', { draftId: draft.id });
    await desk.stop();
    try {
      await until('the app to know it is offline', async () => (await live(a.store)) === 'offline');
      const current = await a.store.call('drafts.get', { id: draft.id });
      await a.store.call('drafts.save', {
        id: draft.id,
        expectedVersion: current.version,
        body: doc('Gales overnight.', 'Schools shut.'),
      });
      const started = Date.now();
      const down = await expectAppError(a.store.call('desk.sync', {}), 'internal');
      expect(down.message).toMatch(/Could not reach the desk/);
      // Not a timeout: the live link already knows. (Generous: the machine is shared.)
      expect(Date.now() - started).toBeLessThan(5_000);
      await until('the save to wait', async () => (await a.store.call('desk.status', {})).waiting > 0);
    } finally {
      await desk.restart();
    }
    await until('the app to be online again', async () => (await live(a.store)) === 'online');
    const report = await a.store.call('desk.sync', {});
    expect(report.user).toBe('Ada');
    expect((await a.store.call('desk.status', {})).waiting).toBe(0);
  });
});

describe('bad situations', () => {
  it('carries live saves across a server restart: the client reconnects and sends what waited', async () => {
    const [a, b] = await joinedPair();
    const { mine, theirs } = await sharedPair(a, b, 'Restart story');
    const live = await connectDesk(a.store.ctx, a.deps);
    try {
      await live.welcome({ failWhenUnreachable: true });
      await saveBody(a, mine, 'Opening line.', 'Saved while connected.');
      await until(
        'the live save to be acknowledged',
        async () => (await deskStatus(a.store.ctx, a.deps)).waiting === 0,
      );

      await desk.stop();
      await saveBody(a, mine, 'Opening line.', 'Saved while connected.', 'Saved while the server was down.');
      await until('the save to wait in the log', async () => (await deskStatus(a.store.ctx, a.deps)).waiting > 0);
      await desk.restart();
      await until(
        'the waiting save to be acknowledged',
        async () => (await deskStatus(a.store.ctx, a.deps)).waiting === 0,
      );
    } finally {
      await live.close();
    }
    await syncDesk(b.store.ctx, b.deps);
    expect(bodyText(await b.store.call('drafts.get', { id: theirs }))).toContain('Saved while the server was down.');
  });

  it('keeps unsent saves through a restart of the app, and sends them at the next sync', async () => {
    const [a, b] = await joinedPair();
    const { mine, theirs } = await sharedPair(a, b, 'Crash story');
    await saveBody(a, mine, 'Opening line.', 'Typed before the app was closed.');
    await saveBody(a, mine, 'Opening line.', 'Typed before the app was closed.', 'Then logged, unsent.');
    // Sharing again offline carries the saves into the piece's log, where they wait unacknowledged.
    await shareDraft(a.store.ctx, mine);
    const logged = await a.store.ctx.db.get<{ n: number }>(
      'SELECT count(*) AS n FROM desk_updates WHERE acked = 0 AND document LIKE ?',
      ['piece-%'],
    );
    expect(logged!.n).toBeGreaterThan(0);
    await saveBody(
      a,
      mine,
      'Opening line.',
      'Typed before the app was closed.',
      'Then logged, unsent.',
      'And one more, only in the draft.',
    );
    const again = await reopen(a);
    await syncDesk(again.store.ctx, again.deps);
    await syncDesk(b.store.ctx, b.deps);
    expect(bodyText(await b.store.call('drafts.get', { id: theirs }))).toBe(
      'Opening line.\n\nTyped before the app was closed.\n\nThen logged, unsent.\n\nAnd one more, only in the draft.',
    );
    expect((await deskStatus(again.store.ctx, again.deps)).waiting).toBe(0);
  });

  it('says so when the server is down, and keeps everything', async () => {
    const [a, b] = await joinedPair();
    const { mine } = await sharedPair(a, b, 'Down story');
    await saveBody(a, mine, 'Opening line.', 'Waiting for the server.');
    await desk.stop();
    try {
      const down = await expectAppError(syncDesk(a.store.ctx, a.deps), 'internal');
      expect(down.message).toMatch(/Could not reach the desk/);
    } finally {
      await desk.restart();
    }
    expect(bodyText(await a.store.call('drafts.get', { id: mine }))).toContain('Waiting for the server.');
    expect((await deskStatus(a.store.ctx, a.deps)).waiting).toBeGreaterThan(0);
  });

  it('refuses a revoked token with a clear message, keeping the local copy and unsent edits for a new token', async () => {
    const [a, b] = await joinedPair();
    const leaverToken = await desk.store.addUser(`Leaver ${Date.now()}`, 'writer');
    await joinDesk(a.store.ctx, a.deps, desk.url, leaverToken);
    const { mine, theirs } = await sharedPair(a, b, 'Revoked story');
    await saveBody(a, mine, 'Opening line.', 'Written before the token was revoked.');
    await desk.store.revokeUser((await deskStatus(a.store.ctx, a.deps)).connection!.user);

    const refused = await expectAppError(syncDesk(a.store.ctx, a.deps), 'forbidden');
    expect(refused.message).toMatch(/unknown-or-revoked-token/);
    expect(refused.message).toMatch(/kept on this computer/);
    expect(bodyText(await a.store.call('drafts.get', { id: mine }))).toContain('Written before the token was revoked.');
    const waiting = (await deskStatus(a.store.ctx, a.deps)).waiting;
    expect(waiting).toBeGreaterThan(0);

    await joinDesk(a.store.ctx, a.deps, desk.url, desk.writerToken);
    await syncDesk(a.store.ctx, a.deps);
    await syncDesk(b.store.ctx, b.deps);
    expect(bodyText(await b.store.call('drafts.get', { id: theirs }))).toContain(
      'Written before the token was revoked.',
    );
  });
});

describe('the update log', () => {
  it('merges acknowledged updates into one row and keeps each waiting local update countable', async () => {
    const { store } = await machine();
    const db = store.ctx.db;
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 6; i++) source.getText('t').insert(i, String(i));
    await db.transaction(async (tx) => {
      for (const update of updates.slice(0, 4)) await appendUpdate(tx, 'doc', update, 'remote');
      for (const update of updates.slice(4)) await appendUpdate(tx, 'doc', update, 'local');
    });
    expect(await countWaiting(db, 'doc')).toBe(2);
    expect(await db.transaction((tx) => compact(tx, 'doc', 3))).toBe(true);
    expect(await db.all('SELECT origin, acked FROM desk_updates WHERE document = ? ORDER BY seq', ['doc'])).toEqual([
      { origin: 'merged', acked: 1 },
      { origin: 'local', acked: 0 },
      { origin: 'local', acked: 0 },
    ]);
    expect(await countWaiting(db, 'doc')).toBe(2);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, (await loadState(db, 'doc'))!);
    expect(copy.getText('t').toString()).toBe('012345');
    expect(await db.transaction((tx) => compact(tx, 'doc', 3))).toBe(false);
  });

  it('drops the words of deleted text when it compacts, so a piece typed over all day does not grow without end', async () => {
    const { store } = await machine();
    const db = store.ctx.db;
    const source = new Y.Doc();
    const text = source.getText('t');
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    // A paragraph rewritten 300 times: 300 × 2 KB typed, 2 KB left.
    const paragraph = 'x'.repeat(2_000);
    for (let i = 0; i < 300; i++) {
      source.transact(() => {
        text.delete(0, text.length);
        text.insert(0, `${i} ${paragraph}`);
      });
    }
    await db.transaction(async (tx) => {
      for (const update of updates) await appendUpdate(tx, 'doc', update, 'remote');
    });
    expect(await db.transaction((tx) => compact(tx, 'doc', 10))).toBe(true);
    const row = (await db.get<{ bytes: number }>('SELECT length(data) AS bytes FROM desk_updates WHERE document = ?', [
      'doc',
    ]))!;
    // Merging without collecting would keep all 600 KB of deleted words.
    expect(Y.mergeUpdates(updates).length).toBeGreaterThan(600_000);
    expect(row.bytes).toBeLessThan(10_000);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, (await loadState(db, 'doc'))!);
    expect(copy.getText('t').toString()).toBe(`299 ${paragraph}`);
  });
});

describe('copydesk desk', () => {
  async function cli(
    env: Record<string, string>,
    ...argv: string[]
  ): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const before = Object.entries(env).map(([key]) => [key, process.env[key]] as const);
    Object.assign(process.env, env);
    try {
      const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    } finally {
      for (const [key, value] of before) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  }

  it('joins with the token from COPYDESK_DESK_TOKEN, shares, syncs and reports, as the services do', async () => {
    const dir = folder();
    const db = join(dir, 'copydesk.db');
    const env = { COPYDESK_DESK_TOKEN: desk.writerToken };
    const joined = await cli(env, 'desk', 'join', desk.url, '--db', db);
    expect(joined).toMatchObject({ code: 0, err: '' });
    expect(joined.out).toContain('as Ada (writer)');

    const store = await track(openTestStore({ dir }));
    const draft = await store.call('drafts.create', { headline: 'From the terminal', body: doc('Typed in a shell.') });
    await closeNow(store);
    expect(await cli(env, 'desk', 'share', draft.id, '--db', db)).toMatchObject({ code: 0 });
    const waiting = JSON.parse((await cli(env, 'desk', 'status', '--json', '--db', db)).out) as {
      waiting: number;
      pieces: Array<{ draftId: string }>;
    };
    expect(waiting.waiting).toBeGreaterThan(0);
    expect(waiting.pieces.map((p) => p.draftId)).toEqual([draft.id]);

    const synced = await cli(env, 'desk', 'sync', '--db', db);
    expect(synced.code).toBe(0);
    expect(synced.out).toContain(`${draft.id}  sent`);
    const status = await cli(env, 'desk', 'status', '--db', db);
    expect(status.out).toContain('Changes waiting to be sent: 0');
    expect(status.out).toContain(`Desk: ${desk.url}, as Ada (writer)`);
  });

  it('says what is wrong and exits 1 for a bad address, a server that is down and a refused token, keeping what it had', async () => {
    const db = join(folder(), 'copydesk.db');
    const noToken = await cli({ COPYDESK_DESK_TOKEN: '' }, 'desk', 'join', desk.url, '--db', db);
    expect(noToken.code).toBe(2);
    expect(noToken.err).toContain('COPYDESK_DESK_TOKEN');

    const bad = await cli({ COPYDESK_DESK_TOKEN: desk.writerToken }, 'desk', 'join', 'http://example.org', '--db', db);
    expect(bad).toMatchObject({ code: 1 });
    expect(bad.err).toContain('ws:// or wss://');
    const down = await cli({ COPYDESK_DESK_TOKEN: desk.writerToken }, 'desk', 'join', 'ws://127.0.0.1:1', '--db', db);
    expect(down).toMatchObject({ code: 1 });
    expect(down.err).toContain('Could not reach the desk at ws://127.0.0.1:1');

    expect(await cli({ COPYDESK_DESK_TOKEN: desk.writerToken }, 'desk', 'join', desk.url, '--db', db)).toMatchObject({
      code: 0,
    });
    const refused = await cli({ COPYDESK_DESK_TOKEN: 'wrong' }, 'desk', 'sync', '--db', db);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/refused this token \(unknown-or-revoked-token/);
    expect((await cli({}, 'desk', 'status', '--db', db)).out).toContain(`Desk: ${desk.url}, as Ada (writer)`);
  });
});

const servicesAbsent = await servicesMissing(__filename);
describe.skipIf(servicesAbsent)('two machines on two server instances sharing PostgreSQL and Redis', () => {
  it('brings a piece shared through one instance to a machine on the other, and merges their offline edits', async () => {
    const database = await freshDatabase();
    const stores = [await PostgresDocumentStore.open(database.url), await PostgresDocumentStore.open(database.url)];
    const instances = [];
    try {
      for (const store of stores)
        instances.push(await startDeskServer({ store, port: 0, redisUrl: DESK_REDIS_URL, storeDebounceMs: 50 }));
      const token = await stores[0]!.addUser('Pat', 'editor');
      const [a, b] = [await machine(), await machine()];
      await joinDesk(a.store.ctx, a.deps, instances[0]!.url, token);
      await joinDesk(b.store.ctx, b.deps, instances[1]!.url, token);
      const { mine, theirs } = await sharedPair(a, b, 'Two instances');
      await saveBody(a, mine, 'Opening line, from the office.');
      await saveBody(b, theirs, 'Opening line.', 'From the laptop.');
      await syncDesk(a.store.ctx, a.deps);
      await syncDesk(b.store.ctx, b.deps);
      await syncDesk(a.store.ctx, a.deps);
      const onA = bodyText(await a.store.call('drafts.get', { id: mine }));
      expect(onA).toBe(bodyText(await b.store.call('drafts.get', { id: theirs })));
      expect(onA).toContain('from the office');
      expect(onA).toContain('From the laptop.');
    } finally {
      for (const instance of instances) await instance.stop();
      for (const store of stores) await store.close();
      await database.drop();
    }
  });
});
