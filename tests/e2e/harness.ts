/// <reference lib="dom" />
import { test as base, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppEvent } from '../../src/common/api';
import { bindCopydesk, RENDERER_DIR, serve } from '../support/browserApp';
import { MemorySecretStore } from '../../src/main/publish/secrets';
import { check, CHROMIUM, Missing, need, type Outside } from '../support/outside';
import type { StartStoreOptions } from '../../src/main/store';
import { openTestStore, withTestShell, type DialogAnswers, type TestStore } from '../support/store';

/**
 * The browser transport of the API contract (docs/ARCHITECTURE.md, "One
 * API contract, three transports"): the built renderer is served from
 * loopback, and `window.copydesk` is built from the same method list as the
 * preload's, each method calling the real services in this process through
 * `page.exposeBinding` (tests/support/browserApp.ts, shared with the editor
 * benchmark). Only the transport differs from the app.
 */

export { RENDERER_DIR };
export const SCREENSHOT_DIR = resolve(__dirname, '..', '..', 'test-results', 'screens');

export interface Harness {
  page: Page;
  store: TestStore;
  /** Sends an event from "main" to the renderer, as the Electron shell would. */
  emit(event: AppEvent): Promise<void>;
  screenshot(name: string): Promise<void>;
  /** What the next native folder and file dialogs will answer, and which files the next drop on the window carries. */
  dialogs: DialogAnswers;
  /** Renderer errors this test expects (for example the CSP reporting a blocked handler) and does not fail on. */
  allowErrors(pattern: RegExp): void;
}

/**
 * What `outside` finds, or this test skips with the reason (printed, and in
 * the report), or fails under COPYDESK_REQUIRE_ALL: tests/support/outside.ts.
 */
export async function needOrSkip<T>(outside: Outside<T>): Promise<T> {
  const value = await need(outside, base.info().file);
  if (value === null) {
    const missing = await check(outside);
    base.skip(
      true,
      `${outside.tests}: ${missing instanceof Missing ? missing.reason : 'not available'}. To run: ${outside.enable}.`,
    );
  }
  return value as T;
}

/** Another computer's app for a test that needs two (the newsroom's desk): its own browser context, store and renderer server. */
export type OpenMachine = (options?: Partial<StartStoreOptions>) => Promise<Harness>;

/** Opens the renderer on `page` with its own store bound; `finish` closes it all and fails on renderer errors nobody allowed. */
async function startHarness(
  page: Page,
  testInfo: TestInfo,
  name: string,
  options: Partial<StartStoreOptions> = {},
  firstRun = false,
): Promise<{ harness: Harness; finish: () => Promise<void> }> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(
      `The renderer is not built (${RENDERER_DIR} is missing): run \`npm run build\` first; \`npm test\` does it for you.`,
    );
  }
  // A renderer exception is a bug even when the screen looks fine: collect and fail on them.
  const pageErrors: string[] = [];
  const allowed: RegExp[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(`${msg.text()} (${msg.location().url}:${msg.location().lineNumber})`);
  });
  // Events from "main" (export and publish progress) reach the page as the shell's would.
  const forward = (event: AppEvent): void =>
    void page
      .evaluate((e) => (window as unknown as { __copydeskEmit?: (e: unknown) => void }).__copydeskEmit?.(e), event)
      .catch(() => undefined);
  // Secrets typed into the Publishing and Newsroom screens are kept in memory, as the app keeps them in the keychain.
  const store = await openTestStore({
    now: Date.now,
    onEvent: forward,
    publish: { secrets: new MemorySecretStore(), onEvent: forward },
    ...options,
  });
  const dialogs: DialogAnswers = { folders: [], files: [], saves: [], drops: [] };
  // Someone has said who they are, unless the test is about the first start: its "Who is working?" dialog is modal.
  if (!firstRun) await store.call('profile.set', { name: 'Tess Tester', role: 'writer' });
  const handlers = withTestShell(store, dialogs);
  const { url, server } = await serve(RENDERER_DIR, store);
  await bindCopydesk(page, handlers, url);
  await page.goto(url);
  const harness: Harness = {
    page,
    store,
    allowErrors: (pattern) => allowed.push(pattern),
    dialogs,
    emit: (event) =>
      page.evaluate((e) => (window as unknown as { __copydeskEmit: (e: unknown) => void }).__copydeskEmit(e), event),
    screenshot: async (name) => {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
    },
  };
  const finish = async (): Promise<void> => {
    const slug = testInfo.titlePath
      .slice(1)
      .join(' ')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    await harness.screenshot(`final-${slug}${name}`).catch(() => undefined);
    const unexpected = pageErrors.filter((e) => !allowed.some((p) => p.test(e)));
    // The page goes first: its last flush must not reach a closed store.
    await page.close();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    await store.close();
    if (unexpected.length > 0 && testInfo.status === testInfo.expectedStatus) {
      throw new Error(`The renderer reported errors:\n${unexpected.join('\n')}`);
    }
    if (unexpected.length > 0) console.error(`Renderer errors:\n${unexpected.join('\n')}`);
  };
  return { harness, finish };
}

export const test = base.extend<{ app: Harness; machine: OpenMachine; chromiumHere: void; firstRun: boolean }>({
  /** `test.use({ firstRun: true })`: the app starts as on a new computer, nobody having said who is working. */
  firstRun: [false, { option: true }],
  // Runs before the page's browser is launched, so a machine without Chromium skips instead of failing to launch it.
  chromiumHere: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern, and this one has none.
    async ({}, use) => {
      await needOrSkip(CHROMIUM);
      await use();
    },
    { auto: true },
  ],
  app: async ({ page, firstRun }, use, testInfo) => {
    const { harness, finish } = await startHarness(page, testInfo, '', {}, firstRun);
    await use(harness);
    await finish();
  },
  machine: async ({ browser, firstRun }, use, testInfo) => {
    const opened: Array<{ finish: () => Promise<void>; context: BrowserContext }> = [];
    await use(async (options) => {
      const context = await browser.newContext();
      const { harness, finish } = await startHarness(
        await context.newPage(),
        testInfo,
        `-machine-${opened.length + 1}`,
        options,
        firstRun,
      );
      opened.push({ finish, context });
      return harness;
    });
    for (const { finish, context } of opened) {
      await finish();
      await context.close();
    }
  },
});

export { expect } from '@playwright/test';
