import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import type { FetchLike } from '../../src/publishing/http';

/**
 * Servers on 127.0.0.x that behave badly on purpose — redirecting, echoing
 * the request back, answering HTML, holding a bad certificate — for the
 * publish tests of hostile servers. Every request is recorded.
 */

export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: Received, res: ServerResponse) => void;

export interface TestServer {
  url: string;
  received: Received[];
  handler: Handler;
  close(): Promise<void>;
}

export interface TlsFiles {
  cert: string;
  key: string;
}

/** An HTTP (or, with `tls`, HTTPS) server on `host` whose answers come from its current `handler`. */
export async function startServer(
  handler: Handler,
  options: { host?: string; tls?: TlsFiles } = {},
): Promise<TestServer> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const state: TestServer = { url: '', received: [], handler, close: async () => undefined };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req
      .on('data', (c: Buffer) => chunks.push(c))
      .on('end', () => {
        const received = {
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        state.received.push(received);
        state.handler(received, res);
      });
  };
  const server: Server = options.tls
    ? createHttpsServer({ cert: readFileSync(options.tls.cert), key: readFileSync(options.tls.key) }, listener)
    : createHttpServer(listener);
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  state.url = `${options.tls ? 'https' : 'http'}://${host}:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
}

export interface TestCertificates {
  /** A certificate authority the tests may choose to trust. */
  ca: string;
  /** Self-signed for 127.0.0.1. */
  selfSigned: TlsFiles;
  /** Signed by `ca` for 127.0.0.1, expired a day ago. */
  expired: TlsFiles;
  /** Signed by `ca`, valid, but for example.com. */
  wrongHost: TlsFiles;
}

/** Certificates made now with the openssl command (Debian's `openssl`); keys never leave `dir`. */
export function makeCertificates(dir: string): TestCertificates {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Copydesk test CA');
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'self.key',
    '-out',
    'self.pem',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  );
  openssl('req', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=127.0.0.1');
  const sign = (out: string, days: string, san: string) => {
    execFileSync('sh', ['-c', `printf 'subjectAltName=${san}\\n' > ${out}.ext`], { cwd: dir });
    openssl(
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      out,
      '-days',
      days,
      '-extfile',
      `${out}.ext`,
    );
  };
  // A negative validity: notAfter falls a day before notBefore (now).
  sign('expired.pem', '-1', 'IP:127.0.0.1');
  sign('wrong-host.pem', '2', 'DNS:example.com');
  const at = (name: string) => join(dir, name);
  return {
    ca: at('ca.pem'),
    selfSigned: { cert: at('self.pem'), key: at('self.key') },
    expired: { cert: at('expired.pem'), key: at('leaf.key') },
    wrongHost: { cert: at('wrong-host.pem'), key: at('leaf.key') },
  };
}

/**
 * Node's own fetch, trusting one more certificate authority, as a newsroom's
 * machine trusts its own: so a certificate's other faults (a wrong host name)
 * are reached. Node 20 has no public way to build its fetch's Agent; the
 * global one is registered under this symbol once fetch has been used.
 */
export async function fetchTrusting(caFile: string): Promise<FetchLike> {
  await fetch('http://127.0.0.1:9/').catch(() => undefined);
  const global = (globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.1')] as
    { constructor: new (options: unknown) => unknown } | undefined;
  if (!global)
    throw new Error(
      "Node's fetch registered no global dispatcher; this Node version needs another way to trust a test CA.",
    );
  const dispatcher = new global.constructor({ connect: { ca: readFileSync(caFile) } });
  return (url, init) => fetch(url, { ...init, dispatcher } as RequestInit);
}
