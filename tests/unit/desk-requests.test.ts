import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src/common/api';
import type { DeskNotification, DeskPieceState } from '../../src/common/desk/workflow';
import { runCli } from '../../src/main/cli/index';
import { DESK_TOKEN_SECRET, shareDraft } from '../../src/main/desk/service';
import { MemorySecretStore } from '../../src/main/publish/secrets';
import { openTestStore, type TestStore } from '../support/store';
import { cleanupAfterEach } from './_cleanup';
import { doc, expectAppError } from './_support';

/**
 * The app's queue of desk decisions and its following of the desk's board,
 * against a plain HTTP server that speaks the documented protocol
 * (DESK_API_PATHS, DeskAnswer): unit checks of the queue's logic only. The
 * real server's tests are in desk-workflow.test.ts.
 */

const { folder, track, closeNow } = cleanupAfterEach();
const TOKEN = 'token-of-ada';

interface Heard {
  method: string;
  path: string;
  auth: string | undefined;
  body: unknown;
}

/** How the desk answers a POST /desk/requests: a status and a body (a string is sent as it is, not as JSON). */
type Answer = (request: { id: string; action: string; document: string }) => {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
};

let server: Server;
let port: number;
let heard: Heard[] = [];
let down = false;
let answer: Answer;
let pieces: DeskPieceState[] = [];
let notifications: DeskNotification[] = [];
/** While set, the desk's GET /desk/pieces waits for it: a desk slow to answer. */
let slow: Promise<void> | null = null;

const state = (document: string, status: DeskPieceState['status'], by = 'Ed'): DeskPieceState => ({
  document,
  headline: 'Harbour pilots strike',
  status,
  postUrl: null,
  updatedBy: by,
  updatedAt: '2026-11-27T09:30:00.000Z',
  assignee: 'Ada',
  editor: 'Ed',
  deadline: null,
  slotSection: null,
  slotDate: null,
});

async function readBody(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text ? (JSON.parse(text) as unknown) : null;
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html' : 'application/json', ...headers });
  res.end(text);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      heard.push({ method: req.method!, path: req.url!, auth: req.headers.authorization, body });
      // A desk that is down: the connection drops without an answer.
      if (down) return void req.socket.destroy();
      // The publish target, a signed webhook, answers with the post's address.
      if (req.url === '/hook') return reply(res, 200, { id: 'post-1', url: 'https://news.example.org/harbour' });
      if (req.headers.authorization !== `Bearer ${TOKEN}`)
        return reply(res, 401, { ok: false, code: 'forbidden', message: 'no token' });
      if (req.url === '/desk/pieces' && req.method === 'GET') {
        await slow;
        return reply(res, 200, pieces);
      }
      if (req.url === '/desk/notifications' && req.method === 'GET') return reply(res, 200, notifications);
      if (req.url === '/desk/notifications' && req.method === 'POST') {
        const { ids } = body as { ids: number[] | 'all' };
        notifications = notifications.map((n) =>
          ids === 'all' || ids.includes(n.id) ? { ...n, readAt: '2026-11-27T10:00:00.000Z' } : n,
        );
        return reply(res, 200, { ok: true });
      }
      if (req.url === '/desk/requests' && req.method === 'POST') {
        const sent = answer(body as { id: string; action: string; document: string });
        return reply(res, sent.status, sent.body, sent.headers);
      }
      reply(res, 404, { ok: false, code: 'invalid', message: 'no such endpoint' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  heard = [];
  down = false;
  slow = null;
  pieces = [];
  notifications = [];
  // By default the desk does what is asked: submit moves the piece to in review.
  answer = (request) => ({ status: 200, body: { ok: true, state: state(request.document, 'in_review', 'Ada') } });
});

const posts = (): Heard[] => heard.filter((h) => h.path === '/desk/requests');

interface Machine {
  store: TestStore;
  events: AppEvent[];
  draftId: string;
  document: string;
}

/** A store joined (as `role`) to the test desk, holding one shared piece. */
async function machine(role = 'writer'): Promise<Machine> {
  const events: AppEvent[] = [];
  const secrets = new MemorySecretStore({ [DESK_TOKEN_SECRET]: TOKEN, Hook: 'a webhook secret' });
  const store = await track(
    openTestStore({ dir: folder(), publish: { secrets, inlineAttempts: 1 }, onEvent: (e) => events.push(e) }),
  );
  await store.ctx.db.run('INSERT INTO desk_connection (id, url, user_name, role, joined_at) VALUES (1, ?, ?, ?, ?)', [
    `ws://127.0.0.1:${port}`,
    role === 'writer' ? 'Ada' : 'Ed',
    role,
    store.ctx.now(),
  ]);
  const draft = await store.call('drafts.create', {
    headline: 'Harbour pilots strike',
    byline: ['Ada Lovelace'],
    body: doc('The pilots walked out at dawn.', 'Talks resume on Thursday.'),
  });
  const { document } = await shareDraft(store.ctx, draft.id);
  return { store, events, draftId: draft.id, document };
}

const submit = (m: Machine) =>
  m.store.call('desk.request', { draftId: m.draftId, action: 'submit', expected: 'draft' });

describe('asking the desk for a decision', () => {
  it('sends it at once, applies the new state with the desk’s actor, and keeps nothing queued', async () => {
    const m = await machine();
    const outcome = await submit(m);
    expect(outcome).toMatchObject({ state: 'done', piece: { status: 'in_review' } });
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.auth).toBe(`Bearer ${TOKEN}`);
    expect(posts()[0]!.body).toMatchObject({ action: 'submit', document: m.document, expected: 'draft' });
    expect((await m.store.call('drafts.get', { id: m.draftId })).status).toBe('in_review');
    const trail = await m.store.call('drafts.trail', { id: m.draftId });
    expect(trail.at(-1)).toMatchObject({ from: 'draft', to: 'in_review', actor: 'Ada', role: 'desk' });
    expect(await m.store.desk.requests.queued()).toEqual([]);
    expect(m.events).toContainEqual({ type: 'desk.changed' });
    expect(m.events.some((e) => e.type === 'draft.saved' && e.id === m.draftId)).toBe(true);
  });

  it('keeps a request the desk cannot take now, and sends it with the same id when it is back', async () => {
    const m = await machine();
    down = true;
    const outcome = await submit(m);
    expect(outcome.state).toBe('waiting');
    const requestId = outcome.state === 'waiting' ? outcome.requestId : '';
    const [queued] = await m.store.desk.requests.queued();
    expect(queued).toMatchObject({ id: requestId, state: 'waiting', action: 'submit' });
    expect(queued!.message).toMatch(/Could not reach the desk/);

    // A busy desk (429) and a failing one (500) leave it waiting too.
    down = false;
    answer = () => ({ status: 429, body: { ok: false, code: 'rate_limited', message: 'Slow down.' } });
    await m.store.desk.catchUp();
    answer = () => ({ status: 500, body: 'Internal Server Error' });
    await m.store.desk.catchUp();
    expect((await m.store.desk.requests.queued())[0]).toMatchObject({ id: requestId, state: 'waiting' });

    answer = (request) => ({ status: 200, body: { ok: true, state: state(request.document, 'in_review', 'Ada') } });
    await m.store.desk.catchUp();
    expect(await m.store.desk.requests.queued()).toEqual([]);
    expect((await m.store.call('drafts.get', { id: m.draftId })).status).toBe('in_review');
    // The one id made when it was queued, on every attempt: the desk does it once.
    expect(posts().length).toBeGreaterThanOrEqual(4);
    expect(new Set(posts().map((p) => (p.body as { id: string }).id))).toEqual(new Set([requestId]));
  });

  it('sends a request the desk was too busy for again when the board is next read', async () => {
    const m = await machine();
    answer = () => ({ status: 429, body: { ok: false, code: 'rate_limited', message: 'Slow down.' } });
    expect((await submit(m)).state).toBe('waiting');
    answer = (request) => ({ status: 200, body: { ok: true, state: state(request.document, 'in_review', 'Ada') } });
    pieces = [{ ...state(m.document, 'in_review', 'Ada'), document: m.document }];
    const board = await m.store.call('desk.board', {});
    expect(board.requests).toEqual([]);
    expect(board.pieces).toEqual([expect.objectContaining({ document: m.document, status: 'in_review' })]);
    expect((await m.store.call('drafts.get', { id: m.draftId })).status).toBe('in_review');
  });

  it('sends waiting requests in the order they were made, and stops at one that cannot go yet', async () => {
    const m = await machine();
    down = true;
    await submit(m);
    await m.store.call('desk.request', { draftId: m.draftId, action: 'archive', expected: 'in_review' });
    down = false;
    answer = (request) =>
      request.action === 'submit'
        ? { status: 503, body: { ok: false, code: 'rate_limited', message: 'Restarting.' } }
        : { status: 200, body: { ok: true, state: state(request.document, 'archived') } };
    heard = [];
    await m.store.desk.catchUp();
    expect(posts().map((p) => (p.body as { action: string }).action)).toEqual(['submit']);
    answer = (request) => ({
      status: 200,
      body: { ok: true, state: state(request.document, request.action === 'submit' ? 'in_review' : 'archived') },
    });
    heard = [];
    await m.store.desk.catchUp();
    expect(posts().map((p) => (p.body as { action: string }).action)).toEqual(['submit', 'archive']);
    expect((await m.store.call('drafts.get', { id: m.draftId })).status).toBe('archived');
  });

  it('keeps a refused request with the desk’s reason until it is dismissed, and never sends it again', async () => {
    const m = await machine();
    answer = () => ({
      status: 403,
      body: { ok: false, code: 'forbidden', message: 'Only an editor or an admin may approve a piece.' },
    });
    const outcome = await m.store.call('desk.request', { draftId: m.draftId, action: 'approve', expected: 'draft' });
    expect(outcome).toMatchObject({
      state: 'refused',
      code: 'forbidden',
      message: 'Only an editor or an admin may approve a piece.',
    });
    const requestId = outcome.state === 'refused' ? outcome.requestId : '';
    const board = await m.store.call('desk.board', {});
    expect(board.requests).toEqual([
      expect.objectContaining({
        id: requestId,
        state: 'refused',
        message: 'Only an editor or an admin may approve a piece.',
      }),
    ]);
    heard = [];
    await m.store.desk.catchUp();
    expect(posts()).toEqual([]);
    expect((await m.store.call('drafts.get', { id: m.draftId })).status).toBe('draft');
    await m.store.call('desk.dismiss', { requestId });
    expect((await m.store.call('desk.board', {})).requests).toEqual([]);
  });

  it('forgets a refused approval once the same approval is done (over the check), and keeps other refusals', async () => {
    const m = await machine('editor');
    answer = (request) =>
      request.action === 'approve'
        ? {
            status: 422,
            body: { ok: false, code: 'check_failed', message: 'The newsroom’s check found 1 error.', problems: [] },
          }
        : { status: 403, body: { ok: false, code: 'forbidden', message: 'Not now.' } };
    await m.store.call('desk.request', { draftId: m.draftId, action: 'archive', expected: 'in_review' });
    const refused = await m.store.call('desk.request', {
      draftId: m.draftId,
      action: 'approve',
      expected: 'in_review',
    });
    expect(refused).toMatchObject({ state: 'refused', code: 'check_failed' });
    expect((await m.store.call('desk.board', {})).requests.map((r) => r.action)).toEqual(['archive', 'approve']);
    answer = (request) => ({ status: 200, body: { ok: true, state: state(request.document, 'approved') } });
    const done = await m.store.call('desk.request', {
      draftId: m.draftId,
      action: 'approve',
      expected: 'in_review',
      override: true,
      reason: 'The photo follows.',
    });
    expect(done).toMatchObject({ state: 'done', piece: { status: 'approved' } });
    expect((await m.store.call('desk.board', {})).requests).toEqual([
      expect.objectContaining({ action: 'archive', state: 'refused', message: 'Not now.' }),
    ]);
  });

  it('keeps a conflict with what someone else did, and takes the piece’s state from it', async () => {
    const m = await machine('editor');
    answer = (request) => ({
      status: 409,
      body: {
        ok: false,
        code: 'conflict',
        message: 'Edna approved this piece a moment ago.',
        state: state(request.document, 'approved', 'Edna'),
      },
    });
    const outcome = await m.store.call('desk.request', {
      draftId: m.draftId,
      action: 'approve',
      expected: 'in_review',
    });
    expect(outcome).toMatchObject({ state: 'refused', code: 'conflict' });
    expect((await m.store.call('drafts.get', { id: m.draftId })).status).toBe('approved');
    const trail = await m.store.call('drafts.trail', { id: m.draftId });
    expect(trail.at(-1)).toMatchObject({ to: 'approved', actor: 'Edna' });
  });

  it('takes a redirect as a failure, never following it with the token', async () => {
    const m = await machine();
    answer = () => ({ status: 302, body: '', headers: { location: `http://127.0.0.1:${port}/login` } });
    const outcome = await submit(m);
    expect(outcome.state).toBe('waiting');
    expect((await m.store.desk.requests.queued())[0]!.message).toMatch(/redirect \(302/);
    expect(heard.some((h) => h.path === '/login')).toBe(false);
  });

  it('takes an answer that is not JSON as a failure, saying so', async () => {
    const m = await machine();
    answer = () => ({ status: 200, body: '<html>Welcome to the proxy</html>' });
    const outcome = await submit(m);
    expect(outcome.state).toBe('waiting');
    expect((await m.store.desk.requests.queued())[0]!.message).toMatch(/not JSON \(200, text\/html\)/);
  });

  it('refuses a request for a piece that is not shared, and a dismissal of one still waiting', async () => {
    const m = await machine();
    const local = await m.store.call('drafts.create', { headline: 'Local only' });
    const refused = await expectAppError(
      m.store.call('desk.request', { draftId: local.id, action: 'submit', expected: 'draft' }),
      'not_found',
    );
    expect(refused.message).toMatch(/not shared with the desk/);
    down = true;
    const waiting = await submit(m);
    await expectAppError(
      m.store.call('desk.dismiss', { requestId: waiting.state === 'waiting' ? waiting.requestId : '' }),
      'invalid_input',
    );
  });

  it('keeps its queue across a restart of the app', async () => {
    const m = await machine();
    down = true;
    const outcome = await submit(m);
    await m.store.close();
    const again = await track(
      openTestStore({
        dir: m.store.dir,
        publish: { secrets: new MemorySecretStore({ [DESK_TOKEN_SECRET]: TOKEN }) },
      }),
    );
    expect(await again.desk.requests.queued()).toEqual([
      expect.objectContaining({ id: outcome.state === 'waiting' ? outcome.requestId : '', state: 'waiting' }),
    ]);
    down = false;
    await again.desk.catchUp();
    expect(await again.desk.requests.queued()).toEqual([]);
  });
});

describe('following the desk', () => {
  it('takes the board’s statuses into the shared drafts, and shows the last board heard offline', async () => {
    const m = await machine();
    pieces = [state('', 'approved')];
    pieces[0]!.document = m.document;
    notifications = [
      {
        id: 7,
        kind: 'approved',
        document: m.document,
        headline: 'Harbour pilots strike',
        actor: 'Ed',
        text: 'Ed approved “Harbour pilots strike”.',
        at: '2026-11-27T09:30:00.000Z',
        readAt: null,
      },
    ];
    const board = await m.store.call('desk.board', {});
    expect(board).toMatchObject({ user: 'Ada', role: 'writer', online: true });
    expect(board.pieces).toEqual([
      expect.objectContaining({ document: m.document, status: 'approved', draftId: m.draftId }),
    ]);
    expect(board.heardAt).not.toBeNull();
    expect((await m.store.call('drafts.get', { id: m.draftId })).status).toBe('approved');
    expect((await m.store.call('drafts.trail', { id: m.draftId })).at(-1)).toMatchObject({
      from: 'draft',
      to: 'approved',
      actor: 'Ed',
    });
    expect(await m.store.call('desk.notifications', {})).toMatchObject({ unread: 1, items: [{ id: 7 }] });

    down = true;
    const offline = await m.store.call('desk.board', {});
    expect(offline).toMatchObject({ online: false, heardAt: board.heardAt });
    expect(offline.pieces).toEqual(board.pieces);
    expect(await m.store.call('desk.notifications', {})).toMatchObject({ unread: 1 });
    const refused = await expectAppError(m.store.call('desk.readNotifications', { ids: [7] }), 'internal');
    expect(refused.message).toMatch(/cannot be reached now/);

    down = false;
    expect(await m.store.call('desk.readNotifications', { ids: 'all' })).toMatchObject({ unread: 0 });
  });

  it('announces desk.changed for news only, so the window’s re-reading on it does not ask the desk for ever', async () => {
    const m = await machine();
    const changed = (): number => m.events.filter((e) => e.type === 'desk.changed').length;
    pieces = [{ ...state(m.document, 'in_review'), document: m.document }];
    await m.store.call('desk.board', {});
    const first = changed();
    expect(first).toBeGreaterThan(0);
    // The window reads board and notifications together on each desk.changed: nothing new, nothing announced.
    heard = [];
    await Promise.all([m.store.call('desk.board', {}), m.store.call('desk.notifications', {})]);
    expect(changed()).toBe(first);
    expect(heard.filter((h) => h.path === '/desk/pieces').length).toBeLessThanOrEqual(2);
    // A piece that moved, a notification, the desk gone quiet and the desk heard again after it are news: the window
    // draws the kept board without waiting for the desk, so it learns that it is offline from desk.changed too.
    pieces = [{ ...state(m.document, 'approved'), document: m.document }];
    await m.store.call('desk.board', {});
    expect(changed()).toBe(first + 1);
    down = true;
    await m.store.call('desk.board', {});
    expect(changed()).toBe(first + 2);
    await m.store.call('desk.board', {});
    expect(changed()).toBe(first + 2);
    down = false;
    await m.store.call('desk.board', {});
    expect(changed()).toBe(first + 3);
  });

  it('draws the board it keeps at once, for the columns asked, and hears the desk behind it', async () => {
    const m = await machine();
    const changed = (): number => m.events.filter((e) => e.type === 'desk.changed').length;
    const others = Array.from({ length: 45 }, (_, i) => ({
      ...state(`piece-00000000-0000-0000-0000-${String(i).padStart(12, '0')}`, 'draft'),
      headline: `Other piece ${String(i).padStart(2, '0')}`,
      assignee: i % 3 === 0 ? 'Ada' : 'Bea',
    }));
    pieces = [{ ...state(m.document, 'in_review'), document: m.document }, ...others];
    await m.store.call('desk.board', {});
    const before = changed();

    // The desk moved the piece, and is slow to say so: the window is answered from what is kept, without waiting.
    pieces = [{ ...state(m.document, 'approved'), document: m.document }, ...others];
    let answer = (): void => undefined;
    slow = new Promise((resolve) => (answer = resolve));
    const view = await m.store.call('desk.boardView', {});
    expect(view).toMatchObject({ user: 'Ada', role: 'writer', online: true, people: ['Ada', 'Bea', 'Ed'] });
    expect(view.heardAt).not.toBeNull();
    expect(view.columns.in_review).toEqual({
      total: 1,
      pieces: [expect.objectContaining({ document: m.document, draftId: m.draftId })],
    });
    expect(view.held).toEqual([expect.objectContaining({ document: m.document, status: 'in_review' })]);
    // Only a column's first cards cross to the window; the rest on asking, and the filters are applied here.
    expect(view.columns.draft.total).toBe(45);
    expect(view.columns.draft.pieces.map((p) => p.headline)).toEqual(others.slice(0, 40).map((p) => p.headline));
    const more = await m.store.call('desk.boardView', { shown: { draft: 80 } });
    expect(more.columns.draft.pieces).toHaveLength(45);
    const mine = await m.store.call('desk.boardView', { filter: { mine: true, mySection: false, dueToday: false } });
    expect(mine.columns.draft.total).toBe(15);
    expect(mine.held).toEqual(view.held);
    expect(changed()).toBe(before);

    // Once the desk answers, the window is told, and its next reading shows the move.
    answer();
    await until(() => changed() > before);
    const heard = await m.store.call('desk.boardView', {});
    expect(heard.columns.approved.pieces).toEqual([expect.objectContaining({ document: m.document })]);
    expect(heard.columns.in_review.total).toBe(0);

    // A desk gone quiet: the kept board still shows, and the window is told it is offline.
    await until(async () => (await m.store.call('desk.board', {})).online);
    const told = changed();
    down = true;
    await m.store.call('desk.boardView', {});
    await until(() => changed() > told);
    const offline = await m.store.call('desk.boardView', {});
    expect(offline).toMatchObject({ online: false, heardAt: heard.heardAt });
    expect(offline.columns).toEqual(heard.columns);
  });

  it('refuses a status change of a shared piece: that is the desk’s', async () => {
    const m = await machine('editor');
    const draft = await m.store.call('drafts.get', { id: m.draftId });
    const refused = await expectAppError(
      m.store.call('drafts.setStatus', { id: m.draftId, status: 'in_review', expectedVersion: draft.version }),
      'forbidden',
    );
    expect(refused.message).toMatch(/Submit for review/);
  });
});

describe('publishing a shared piece from the app', () => {
  async function withHook(m: Machine): Promise<void> {
    await m.store.call('targets.add', { name: 'Hook', kind: 'webhook', url: `http://127.0.0.1:${port}/hook` });
  }

  it('refuses a writer before anything is sent', async () => {
    const m = await machine('writer');
    await withHook(m);
    const refused = await expectAppError(
      m.store.call('publish.run', { draftId: m.draftId, target: 'Hook', status: 'publish', wait: true }),
      'forbidden',
    );
    expect(refused.message).toMatch(/only editors publish shared pieces/);
    expect(heard.filter((h) => h.path === '/hook')).toEqual([]);
    expect(await m.store.call('publish.jobs', { limit: 10 })).toEqual([]);
  });

  it('refuses an editor’s live publish of a piece the desk has not approved', async () => {
    const m = await machine('editor');
    await withHook(m);
    pieces = [{ ...state(m.document, 'in_review'), document: m.document }];
    await m.store.desk.follower.refresh();
    const refused = await expectAppError(
      m.store.call('publish.run', { draftId: m.draftId, target: 'Hook', status: 'publish', wait: true }),
      'forbidden',
    );
    expect(refused.message).toMatch(/approve it on the desk/);
    expect(heard.filter((h) => h.path === '/hook')).toEqual([]);
  });

  it('tells the desk when an editor’s publish went live, with the post’s address', async () => {
    const m = await machine('editor');
    await withHook(m);
    pieces = [{ ...state(m.document, 'approved'), document: m.document }];
    await m.store.desk.follower.refresh();
    answer = (request) => ({
      status: 200,
      body: {
        ok: true,
        state: { ...state(request.document, 'published'), postUrl: 'https://news.example.org/harbour' },
      },
    });
    const outcome = await m.store.call('publish.run', {
      draftId: m.draftId,
      target: 'Hook',
      status: 'publish',
      wait: true,
    });
    expect(outcome).toMatchObject({ kind: 'job', job: { state: 'done' } });
    await until(() => posts().length === 1);
    expect(posts()[0]!.body).toMatchObject({
      action: 'publish',
      expected: 'approved',
      postUrl: 'https://news.example.org/harbour',
    });
    await until(async () => (await m.store.desk.requests.queued()).length === 0);
    expect((await m.store.call('drafts.get', { id: m.draftId })).status).toBe('published');
  });
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('copydesk desk request and desk board', () => {
  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const before = process.env.COPYDESK_DESK_TOKEN;
    process.env.COPYDESK_DESK_TOKEN = TOKEN;
    try {
      const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    } finally {
      if (before === undefined) delete process.env.COPYDESK_DESK_TOKEN;
      else process.env.COPYDESK_DESK_TOKEN = before;
    }
  }

  it('asks with the status the desk last gave, prints the outcome, and lists the board and a refusal', async () => {
    const m = await machine();
    await closeNow(m.store);
    pieces = [{ ...state(m.document, 'draft', 'Ada'), document: m.document }];
    const done = await cli('desk', 'request', m.draftId, 'submit', '--db', m.store.dbPath);
    expect(done).toMatchObject({ code: 0, err: '' });
    expect(done.out).toMatch(/Done: “Harbour pilots strike” is now In review/);
    expect(posts()[0]!.body).toMatchObject({ action: 'submit', expected: 'draft' });

    pieces = [{ ...state(m.document, 'in_review', 'Ada'), document: m.document }];
    answer = () => ({ status: 403, body: { ok: false, code: 'forbidden', message: 'Only editors approve.' } });
    const refused = await cli(
      'desk',
      'request',
      m.draftId,
      'approve',
      '--reason',
      'Looks fine',
      '--db',
      m.store.dbPath,
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/the desk refused “Approve”: Only editors approve\./);
    expect(posts()[1]!.body).toMatchObject({ action: 'approve', expected: 'in_review', reason: 'Looks fine' });

    const board = await cli('desk', 'board', '--db', m.store.dbPath);
    expect(board.code).toBe(0);
    expect(board.out).toMatch(/from the desk now/);
    expect(board.out).toMatch(new RegExp(`${m.draftId}  In review`));
    expect(board.out).toMatch(/refused: Approve “Harbour pilots strike”: Only editors approve\./);

    const unknown = await cli('desk', 'request', m.draftId, 'fly', '--db', m.store.dbPath);
    expect(unknown.code).toBe(2);
  });
});
