import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type * as Y from 'yjs';
import { checkSettingsFrom, CheckSettingsInput } from '../common/check';
import type { DraftStatus } from '../common/domain';
import { DESK_INDEX_MAP, DESK_REMOVED_MAP, type DeskIndexEntry } from '../common/desk/protocol';
import { DESK_API_PATHS, type DeskPieceState } from '../common/desk/workflow';
import { type DecisionContext, decide, describeIssues } from './decisions';
import { orderPublish } from './publishOrders';
import type { RateLimiter } from './rateLimit';
import { SECRET_KEY_ENV } from './secretBox';
import { renameOnDesk, type VocabularyContext } from './vocabulary';
import { type DeskUser, type DocumentStore, draftState, hashToken } from './store';

/**
 * The desk's decision API under /desk/, on the sync server's own port
 * (beside /images/): every request carries a user's token (Bearer), is
 * rate-limited per token, and is answered in JSON. The rules themselves are
 * decisions.ts's; this module only carries requests to it and to the store.
 */

export interface DeskRouteOptions {
  store: DocumentStore;
  decisions: DecisionContext;
  limiter: RateLimiter;
  /** The desk index document as it is now, or null when the desk has none yet. */
  loadIndex(): Promise<Y.Doc | null>;
  /**
   * Called after a change (with the piece's new state when a piece changed): the server tells the clients. Awaited
   * before the answer, so a piece's new write lock holds on every instance once the decision is answered.
   */
  changed(state?: { document: string; status: DraftStatus }): Promise<void>;
  /** The desk's outbox, told of a new order; null when the server has no key to open publish secrets with. */
  outbox: { kick(): void } | null;
  /** Renames of the shared vocabulary, piece by piece (vocabulary.ts). */
  vocabulary: Omit<VocabularyContext, 'pieces'>;
  maxBodyBytes?: number;
}

export const DESK_API_PREFIX = '/desk/';
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
/** The notifications a person is sent at most at once: the newest. */
export const NOTIFICATIONS_LISTED = 200;

type ErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'invalid'
  | 'too_large'
  | 'rate_limited'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'unavailable'
  | 'desk_error';

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(body);
}

/** The token's user and the token's hash (the rate limit's key). */
async function authenticate(store: DocumentStore, request: IncomingMessage): Promise<{ user: DeskUser; key: string }> {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) {
    throw new HttpRefusal(
      401,
      'unauthenticated',
      'no-token: send the token `copydesk-server users add` printed, as "Authorization: Bearer <token>".',
      { 'WWW-Authenticate': 'Bearer' },
    );
  }
  const user = await store.findUserByToken(match[1]!);
  if (!user) {
    throw new HttpRefusal(
      403,
      'forbidden',
      'unknown-or-revoked-token: this token is not (or no longer) valid; ask the desk admin for a new one.',
    );
  }
  return { user, key: hashToken(match[1]!) };
}

async function readJson(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const tooLarge = (): HttpRefusal =>
    new HttpRefusal(413, 'too_large', `The request is larger than the desk takes (${maxBytes / 1024} KB).`, {
      Connection: 'close',
    });
  if (Number(request.headers['content-length'] ?? NaN) > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks, size).toString('utf8')) as unknown;
  } catch {
    throw new HttpRefusal(400, 'invalid', 'The body is not JSON.');
  }
}

function allow(method: string, allowed: readonly string[]): void {
  if (!allowed.includes(method)) {
    throw new HttpRefusal(405, 'method_not_allowed', `${method} is not possible here: use ${allowed.join(' or ')}.`, {
      Allow: allowed.join(', '),
    });
  }
}

function requireEditor(user: DeskUser, what: string): void {
  if (user.role !== 'editor' && user.role !== 'admin')
    throw new HttpRefusal(
      403,
      'forbidden',
      `Only editors and admins may ${what}; you are a ${user.role} on this desk.`,
    );
}

/** Every piece in the desk index (less those taken off), with its state: a piece nobody decided about is a draft. */
export async function listPieces(options: DeskRouteOptions): Promise<DeskPieceState[]> {
  const index = await options.loadIndex();
  const entries = (index?.getMap(DESK_INDEX_MAP).toJSON() ?? {}) as Record<string, Partial<DeskIndexEntry>>;
  const removed = new Set(index ? [...index.getMap(DESK_REMOVED_MAP).keys()] : []);
  const states = new Map((await options.store.listPieceStates()).map((s) => [s.document, s]));
  return Object.entries(entries)
    .filter(([document]) => !removed.has(document))
    .map(([document, entry]) => ({
      ...(states.get(document) ?? draftState(document)),
      headline: typeof entry.headline === 'string' ? entry.headline : '',
    }))
    .sort((a, b) => (a.document < b.document ? -1 : a.document > b.document ? 1 : 0));
}

const MarkRead = z.strictObject({
  ids: z.union([z.literal('all'), z.array(z.number().int().nonnegative()).max(1000)]),
});

const AuditQuery = z.object({
  document: z.string().max(200).optional(),
  since: z
    .string()
    .refine(
      (s) => !Number.isNaN(Date.parse(s)),
      'since must be a date or date-time, e.g. 2026-05-01 or 2026-05-01T09:00:00Z',
    )
    .optional(),
});

async function route(options: DeskRouteOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://desk');
  const method = request.method ?? 'GET';
  const { store } = options;
  const known = Object.values(DESK_API_PATHS) as string[];
  if (!known.includes(url.pathname))
    throw new HttpRefusal(404, 'not_found', `The desk has no ${url.pathname}: see ${known.join(', ')}.`);
  const { user, key } = await authenticate(store, request);
  const wait = options.limiter.take(key);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new HttpRefusal(
      429,
      'rate_limited',
      `Too many requests with this token: try again in ${seconds} s. Nothing was done with this one.`,
      { 'Retry-After': String(seconds) },
    );
  }
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  switch (url.pathname) {
    case DESK_API_PATHS.pieces:
      allow(method, ['GET']);
      sendJson(response, 200, { pieces: await listPieces(options) });
      return;
    case DESK_API_PATHS.requests: {
      allow(method, ['POST']);
      const outcome = await decide(options.decisions, user, await readJson(request, maxBytes));
      if (outcome.changed && outcome.answer.ok) await options.changed(outcome.answer.state);
      sendJson(response, outcome.status, outcome.answer);
      return;
    }
    case DESK_API_PATHS.notifications: {
      allow(method, ['GET', 'POST']);
      if (method === 'GET') {
        sendJson(response, 200, { notifications: await store.listNotifications(user.name, NOTIFICATIONS_LISTED) });
        return;
      }
      const parsed = MarkRead.safeParse(await readJson(request, maxBytes));
      if (!parsed.success)
        throw new HttpRefusal(
          400,
          'invalid',
          `Send {"ids": [1, 2]} or {"ids": "all"}: ${describeIssues(parsed.error)}`,
        );
      const marked = await store.markNotificationsRead(user.name, parsed.data.ids);
      if (marked > 0) await options.changed();
      sendJson(response, 200, { marked });
      return;
    }
    case DESK_API_PATHS.audit: {
      allow(method, ['GET']);
      requireEditor(user, 'read the audit log');
      const query = AuditQuery.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success) throw new HttpRefusal(400, 'invalid', describeIssues(query.error));
      sendJson(response, 200, { entries: await store.listAudit(query.data) });
      return;
    }
    case DESK_API_PATHS.targets: {
      allow(method, ['GET']);
      const targets = (await store.publishing.listTargets()).map(({ name, kind, url }) => ({ name, kind, url }));
      sendJson(response, 200, { targets });
      return;
    }
    case DESK_API_PATHS.publish: {
      allow(method, ['GET', 'POST']);
      if (method === 'GET') {
        const document = url.searchParams.get('document') ?? undefined;
        sendJson(response, 200, { jobs: await store.publishing.publishJobs(document) });
        return;
      }
      requireEditor(user, 'publish a piece');
      if (!options.outbox)
        throw new HttpRefusal(
          503,
          'unavailable',
          `This desk cannot publish: ${SECRET_KEY_ENV} is not set where the server runs, so it cannot open the targets' secrets. Nothing was queued.`,
        );
      const outcome = await orderPublish(store, user, await readJson(request, maxBytes), new Date());
      if (!outcome.ok) throw new HttpRefusal(outcome.status, outcome.code, outcome.message);
      options.outbox.kick();
      await options.changed();
      sendJson(response, 202, { job: outcome.job });
      return;
    }
    case DESK_API_PATHS.vocabulary: {
      allow(method, ['POST']);
      requireEditor(user, "rename the newsroom's tags and sections");
      const pieces = async () => (await listPieces(options)).map(({ document, headline }) => ({ document, headline }));
      const answer = await renameOnDesk(
        { ...options.vocabulary, pieces },
        user,
        await readJson(request, maxBytes),
        new Date(),
      );
      if (!answer.ok) throw new HttpRefusal(answer.status, answer.code, answer.message);
      if (answer.outcome.applied && answer.outcome.pieces.length > 0) await options.changed();
      sendJson(response, 200, { outcome: answer.outcome });
      return;
    }
    case DESK_API_PATHS.checkSettings: {
      allow(method, ['GET', 'PUT']);
      if (method === 'GET') {
        sendJson(response, 200, { settings: checkSettingsFrom(await store.loadCheckSettings()) });
        return;
      }
      requireEditor(user, "change the newsroom's check settings");
      const parsed = CheckSettingsInput.safeParse(await readJson(request, maxBytes));
      if (!parsed.success)
        throw new HttpRefusal(400, 'invalid', `These are not check settings: ${describeIssues(parsed.error)}`);
      await store.storeCheckSettings(parsed.data);
      await options.changed();
      sendJson(response, 200, { settings: checkSettingsFrom(parsed.data) });
      return;
    }
  }
}

/**
 * Answers the request when it is for /desk/…, and says so (true); any other
 * path is left to the next handler (false). Never rejects: a failure is
 * answered 500, since a rejection here would end the whole server process.
 */
export async function handleDeskRequest(
  options: DeskRouteOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const path = new URL(request.url ?? '/', 'http://desk').pathname;
  if (!path.startsWith(DESK_API_PREFIX)) return false;
  try {
    await route(options, request, response);
  } catch (err) {
    if (response.headersSent) {
      response.destroy();
    } else if (err instanceof HttpRefusal) {
      sendJson(response, err.status, { ok: false, code: err.code, message: err.message }, err.headers);
    } else {
      // The store failed (the database went away): the app tries again later.
      sendJson(response, 500, {
        ok: false,
        code: 'desk_error',
        message: `The desk could not do this just now (${(err as Error).message}); try again later. Nothing was lost.`,
      });
    }
  }
  return true;
}
