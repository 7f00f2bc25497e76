/**
 * The one place publish adapters speak HTTP: every request has a deadline
 * that covers the whole answer (headers and body, so a trickle cannot hold a
 * job forever), and every failure becomes a PublishError that says whether
 * to try again and, in words a writer understands, what went wrong.
 */

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** `retry`: worth trying again later (network, timeout, 429, 5xx). `stop`: a person must act first. */
export type FailureKind = 'retry' | 'stop';

export interface FailureDetail {
  status?: number;
  /** The CMS's own error code, e.g. `term_exists`, `UpdateCollisionError`. */
  code?: string;
  retryAfterMs?: number;
  body?: unknown;
  /** The request may have reached the server (timeouts, resets, garbled answers). */
  mayHaveArrived?: boolean;
}

export class PublishError extends Error {
  readonly kind: FailureKind;
  readonly detail: FailureDetail;

  constructor(kind: FailureKind, message: string, detail: FailureDetail = {}) {
    super(message);
    this.name = 'PublishError';
    this.kind = kind;
    this.detail = detail;
  }
}

export interface HttpClientOptions {
  fetch: FetchLike;
  /** Deadline for one request, answer included. */
  timeoutMs: number;
  /** "WordPress", "Ghost", "The webhook": the subject of every message. */
  service: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | FormData;
  /** What the request does, for messages: "uploading the image", "creating the post". */
  what: string;
  /** Statuses the caller handles itself instead of failing (e.g. 400 term_exists, 409). */
  accept?: readonly number[];
  /** The answer need not be JSON (e.g. a webhook that answers "ok"). */
  allowNonJson?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  json: unknown;
  text: string;
}

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'nothing is listening there (connection refused)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was cut (reset)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name cannot be found (offline, or a typo in the address)';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'the connection timed out';
    default:
      return cause?.message ?? (err instanceof Error ? err.message : String(err));
  }
}

/** The CMS's own words for an error: WordPress `{code, message}`, Ghost `{errors: [{message, context, type}]}`. */
export function remoteError(json: unknown): { message: string; code?: string } | null {
  if (!json || typeof json !== 'object') return null;
  const record = json as Record<string, unknown>;
  if (Array.isArray(record.errors) && record.errors.length > 0) {
    const first = record.errors[0] as Record<string, unknown>;
    const message = [first.message, first.context].filter((s) => typeof s === 'string' && s.length > 0).join(' ');
    return { message, ...(typeof first.type === 'string' && { code: first.type }) };
  }
  if (typeof record.message === 'string') {
    return { message: record.message.replace(/<[^>]*>/g, ''), ...(typeof record.code === 'string' && { code: record.code }) };
  }
  return null;
}

function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function statusFailure(service: string, what: string, status: number, headers: Headers, json: unknown): PublishError {
  const remote = remoteError(json);
  const said = remote?.message ? `: “${remote.message}”` : '';
  const detail: FailureDetail = { status, body: json, ...(remote?.code && { code: remote.code }) };
  if (status === 429) {
    const after = retryAfterMs(headers);
    return new PublishError('retry', `${service} asked us to slow down while ${what} (HTTP 429); trying again shortly.`, {
      ...detail,
      ...(after !== undefined && { retryAfterMs: after }),
    });
  }
  if (status >= 500) {
    return new PublishError('retry', `${service} had a server error while ${what} (HTTP ${status})${said}; trying again shortly.`, { ...detail, mayHaveArrived: true });
  }
  switch (status) {
    case 400:
      return new PublishError('stop', `${service} rejected the request while ${what} (HTTP 400)${said}.`, detail);
    case 401:
      return new PublishError('stop', `${service} refused the credentials while ${what} (HTTP 401)${said}. Check the user name and the secret set for this target.`, detail);
    case 403:
      return new PublishError('stop', `${service} says this account has no permission for ${what} (HTTP 403)${said}.`, detail);
    case 404:
      return new PublishError('stop', `${service} found nothing at that address while ${what} (HTTP 404)${said}. Check the target's URL, or whether the post was deleted there.`, detail);
    case 409:
      return new PublishError('stop', `${service} reports a conflict while ${what} (HTTP 409)${said}.`, detail);
    case 413:
      return new PublishError('stop', `${service} refused ${what} as too large (HTTP 413). Its upload limit is smaller than this file.`, detail);
    default:
      return new PublishError('stop', `${service} refused ${what} (HTTP ${status})${said}.`, detail);
  }
}

export class HttpClient {
  constructor(readonly options: HttpClientOptions) {}

  get service(): string {
    return this.options.service;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const { service, timeoutMs } = this.options;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.options.fetch(req.url, {
        method: req.method,
        headers: req.headers ?? {},
        ...(req.body !== undefined && { body: req.body as BodyInit }),
        signal: controller.signal,
        redirect: 'follow',
      });
      text = await response.text();
    } catch (err) {
      if (controller.signal.aborted) {
        throw new PublishError('retry', `${service} did not answer within ${Math.round(timeoutMs / 100) / 10} s while ${req.what}; trying again shortly.`, { mayHaveArrived: true });
      }
      throw new PublishError('retry', `Could not reach ${service} while ${req.what}: ${networkReason(err)}.`, { mayHaveArrived: true });
    } finally {
      clearTimeout(timer);
    }
    let json: unknown = undefined;
    let parsed = false;
    if (text.length > 0) {
      try {
        json = JSON.parse(text);
        parsed = true;
      } catch {
        // judged below
      }
    }
    const ok = response.status >= 200 && response.status < 300;
    if (!ok && !req.accept?.includes(response.status)) throw statusFailure(service, req.what, response.status, response.headers, json);
    if (ok && !parsed && !req.allowNonJson) {
      throw new PublishError('retry', `${service} answered ${req.what} with something that is not JSON (HTTP ${response.status}); trying again shortly.`, {
        status: response.status,
        mayHaveArrived: true,
      });
    }
    return { status: response.status, headers: response.headers, json, text };
  }

  async json<T>(req: HttpRequest): Promise<T> {
    return (await this.request(req)).json as T;
  }
}
