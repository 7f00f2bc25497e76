import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { DESK_SERVICES, need } from './outside';

/**
 * The newsroom server's tests: the PostgreSQL and Redis that
 * `scripts/desk/services.sh` starts (`.ci/run` exports their URLs), and
 * Node clients speaking to the server as the app will.
 */

export const DESK_POSTGRES_URL = process.env.COPYDESK_DESK_POSTGRES_URL ?? '';
export const DESK_REDIS_URL = process.env.COPYDESK_DESK_REDIS_URL ?? '';

/** Whether the file's PostgreSQL/Redis tests skip (saying why, or failing under COPYDESK_REQUIRE_ALL). */
export async function servicesMissing(file: string): Promise<boolean> {
  return (await need(DESK_SERVICES, file)) === null;
}

/** A fresh database on the test cluster, so test files never see each other's tables. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `copydesk_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DESK_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(DESK_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: DESK_POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface TestClient {
  doc: Y.Doc;
  text: Y.Text;
  provider: HocuspocusProvider;
  /** Set when the server refused the token: the reason it gave. */
  refusal: Promise<string>;
  destroy(): void;
}

/** A Node client on one document, its text in the Y.Text "body". */
export function connectClient(url: string, documentName: string, token: string): TestClient {
  const doc = new Y.Doc();
  let refused: (reason: string) => void = () => undefined;
  const refusal = new Promise<string>((resolve) => (refused = resolve));
  // Node 20 has no global WebSocket; retries come quickly so restarts heal fast.
  const socket = new HocuspocusProviderWebsocket({
    url,
    WebSocketPolyfill: WebSocket,
    delay: 100,
    minDelay: 100,
    maxDelay: 500,
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentName,
    document: doc,
    token,
    onAuthenticationFailed: ({ reason }) => refused(reason),
  });
  provider.attach();
  return {
    doc,
    text: doc.getText('body'),
    provider,
    refusal,
    destroy: () => {
      provider.destroy();
      socket.destroy();
    },
  };
}

/** Polls until `check` holds; fails with `what` after `timeoutMs` (generous: the machine is shared). */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The desk's HTTP address beside its websocket. */
export function httpBase(server: { url: string }): string {
  return server.url.replace(/^ws:/, 'http:');
}

/** One call to the desk's HTTP API with a user's token (null: none), answered as JSON. */
export async function api<T>(
  server: { url: string },
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${httpBase(server)}${path}`, {
    method,
    headers: {
      ...(token !== null && { Authorization: `Bearer ${token}` }),
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}
