import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A fault-injecting proxy on 127.0.0.1 in front of a real CMS: requests pass
 * through untouched until a fault is armed for the ones that match, then it
 * answers what real servers will not on demand. `forward: true` lets the
 * request reach the CMS first and spoils only the answer (the create went
 * through, the client never learned its id). It closes itself after
 * `lifetimeMs` even if a test forgets. Redirect faults send 301/302/303 to a
 * 200 HTML page of the proxy's own (what a followed POST would take for
 * success) and 307 straight to the CMS, another origin.
 */

const LANDING = '/copydesk-landing';

export const FAULTS = [
  '301',
  '302',
  '303',
  '307',
  '401',
  '403',
  '404',
  '409',
  '413',
  '429',
  '500',
  '502',
  'reset',
  'hang',
  'trickle',
  'invalid-json',
] as const;
export type FaultKind = (typeof FAULTS)[number];

export interface Fault {
  kind: FaultKind;
  match: (method: string, path: string) => boolean;
  /** Reach the CMS first, then spoil the answer. */
  forward?: boolean;
  /** How many matching requests to spoil (default: until cleared). */
  times?: number;
}

export interface FaultProxy {
  url: string;
  fault: Fault | null;
  /** Requests that reached the proxy: method and path. */
  seen: Array<{ method: string; path: string; faulted: FaultKind | null }>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req
      .on('data', (c: Buffer) => chunks.push(c))
      .on('end', () => resolve(Buffer.concat(chunks)))
      .on('error', reject);
  });
}

export async function startFaultProxy(upstream: string, lifetimeMs = 10 * 60_000): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const state: FaultProxy = { url: '', fault: null, seen: [], close: async () => undefined };

  const forward = async (req: IncomingMessage, body: Buffer) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (typeof v === 'string' && !['host', 'connection', 'content-length', 'transfer-encoding'].includes(k))
        headers[k] = v;
    const res = await fetch(`${upstream}${req.url}`, {
      method: req.method!,
      headers,
      ...(body.length > 0 && { body: new Uint8Array(body) }),
      redirect: 'manual',
    });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = await readBody(req);
      const path = req.url ?? '/';
      if (path === LANDING) {
        res
          .writeHead(200, { 'Content-Type': 'text/html' })
          .end('<!doctype html><html><body>Welcome back</body></html>');
        return;
      }
      const fault = state.fault && state.fault.match(req.method ?? 'GET', path) ? state.fault : null;
      state.seen.push({ method: req.method ?? 'GET', path, faulted: fault?.kind ?? null });
      if (fault && fault.times !== undefined && --fault.times <= 0) state.fault = null;
      const upstreamAnswer = !fault || fault.forward ? await forward(req, body) : null;
      if (!fault) {
        const headers: Record<string, string> = {};
        upstreamAnswer!.headers.forEach((v, k) => {
          if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(k)) headers[k] = v;
        });
        res.writeHead(upstreamAnswer!.status, headers).end(upstreamAnswer!.body);
        return;
      }
      const json = (status: number, extra: Record<string, string> = {}) =>
        res
          .writeHead(status, { 'Content-Type': 'application/json', ...extra })
          .end(JSON.stringify({ code: `injected_${status}`, message: `Injected fault ${status}` }));
      switch (fault.kind) {
        case 'reset':
          req.socket.destroy();
          return;
        case 'hang':
          return; // never answers; the client's deadline ends it
        case 'trickle': {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          let sent = 0;
          const timer = setInterval(() => {
            if (res.destroyed || sent >= 600) {
              clearInterval(timer);
              timers.delete(timer);
              res.end();
              return;
            }
            res.write(' ');
            sent++;
          }, 100);
          timers.add(timer);
          return;
        }
        case 'invalid-json':
          res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"id": 12, "link": ');
          return;
        case '429':
          json(429, { 'Retry-After': '0' });
          return;
        case '301':
        case '302':
        case '303':
          res.writeHead(Number(fault.kind), { Location: LANDING }).end();
          return;
        case '307':
          res.writeHead(307, { Location: `${upstream}${path}` }).end();
          return;
        default:
          json(Number(fault.kind));
      }
    })().catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  const selfStop = setTimeout(() => void close(), lifetimeMs);
  selfStop.unref();
  state.close = async () => {
    clearTimeout(selfStop);
    await close();
  };
  return state;
}
