/// <reference lib="dom" />
import { test as base, type Page } from '@playwright/test';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { API_METHODS } from '../../src/common/apiMethods';
import type { AppEvent } from '../../src/common/api';
import { dispatch } from '../../src/main/ipc/dispatch';
import { imagePath } from '../../src/main/services/images';
import { openTestStore, withTestShell, type TestStore } from '../support/store';

/**
 * The browser transport of the API contract (DESIGN.md §3): the built
 * renderer is served from loopback, and `window.copydesk` is built from the
 * same method list as the preload's, each method calling the real services
 * in this process through `page.exposeBinding`. Only the transport differs
 * from the app.
 */

export const RENDERER_DIR = resolve(__dirname, '..', '..', 'out', 'renderer');
export const SCREENSHOT_DIR = resolve(__dirname, '..', '..', 'test-results', 'screens');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

async function serve(root: string, store: TestStore): Promise<{ url: string; server: Server }> {
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

export interface Harness {
  page: Page;
  store: TestStore;
  /** Sends an event from "main" to the renderer, as the Electron shell would. */
  emit(event: AppEvent): Promise<void>;
  screenshot(name: string): Promise<void>;
}

export const test = base.extend<{ app: Harness }>({
  app: async ({ page }, use, testInfo) => {
    if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
      throw new Error(`The renderer is not built (${RENDERER_DIR} is missing): run \`npm run build\` first; \`npm test\` does it for you.`);
    }
    // A renderer exception is a bug even when the screen looks fine: collect and fail on them.
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text());
    });
    const store = await openTestStore({ now: Date.now });
    const handlers = withTestShell(store);
    const { url, server } = await serve(RENDERER_DIR, store);
    await page.exposeBinding('__copydeskInvoke', (_source, method: unknown, input: unknown) => dispatch(handlers, method, input));
    await page.addInitScript(
      ({ methods, imageBase }) => {
        type Listener = (event: unknown) => void;
        const listeners = new Set<Listener>();
        const invoke = (window as unknown as { __copydeskInvoke: (m: string, i: unknown) => Promise<unknown> }).__copydeskInvoke;
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
    await page.goto(url);
    const harness: Harness = {
      page,
      store,
      emit: (event) => page.evaluate((e) => (window as unknown as { __copydeskEmit: (e: unknown) => void }).__copydeskEmit(e), event),
      screenshot: async (name) => {
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
      },
    };
    await use(harness);
    const slug = testInfo.titlePath.slice(1).join(' ').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    await harness.screenshot(`final-${slug}`).catch(() => undefined);
    await new Promise((done) => server.close(done));
    await store.close();
    if (pageErrors.length > 0 && testInfo.status === testInfo.expectedStatus) {
      throw new Error(`The renderer reported errors:\n${pageErrors.join('\n')}`);
    }
    if (pageErrors.length > 0) console.error(`Renderer errors:\n${pageErrors.join('\n')}`);
  },
});

export { expect } from '@playwright/test';
