import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src/common/api';
import { MemorySecretStore } from '../../src/main/publish/secrets';
import { buildCli, type BuiltCli, type CliRun } from '../support/builtCli';
import { until } from '../support/desk';
import { openTestStore, type TestStore } from '../support/store';
import { type LocalDesk, startLocalDesk } from '../support/localDesk';
import { cleanupAfterEach } from './_cleanup';
import { doc, expectAppError } from './_support';

/**
 * The newsroom's decisions end to end: two app stores as a writer's and an
 * editor's machines, each with its live link, against the real desk server
 * (Hocuspocus and its HTTP endpoints on SQLite, in this process).
 */

const { folder, track, closeNow } = cleanupAfterEach();

let desk: LocalDesk;

beforeAll(async () => {
  desk = await startLocalDesk({ folderPrefix: 'copydesk-desk-workflow-', writer: 'Ada', editor: 'Ed' });
  return () => desk.close();
});

interface AppMachine {
  store: TestStore;
  events: AppEvent[];
}

/** A machine as the app opens it: a live link to the desk, the window's events recorded. */
async function appMachine(token: string, secrets: Record<string, string> = {}): Promise<AppMachine> {
  const events: AppEvent[] = [];
  const store = await track(
    openTestStore({
      dir: folder(),
      publish: { secrets: new MemorySecretStore(secrets), inlineAttempts: 1 },
      deskLive: { reconnectDelayMs: 100, timeoutMs: 20_000 },
      onEvent: (e) => events.push(e),
    }),
  );
  await store.call('desk.join', { url: desk.url, token });
  await until('the app to be online', async () => (await store.call('desk.status', {})).live.state === 'online');
  return { store, events };
}

const statusOf = async (m: AppMachine, id: string): Promise<string> =>
  (await m.store.call('drafts.get', { id })).status;

describe('a writer and an editor on one desk', () => {
  it('delivers an offline submit on reconnect, follows the editor’s approval, and shows a refusal with its reason', async () => {
    const ada = await appMachine(desk.writerToken);
    const ed = await appMachine(desk.editorToken);
    const draft = await ada.store.call('drafts.create', {
      headline: 'Harbour pilots strike',
      dek: 'Ferries stay in port',
      slug: 'harbour-pilots-strike',
      section: 'Local',
      byline: ['Ada Lovelace'],
      body: doc('The pilots walked out at dawn.', 'Talks resume on Thursday.'),
    });
    await ada.store.call('desk.share', { draftId: draft.id });
    await ada.store.call('desk.sync', {});
    await ed.store.call('desk.sync', {});
    const onEd = (await ed.store.call('desk.list', {})).find((p) => p.headline === 'Harbour pilots strike')!;
    const { draftId: edDraft } = await ed.store.call('desk.take', { document: onEd.document });

    // The writer's status is the newsroom's now: the local switch refuses it.
    const head = await ada.store.call('drafts.get', { id: draft.id });
    await expectAppError(
      ada.store.call('drafts.setStatus', { id: draft.id, status: 'in_review', expectedVersion: head.version }),
      'forbidden',
    );

    // Offline, the submit waits on the writer's machine, then goes when the desk is back.
    await desk.stop();
    await until(
      'the app to see the desk gone',
      async () => (await ada.store.call('desk.status', {})).live.state === 'offline',
    );
    const waiting = await ada.store.call('desk.request', { draftId: draft.id, action: 'submit', expected: 'draft' });
    expect(waiting.state).toBe('waiting');
    expect((await ada.store.call('desk.board', {})).online).toBe(false);
    await desk.restart();
    await until(
      'the submit to be delivered',
      async () => (await ada.store.call('desk.board', {})).requests.length === 0,
    );
    expect(await statusOf(ada, draft.id)).toBe('in_review');
    await until('the editor’s machine to follow', async () => (await statusOf(ed, edDraft)) === 'in_review');

    // The editor approves from the other machine; the writer's follows, with a notification.
    const approved = await ed.store.call('desk.request', {
      draftId: edDraft,
      action: 'approve',
      expected: 'in_review',
      override: true,
      reason: 'Checked by hand.',
    });
    expect(approved).toMatchObject({ state: 'done', piece: { status: 'approved', updatedBy: 'Ed' } });
    await until(
      'the writer’s machine to follow the approval',
      async () => (await statusOf(ada, draft.id)) === 'approved',
    );
    const trail = await ada.store.call('drafts.trail', { id: draft.id });
    expect(trail.at(-1)).toMatchObject({ from: 'in_review', to: 'approved', actor: 'Ed' });
    await until('the writer to be told', async () =>
      (await ada.store.call('desk.notifications', {})).items.some((n) => n.kind === 'approved'),
    );
    expect(ada.events).toContainEqual({ type: 'desk.changed' });

    // A writer's approve is the desk's to refuse; the refusal stays on the writer's board with its reason.
    await ed.store.call('desk.request', {
      draftId: edDraft,
      action: 'request_changes',
      expected: 'approved',
      reason: 'Tighten the top.',
    });
    await until('the writer’s machine to follow', async () => (await statusOf(ada, draft.id)) === 'draft');
    await ada.store.call('desk.request', { draftId: draft.id, action: 'submit', expected: 'draft' });
    const refused = await ada.store.call('desk.request', {
      draftId: draft.id,
      action: 'approve',
      expected: 'in_review',
    });
    expect(refused).toMatchObject({ state: 'refused', code: 'forbidden' });
    const board = await ada.store.call('desk.board', {});
    expect(board).toMatchObject({ user: 'Ada', role: 'writer', online: true });
    const shown = board.requests.find((r) => r.action === 'approve')!;
    expect(shown).toMatchObject({ state: 'refused', draftId: draft.id });
    expect(shown.message).toBe(refused.state === 'refused' ? refused.message : '');
    expect(shown.message.length).toBeGreaterThan(0);
    expect(await statusOf(ada, draft.id)).toBe('in_review');
  });

  it('records an editor’s publish from the app on the desk, so the writer’s machine shows the post’s address', async () => {
    // The CMS: a signed webhook that answers with the post's address.
    const cms = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'post-9', url: 'https://news.example.org/ferry-fares' }));
      });
    });
    await new Promise<void>((resolve) => cms.listen(0, '127.0.0.1', resolve));
    try {
      const ada = await appMachine(desk.writerToken);
      const ed = await appMachine(desk.editorToken, { Site: 'a webhook secret' });
      const draft = await ada.store.call('drafts.create', {
        headline: 'Ferry fares rise',
        dek: 'A ten per cent rise from May',
        slug: 'ferry-fares-rise',
        section: 'Local',
        byline: ['Ada Lovelace'],
        body: doc('Fares rise in May.', 'The operator blames fuel.'),
      });
      await ada.store.call('desk.share', { draftId: draft.id });
      await ada.store.call('desk.sync', {});
      expect(
        await ada.store.call('desk.request', { draftId: draft.id, action: 'submit', expected: 'draft' }),
      ).toMatchObject({ state: 'done' });
      await ed.store.call('desk.sync', {});
      const listed = (await ed.store.call('desk.list', {})).find((p) => p.headline === 'Ferry fares rise')!;
      const { draftId: edDraft } = await ed.store.call('desk.take', { document: listed.document });
      await ed.store.call('targets.add', {
        name: 'Site',
        kind: 'webhook',
        url: `http://127.0.0.1:${(cms.address() as AddressInfo).port}/hook`,
      });

      // A writer may not send it to the CMS at all; the editor not before the desk approved it.
      await ada.store.call('targets.add', { name: 'Site', kind: 'webhook', url: 'http://127.0.0.1:1/hook' });
      await expectAppError(
        ada.store.call('publish.run', { draftId: draft.id, target: 'Site', status: 'publish', wait: true }),
        'forbidden',
      );
      await until(
        'the editor’s machine to follow the submit',
        async () => (await statusOf(ed, edDraft)) === 'in_review',
      );
      await expectAppError(
        ed.store.call('publish.run', { draftId: edDraft, target: 'Site', status: 'publish', wait: true }),
        'forbidden',
      );

      // The newsroom's check finds errors in this piece: the refusal says so, and stays until dismissed.
      const checked = await ed.store.call('desk.request', {
        draftId: edDraft,
        action: 'approve',
        expected: 'in_review',
      });
      expect(checked).toMatchObject({ state: 'refused', code: 'check_failed' });
      if (checked.state !== 'refused') return;
      expect(checked.problems.length).toBeGreaterThan(0);
      expect((await ed.store.call('desk.board', {})).requests).toEqual([
        expect.objectContaining({ id: checked.requestId, state: 'refused', message: checked.message }),
      ]);
      await ed.store.call('desk.dismiss', { requestId: checked.requestId });
      const approved = await ed.store.call('desk.request', {
        draftId: edDraft,
        action: 'approve',
        expected: 'in_review',
        override: true,
        reason: 'Checked by hand.',
      });
      expect(approved.state).toBe('done');
      const published = await ed.store.call('publish.run', {
        draftId: edDraft,
        target: 'Site',
        status: 'publish',
        wait: true,
      });
      expect(published).toMatchObject({
        kind: 'job',
        job: { state: 'done', url: 'https://news.example.org/ferry-fares' },
      });
      await until('the writer’s board to show the post', async () =>
        (await ada.store.call('desk.board', {})).pieces.some(
          (p) =>
            p.draftId === draft.id && p.status === 'published' && p.postUrl === 'https://news.example.org/ferry-fares',
        ),
      );
      expect(await statusOf(ada, draft.id)).toBe('published');
      expect((await ed.store.call('desk.board', {})).requests).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => cms.close(() => resolve()));
    }
  });
});

describe('copydesk desk board, the installed command', () => {
  let built: BuiltCli;
  beforeAll(async () => {
    built = await buildCli();
  }, 120_000);
  afterAll(() => built?.cleanup());

  /** `copydesk ...argv` in a child process, as a person runs it, with the desk token in its environment. */
  const copydesk = (token: string, ...argv: string[]): Promise<CliRun> =>
    built.run(argv, { env: { ...process.env, COPYDESK_DESK_TOKEN: token }, timeoutMs: 60_000 });

  // Six processes, each loading the built CLI: on a loaded machine that is more than the default minute.
  it('sends a submit made offline before it prints, so the board shows it done', async () => {
    const store = await track(openTestStore({ dir: folder() }));
    const draft = await store.call('drafts.create', {
      headline: 'Lighthouse keeper retires',
      byline: ['Ada Lovelace'],
      body: doc('After forty winters on the rock.', 'The light is automatic now.'),
    });
    const db = store.dbPath;
    await closeNow(store);
    expect((await copydesk(desk.writerToken, 'desk', 'join', desk.url, '--db', db)).code).toBe(0);
    expect((await copydesk(desk.writerToken, 'desk', 'share', draft.id, '--db', db)).code).toBe(0);
    expect((await copydesk(desk.writerToken, 'desk', 'sync', '--db', db)).code).toBe(0);

    // The desk is down: the submit waits on this computer.
    await desk.stop();
    const waiting = await copydesk(desk.writerToken, 'desk', 'request', draft.id, 'submit', '--db', db);
    expect(waiting).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Waiting: the desk could not be reached/),
    });
    await desk.restart();

    // Back: the board sends it first, then shows the piece in review and nothing left waiting.
    const board = await copydesk(desk.writerToken, 'desk', 'board', '--db', db);
    expect(board).toMatchObject({ code: 0, stderr: '' });
    expect(board.stdout).toMatch(/from the desk now/);
    expect(board.stdout).toMatch(new RegExp(`^${draft.id}  In review .* Lighthouse keeper retires$`, 'm'));
    expect(board.stdout).not.toMatch(/waiting:/);
    const document = `piece-${draft.id}`;
    expect(await desk.store.pieceState(document)).toMatchObject({ status: 'in_review', updatedBy: 'Ada' });
  }, 180_000);
});
