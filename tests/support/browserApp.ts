/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import type { ApiHandlers } from '../../src/common/api';
import { API_METHODS } from '../../src/common/apiMethods';
import { dispatch } from '../../src/main/ipc/dispatch';
import { imagePath } from '../../src/main/services/images';
import type { TestStore } from './store';

/**
 * The browser transport of the API contract (docs/ARCHITECTURE.md, "One
 * API contract, three transports"), shared by the e2e harness
 * (tests/e2e/harness.ts) and the editor benchmark: the built renderer is
 * served from loopback, and `window.copydesk` is built from the same method
 * list as the preload's, each method calling the real services in this
 * process through `page.exposeBinding`. Only the transport differs from the
 * app.
 */

export const RENDERER_DIR = resolve(__dirname, '..', '..', 'out', 'renderer');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Serves `root` on 127.0.0.1, plus the store's images under /__images/ID. */
export async function serve(root: string, store: TestStore): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const image = /^\/__images\/([0-9a-f]{64})$/.exec(path);
    if (image) {
      void store.handlers['images.get']({ id: image[1]! }).then(
        (record) => {
          res.writeHead(200, { 'content-type': record.mime });
          createReadStream(imagePath(store.ctx.dataDir, record.id, record.mime)).pipe(res);
        },
        () => res.writeHead(404).end(),
      );
      return;
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/**
 * Binds `window.copydesk` in every document the page loads to `handlers`
 * (plus `window.__copydeskEmit` to send an event from "main"). Call before
 * the first navigation.
 */
export async function bindCopydesk(page: Page, handlers: ApiHandlers, url: string): Promise<void> {
  await page.exposeBinding('__copydeskInvoke', (_source, method: unknown, input: unknown) =>
    dispatch(handlers, method, input),
  );
  await page.addInitScript(
    ({ methods, imageBase }) => {
      type Listener = (event: unknown) => void;
      const listeners = new Set<Listener>();
      const invoke = (window as unknown as { __copydeskInvoke: (m: string, i: unknown) => Promise<unknown> })
        .__copydeskInvoke;
      const client: Record<string, Record<string, unknown>> = {};
      for (const method of methods) {
        const dot = method.indexOf('.');
        (client[method.slice(0, dot)] ??= {})[method.slice(dot + 1)] = (input: unknown) => invoke(method, input);
      }
      client.events = {
        subscribe: (listener: Listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      };
      Object.assign(window, {
        copydesk: client,
        copydeskImageBase: imageBase,
        __copydeskEmit: (event: unknown) => listeners.forEach((l) => l(event)),
      });
    },
    { methods: [...API_METHODS], imageBase: `${url}__images/` },
  );
}
