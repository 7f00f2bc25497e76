import { checkSettingsFrom, type CheckSettings } from '../../common/check';
import { deskHttpUrl } from '../../common/desk/protocol';
import {
  DESK_API_PATHS,
  DESK_REFUSALS,
  type DeskAnswer,
  type DeskNotification,
  type DeskPieceState,
  type DeskRefusalCode,
  type DeskPublishJob,
  type DeskRequest,
  type DeskTarget,
  type PublishOrder,
  type VocabularyChange,
  type VocabularyOutcome,
} from '../../common/desk/workflow';
import { DRAFT_STATUSES } from '../../common/domain';

/**
 * The desk's HTTP endpoints (its decisions, board and notifications), spoken
 * with the person's token. Anything but a JSON answer from the desk itself
 * is a failure: a redirect (a proxy's login page, a wrong address) is never
 * followed, so the token goes nowhere else.
 */

export interface DeskApiOptions {
  /** The desk's ws:// or wss:// address; these endpoints are at its http(s):// twin. */
  url: string;
  token: string;
  /** Per request (default 15 s). */
  timeoutMs?: number;
}

/** The desk could not be asked, or its answer was not one: the request waits and is tried again. */
export class DeskApiError extends Error {
  constructor(
    message: string,
    /** The HTTP status, null when no answer came at all. */
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** The server's answer to a request, with its HTTP status (200 done; 400/403/409/422 refused; 429 and 5xx: try later). */
export interface SentAnswer {
  status: number;
  answer: DeskAnswer;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The list in an answer, bare or under one of the names a server may give it. */
function listIn(body: unknown, keys: string[]): unknown[] | null {
  if (Array.isArray(body)) return body as unknown[];
  if (!isRecord(body)) return null;
  for (const key of keys) if (Array.isArray(body[key])) return body[key] as unknown[];
  return null;
}

function isPieceState(value: unknown): value is DeskPieceState {
  return (
    isRecord(value) &&
    typeof value.document === 'string' &&
    (DRAFT_STATUSES as readonly unknown[]).includes(value.status)
  );
}

function isNotification(value: unknown): value is DeskNotification {
  return isRecord(value) && typeof value.id === 'number' && typeof value.text === 'string';
}

function isAnswer(value: unknown): value is DeskAnswer {
  if (!isRecord(value)) return false;
  if (value.ok === true) return isPieceState(value.state);
  // A refusal's code may be one of the HTTP layer's own (unauthenticated, too_large…): the status decides.
  return value.ok === false && typeof value.code === 'string' && typeof value.message === 'string';
}

/** A refusal's code as the app knows them; the HTTP layer's own (too_large…) read as an invalid request. */
export function refusalCode(code: string): DeskRefusalCode {
  return (DESK_REFUSALS as readonly string[]).includes(code) ? (code as DeskRefusalCode) : 'invalid';
}

export class DeskApi {
  constructor(private readonly options: DeskApiOptions) {}

  /** Every shared piece's state as the server keeps it. */
  async pieces(): Promise<DeskPieceState[]> {
    const { status, body } = await this.call('GET', DESK_API_PATHS.pieces);
    const list = status === 200 ? listIn(body, ['pieces']) : null;
    if (!list) throw this.unexpected(DESK_API_PATHS.pieces, status, body);
    return list.filter(isPieceState);
  }

  /** Sends one decision; the answer says whether it was done or refused (or came at a bad time: 429, 5xx). */
  async send(request: DeskRequest): Promise<SentAnswer> {
    const { status, body } = await this.call('POST', DESK_API_PATHS.requests, request);
    if (!isAnswer(body)) throw this.unexpected(DESK_API_PATHS.requests, status, body);
    return { status, answer: body };
  }

  /** The person's notifications, newest first. */
  async notifications(): Promise<DeskNotification[]> {
    const { status, body } = await this.call('GET', DESK_API_PATHS.notifications);
    const list = status === 200 ? listIn(body, ['items', 'notifications']) : null;
    if (!list) throw this.unexpected(DESK_API_PATHS.notifications, status, body);
    return list.filter(isNotification);
  }

  async markRead(ids: number[] | 'all'): Promise<void> {
    const { status, body } = await this.call('POST', DESK_API_PATHS.notifications, { ids });
    if (status !== 200) throw this.unexpected(DESK_API_PATHS.notifications, status, body);
  }

  /** The newsroom's publish targets (their secrets stay on the server). */
  async targets(): Promise<DeskTarget[]> {
    const { status, body } = await this.call('GET', DESK_API_PATHS.targets);
    const list = status === 200 ? listIn(body, ['targets']) : null;
    if (!list) throw this.unexpected(DESK_API_PATHS.targets, status, body);
    return list.filter((t): t is DeskTarget => isRecord(t) && typeof t.name === 'string');
  }

  /** Asks the desk to publish (editors): the queued job, or the server's refusal as a DeskApiError with its status. */
  async orderPublish(order: PublishOrder): Promise<DeskPublishJob> {
    const { status, body } = await this.call('POST', DESK_API_PATHS.publish, order);
    if (status === 202 && isRecord(body) && isRecord(body.job)) return body.job as unknown as DeskPublishJob;
    throw this.unexpected(DESK_API_PATHS.publish, status, body);
  }

  /** Counts (and with `apply`, makes) a rename of a tag or section on every shared piece. */
  async vocabulary(change: VocabularyChange): Promise<VocabularyOutcome> {
    const { status, body } = await this.call('POST', DESK_API_PATHS.vocabulary, change);
    if (status === 200 && isRecord(body) && isRecord(body.outcome)) return body.outcome as unknown as VocabularyOutcome;
    throw this.unexpected(DESK_API_PATHS.vocabulary, status, body);
  }

  /** The newsroom's pre-publish check rules, as the desk holds them. */
  async checkSettings(): Promise<CheckSettings> {
    const { status, body } = await this.call('GET', DESK_API_PATHS.checkSettings);
    if (status === 200 && isRecord(body) && isRecord(body.settings)) return checkSettingsFrom(body.settings);
    throw this.unexpected(DESK_API_PATHS.checkSettings, status, body);
  }

  /** Replaces the newsroom's check rules (editors and admins). */
  async saveCheckSettings(settings: CheckSettings): Promise<CheckSettings> {
    const { status, body } = await this.call('PUT', DESK_API_PATHS.checkSettings, settings);
    if (status === 200 && isRecord(body) && isRecord(body.settings)) return checkSettingsFrom(body.settings);
    throw this.unexpected(DESK_API_PATHS.checkSettings, status, body);
  }

  /** A piece's publish jobs, newest first. */
  async publishJobs(document: string): Promise<DeskPublishJob[]> {
    const { status, body } = await this.call('GET', DESK_API_PATHS.publish, undefined, { document });
    const list = status === 200 ? listIn(body, ['jobs']) : null;
    if (!list) throw this.unexpected(DESK_API_PATHS.publish, status, body);
    return list.filter((j): j is DeskPublishJob => isRecord(j) && typeof j.id === 'string');
  }

  private unexpected(path: string, status: number, body: unknown): DeskApiError {
    const said = isRecord(body) && typeof body.message === 'string' ? `: ${body.message}` : '';
    return new DeskApiError(`The desk answered ${path} with ${status}${said}.`, status);
  }

  private async call(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    payload?: unknown,
    query?: Record<string, string>,
  ): Promise<{ status: number; body: unknown }> {
    const url = deskHttpUrl(this.options.url, path, query);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        redirect: 'manual',
        headers: {
          Authorization: `Bearer ${this.options.token}`,
          Accept: 'application/json',
          ...(payload !== undefined && { 'Content-Type': 'application/json' }),
        },
        ...(payload !== undefined && { body: JSON.stringify(payload) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (err) {
      const why = err instanceof Error && err.name === 'TimeoutError' ? 'no answer in time' : 'unreachable';
      throw new DeskApiError(`Could not reach the desk at ${url} (${why}).`, null);
    }
    if ((response.status >= 300 && response.status < 400) || response.type === 'opaqueredirect') {
      await response.body?.cancel();
      const to = response.headers.get('location');
      throw new DeskApiError(
        `The desk's address answered ${path} with a redirect (${response.status}${to ? ` to ${to}` : ''}), not the desk's answer: check the desk address (a proxy in the way?).`,
        response.status,
      );
    }
    const text = await response.text().catch(() => '');
    try {
      return { status: response.status, body: JSON.parse(text) as unknown };
    } catch {
      const type = response.headers.get('content-type') ?? 'no content type';
      throw new DeskApiError(
        `The desk's answer to ${path} was not JSON (${response.status}, ${type}): is ${this.options.url} a Copydesk desk, and is it up to date?`,
        response.status,
      );
    }
  }
}
