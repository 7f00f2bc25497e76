/**
 * The one place publish adapters speak HTTP: every request has a deadline
 * that covers the whole answer (headers and body, so a trickle cannot hold a
 * job forever), and every failure becomes a PublishError that says whether
 * to try again and, in words a writer understands, what went wrong.
 *
 * Redirects are never followed on their own: fetch would turn a POST into a
 * bodiless GET on 301/302/303 (whose 200 page then looks like success) and
 * re-send body and credentials to another host on 307/308. A 3xx fails with
 * its `Location`, unless the adapter names it safe (`safeRedirect`) and it
 * stays on the same origin; then the same request is sent there again.
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
  /** Where a refused redirect pointed. */
  location?: string;
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
  /** A same-origin redirect the adapter knows to be harmless (e.g. WordPress adding a trailing slash). */
  safeRedirect?: (from: URL, to: URL) => boolean;
}

/** How many safe redirects one request may take. */
const MAX_SAFE_REDIRECTS = 2;
/** How much of an unexpected answer a message shows. */
const SHOWN_CHARS = 160;

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

/** TLS failures by OpenSSL's or Node's code: what it means for a writer. */
const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT:
    'its certificate is self-signed, so nothing proves the server is the one named in the address',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain ends in a self-signed certificate this computer does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate is signed by an authority this computer does not trust',
  UNABLE_TO_GET_ISSUER_CERT: 'its certificate is signed by an authority this computer does not trust',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate is signed by an authority this computer does not trust',
  CERT_UNTRUSTED: 'its certificate is not trusted',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: "its certificate is not valid yet (or this computer's clock is wrong)",
  CERT_REVOKED: 'its certificate has been revoked',
  CERT_SIGNATURE_FAILURE: 'its certificate has an invalid signature',
  CERT_REJECTED: 'its certificate was rejected',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another host name',
  HOSTNAME_MISMATCH: 'its certificate is for another host name',
};

interface NetworkCause {
  code?: string;
  message?: string;
  reason?: string;
}

function causeOf(err: unknown): NetworkCause {
  const cause = (err as { cause?: NetworkCause }).cause;
  return cause && typeof cause === 'object' ? cause : (err as NetworkCause);
}

/** A TLS failure names its problem and stops: retrying cannot fix a certificate, and nothing must be sent over it. */
function tlsFailure(service: string, what: string, cause: NetworkCause): PublishError | null {
  const code = cause.code ?? '';
  const known = TLS_REASONS[code];
  if (!known && !code.startsWith('ERR_SSL_') && !code.startsWith('ERR_TLS_')) return null;
  const reason = known ?? `the secure connection could not be set up${cause.reason ? ` (${cause.reason})` : ''}`;
  return new PublishError(
    'stop',
    `${service}'s HTTPS connection cannot be trusted while ${what}: ${reason} (${code}). Copydesk sends nothing over a connection it cannot verify; fix the certificate on the server, or the target's address if it names the wrong host, then publish again.`,
    { code },
  );
}

function networkReason(err: unknown): string {
  const cause = causeOf(err);
  switch (cause.code) {
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
      return cause.message ?? (err instanceof Error ? err.message : String(err));
  }
}

/** The start of an answer, on one line, for a message: enough to recognise a login page or a proxy's error. */
export function firstBytes(text: string): string {
  const line = text
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a message
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > SHOWN_CHARS ? `${line.slice(0, SHOWN_CHARS)}…` : line;
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
    return {
      message: record.message.replace(/<[^>]*>/g, ''),
      ...(typeof record.code === 'string' && { code: record.code }),
    };
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
    return new PublishError(
      'retry',
      `${service} asked us to slow down while ${what} (HTTP 429); trying again shortly.`,
      {
        ...detail,
        retryAfterMs: after,
      },
    );
  }
  if (status >= 500) {
    return new PublishError(
      'retry',
      `${service} had a server error while ${what} (HTTP ${status})${said}; trying again shortly.`,
      { ...detail, mayHaveArrived: true },
    );
  }
  switch (status) {
    case 400:
      return new PublishError('stop', `${service} rejected the request while ${what} (HTTP 400)${said}.`, detail);
    case 401:
      return new PublishError(
        'stop',
        `${service} refused the credentials while ${what} (HTTP 401)${said}. Check the user name and the secret set for this target.`,
        detail,
      );
    case 403:
      return new PublishError(
        'stop',
        `${service} says this account has no permission for ${what} (HTTP 403)${said}.`,
        detail,
      );
    case 404:
      return new PublishError(
        'stop',
        `${service} found nothing at that address while ${what} (HTTP 404)${said}. Check the target's URL, or whether the post was deleted there.`,
        detail,
      );
    case 409:
      return new PublishError('stop', `${service} reports a conflict while ${what} (HTTP 409)${said}.`, detail);
    case 413:
      return new PublishError(
        'stop',
        `${service} refused ${what} as too large (HTTP 413). Its upload limit is smaller than this file.`,
        detail,
      );
    default:
      return new PublishError('stop', `${service} refused ${what} (HTTP ${status})${said}.`, detail);
  }
}

export class HttpClient {
  constructor(readonly options: HttpClientOptions) {}

  get service(): string {
    return this.options.service;
  }

  /** The same client, also taking the same-origin redirects `safe` allows. */
  withSafeRedirect(safe: (from: URL, to: URL) => boolean): HttpClient {
    return new HttpClient({ ...this.options, safeRedirect: safe });
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    let url = req.url;
    for (let hops = 0; ; hops++) {
      const answer = await this.send(req, url);
      if (answer.status < 300 || answer.status >= 400) return this.judge(req, answer);
      const next = this.safeRedirectTarget(url, answer.headers.get('location'));
      if (next === null || hops >= MAX_SAFE_REDIRECTS) throw this.redirectFailure(req, answer);
      url = next;
    }
  }

  /** One exchange, redirects not followed; network, TLS and deadline failures become PublishErrors. */
  private async send(req: HttpRequest, url: string): Promise<{ status: number; headers: Headers; text: string }> {
    const { service, timeoutMs } = this.options;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await this.options.fetch(url, {
        method: req.method,
        headers: req.headers ?? {},
        body: req.body as BodyInit | undefined,
        signal: controller.signal,
        redirect: 'manual',
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    } catch (err) {
      if (controller.signal.aborted) {
        throw new PublishError(
          'retry',
          `${service} did not answer within ${Math.round(timeoutMs / 100) / 10} s while ${req.what}; trying again shortly.`,
          { mayHaveArrived: true },
        );
      }
      const tls = tlsFailure(service, req.what, causeOf(err));
      if (tls) throw tls;
      throw new PublishError('retry', `Could not reach ${service} while ${req.what}: ${networkReason(err)}.`, {
        mayHaveArrived: true,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Where a redirect may be followed: the same origin, and a move the adapter knows is harmless. */
  private safeRedirectTarget(from: string, location: string | null): string | null {
    if (!location || !this.options.safeRedirect) return null;
    let to: URL;
    try {
      to = new URL(location, from);
    } catch {
      return null;
    }
    const origin = new URL(from);
    return to.origin === origin.origin && this.options.safeRedirect(origin, to) ? to.href : null;
  }

  private redirectFailure(req: HttpRequest, answer: { status: number; headers: Headers }): PublishError {
    const location = answer.headers.get('location');
    const where = location ? `to ${firstBytes(location)}` : 'without saying where (no Location)';
    return new PublishError(
      'stop',
      `${this.options.service} answered ${req.what} with a redirect (HTTP ${answer.status}) ${where}. Copydesk does not follow redirects when publishing: the piece would arrive without its body, or go with its credentials to another server. If that is the right address, change the target's URL to it.`,
      { status: answer.status, ...(location && { location }), mayHaveArrived: req.method !== 'GET' },
    );
  }

  private judge(req: HttpRequest, answer: { status: number; headers: Headers; text: string }): HttpResponse {
    const { service } = this.options;
    const { status, headers, text } = answer;
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
    const ok = status >= 200 && status < 300;
    if (!ok && !req.accept?.includes(status)) throw statusFailure(service, req.what, status, headers, json);
    if (ok && !parsed && !req.allowNonJson) {
      const type = headers.get('content-type')?.split(';')[0]?.trim();
      const shown = text.length > 0 ? `: “${firstBytes(text)}”` : ' (an empty answer)';
      throw new PublishError(
        'retry',
        `${service} answered ${req.what} with something that is not JSON (HTTP ${status}${type ? `, ${type}` : ''})${shown}; trying again shortly.`,
        {
          status,
          mayHaveArrived: true,
        },
      );
    }
    return { status, headers, json, text };
  }

  async json<T>(req: HttpRequest): Promise<T> {
    return (await this.request(req)).json as T;
  }
}
