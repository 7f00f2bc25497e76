/// <reference lib="dom" />
import { chromium, type Browser, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { cpus, loadavg } from 'node:os';
import * as Y from 'yjs';
import playwrightConfig from '../../playwright.config';
import type { AppEvent } from '../../src/common/api';
import { DESK_INDEX_DOCUMENT, DESK_INDEX_MAP } from '../../src/common/desk/protocol';
import { DESK_API_PATHS } from '../../src/common/desk/workflow';
import { DRAFT_STATUSES } from '../../src/common/domain';
import { MemorySecretStore } from '../../src/main/publish/secrets';
import { type DeskServer, startDeskServer } from '../../src/server/deskServer';
import { SqliteDocumentStore } from '../../src/server/sqliteStore';
import { bindCopydesk, serve } from '../support/browserApp';
import { api } from '../support/desk';
import { check, CHROMIUM, Missing, skipsAllowed } from '../support/outside';
import { openTestStore, tempDir, withTestShell, type TestStore } from '../support/store';
import { builtRenderer } from './editorPages';
import {
  median,
  ms,
  positiveIntFromEnv,
  timed,
  times,
  type BenchContext,
  type BenchResult,
  type BenchRow,
} from './stats';

/**
 * The Team desk's first paint (issue #14, docs/TESTING.md "Benchmarks"): the
 * built renderer in headless Chromium (the launch options of
 * playwright.config.ts), bound to a real app store as the e2e harness binds
 * it, that store joined as an editor to a real desk server (SQLite, in this
 * process) holding 5,000 shared pieces: their index entries, and states spread
 * over the five statuses with assignees, editors, deadlines and slots. The
 * board comes to the window as the app's does: `desk.boardView`
 * (src/main/desk/follow.ts), the columns drawn from the board the app keeps in
 * its SQLite, with the desk (GET /desk/pieces, /desk/notifications) heard
 * behind it; only each column's first page crosses to the window.
 *
 * Measured in the page, from the click on Desk (the nav's button; the Team
 * desk is the mode the Desk opens on once joined) to the first card painted:
 * a MutationObserver sees the first `.cd-team-card`, then rAF + MessageChannel
 * (after that frame's style, layout and paint), as the library's first paint
 * in editor.bench.ts.
 *
 *  1. Opened: a fresh document (the app just loaded), Desk clicked as soon as
 *     the nav is there; the first cards wait for the desk.boardView that
 *     TeamDeskSync asks once the app learns it has joined a desk.
 *  2. Again: in the same document, once everything settled, Write then Desk:
 *     the board the app already heard is drawn (and read again behind it).
 *
 * Baseline: the same two measures over a desk of BASELINE_PIECES pieces.
 *
 *   BENCH_BOARD_PIECES  pieces on the desk (default 5000)
 *   BENCH_BOARD_RUNS    measured runs of each (default 5, after one warm-up)
 */

const TARGET_MS = 300;
const BASELINE_PIECES = 20;
const VIEWPORT = playwrightConfig.use?.viewport ?? { width: 1280, height: 800 };
const LAUNCH_ARGS = playwrightConfig.use?.launchOptions?.args ?? [];
const WRITERS = ['Ada', 'Bea', 'Cal', 'Dee', 'Eve', 'Fay', 'Gus', 'Hal'];
const EDITORS = ['Ed', 'Em', 'Ez'];
const SECTIONS = ['City', 'Politics', 'Business', 'Sport', 'Culture', 'World'];

interface Desk {
  server: DeskServer;
  store: SqliteDocumentStore;
  editor: string;
  close(): Promise<void>;
}

/** A desk server holding `count` shared pieces, as a newsroom's would after weeks of work. */
async function seededDesk(count: number): Promise<Desk> {
  const { dir, cleanup } = tempDir('copydesk-bench-board-desk-');
  const store = await SqliteDocumentStore.open(dir);
  const editor = await store.addUser('Ed', 'editor');
  for (const name of WRITERS) await store.addUser(name, 'writer');
  const index = new Y.Doc();
  const entries = index.getMap(DESK_INDEX_MAP);
  const day = 24 * 60 * 60_000;
  const start = Date.now();
  index.transact(() => {
    for (let i = 0; i < count; i++) {
      const updatedAt = new Date(start - (i % 500) * 60_000).toISOString();
      entries.set(`piece-${randomUUID()}`, {
        headline: `${SECTIONS[i % SECTIONS.length]} story ${i + 1}: the council, the budget and the vote`,
        sharedBy: WRITERS[i % WRITERS.length],
        updatedAt,
      });
    }
  });
  await store.storeDocument(DESK_INDEX_DOCUMENT, Y.encodeStateAsUpdate(index));
  let i = 0;
  for (const document of entries.keys()) {
    const n = i++;
    const status = DRAFT_STATUSES[n % DRAFT_STATUSES.length]!;
    // Most pieces assigned, about half with a deadline (some past), a third with a slot.
    await store.withPieceLocked(document, (tx, state) =>
      tx.saveState({
        ...state,
        status,
        assignee: n % 5 === 4 ? null : WRITERS[n % WRITERS.length]!,
        editor: n % 3 === 2 ? null : EDITORS[n % EDITORS.length]!,
        deadline: n % 2 === 0 ? new Date(start + ((n % 14) - 3) * day).toISOString() : null,
        slotSection: n % 3 === 0 ? SECTIONS[n % SECTIONS.length]! : null,
        slotDate: n % 3 === 0 ? new Date(start + (n % 7) * day).toISOString().slice(0, 10) : null,
        postUrl: status === 'published' ? `https://news.example.org/${n}` : null,
        updatedBy: EDITORS[n % EDITORS.length]!,
        updatedAt: new Date(start - n * 60_000).toISOString(),
      }),
    );
  }
  const server = await startDeskServer({ store, port: 0, storeDebounceMs: 50 });
  return {
    server,
    store,
    editor,
    async close() {
      await server.stop();
      await store.close();
      cleanup();
    },
  };
}

interface BoardApp {
  page: Page;
  url: string;
  store: TestStore;
  close(): Promise<void>;
}

/** The editor's app joined to `desk`, its renderer open in Chromium with the real services bound, events forwarded as the shell's. */
async function boardApp(browser: Browser, rendererDir: string, desk: Desk): Promise<BoardApp> {
  let page: Page | null = null;
  const forward = (event: AppEvent): void =>
    void page
      ?.evaluate((e) => (window as unknown as { __copydeskEmit?: (e: unknown) => void }).__copydeskEmit?.(e), event)
      .catch(() => undefined);
  const { dir, cleanup } = tempDir('copydesk-bench-board-app-');
  const store = await openTestStore({
    dir,
    now: Date.now,
    dailyBackup: false,
    onEvent: forward,
    publish: { secrets: new MemorySecretStore(), onEvent: forward },
    deskLive: { reconnectDelayMs: 100, timeoutMs: 60_000 },
  });
  await store.call('profile.set', { name: 'Ed', role: 'editor' });
  await store.call('desk.join', { url: desk.server.url, token: desk.editor });
  const deadline = Date.now() + 60_000;
  while ((await store.call('desk.status', {})).live.state !== 'online') {
    if (Date.now() > deadline) throw new Error('the app did not come online on the desk within 60 s');
    await new Promise((done) => setTimeout(done, 100));
  }
  const context = await browser.newContext({ viewport: VIEWPORT });
  page = await context.newPage();
  const { url, server } = await serve(rendererDir, store);
  await bindCopydesk(page, withTestShell(store), url);
  const opened = page;
  return {
    page: opened,
    url,
    store,
    async close() {
      await opened.goto('about:blank');
      await settleMain(store);
      await context.close();
      closeServer(server);
      await store.close();
      cleanup();
    },
  };
}

/** Lets a read the window asked for finish before the store closes under it. */
async function settleMain(store: TestStore): Promise<void> {
  await store.call('desk.board', {}).catch(() => undefined);
}

function closeServer(server: Server): void {
  server.closeAllConnections();
  server.close();
}

/** In the page: clicks the nav's button `view` (once it is there) and answers [click, first card painted] in ms since navigation start. */
function clickAndPaint(view: string): Promise<[number, number]> {
  const button = (): HTMLButtonElement | undefined =>
    [...document.querySelectorAll<HTMLButtonElement>('nav[aria-label="Views"] button')].find(
      (b) => b.textContent?.trim() === view,
    );
  const card = (): boolean => document.querySelector('.cd-team-card') !== null;
  const afterPaint = (): Promise<number> =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      }),
    );
  const when = (found: () => boolean): Promise<void> =>
    new Promise((resolve) => {
      if (found()) return resolve();
      const observer = new MutationObserver(() => {
        if (!found()) return;
        observer.disconnect();
        resolve();
      });
      observer.observe(document, { childList: true, subtree: true });
    });
  return when(() => button() !== undefined).then(() => {
    const clicked = performance.now();
    button()!.click();
    return when(card)
      .then(afterPaint)
      .then((painted) => [clicked, painted]);
  });
}

/** Waits until the app's reads of the desk are done: a read of the board queues behind those already asked for. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await (window as unknown as { copydesk: { desk: { board(input: object): Promise<unknown> } } }).copydesk.desk.board(
      {},
    );
  });
  await page.waitForTimeout(300);
}

interface Runs {
  opened: number[];
  /** Navigation start → first card, for the opened runs. */
  openedFromLoad: number[];
  again: number[];
  cards: number;
}

async function measure(app: BoardApp, runs: number): Promise<Runs> {
  const result: Runs = { opened: [], openedFromLoad: [], again: [], cards: 0 };
  for (let i = 0; i <= runs; i++) {
    await app.page.goto('about:blank');
    await app.page.goto(app.url, { waitUntil: 'commit' });
    const [clicked, painted] = await app.page.evaluate(clickAndPaint, 'Desk');
    await settle(app.page);
    await app.page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: 'Write', exact: true })
      .click();
    await app.page.locator('.cd-team-card').first().waitFor({ state: 'detached' });
    await app.page.waitForTimeout(200);
    const [again, againPainted] = await app.page.evaluate(clickAndPaint, 'Desk');
    result.cards = await app.page.locator('.cd-team-card').count();
    await settle(app.page);
    // The first run of each is a warm-up (the page's code, the app's and the desk's SQLite caches).
    if (i === 0) continue;
    result.opened.push(painted - clicked);
    result.openedFromLoad.push(painted);
    result.again.push(againPainted - again);
  }
  return result;
}

export default async function run(ctx: BenchContext): Promise<BenchResult> {
  const loadStart = loadavg()[0]!;
  const pieces = positiveIntFromEnv(ctx.env.BENCH_BOARD_PIECES, 5000);
  const runs = positiveIntFromEnv(ctx.env.BENCH_BOARD_RUNS, 5);
  const n = pieces.toLocaleString('en');
  const names = {
    opened: `Team desk first paint, ${n} pieces, Desk chosen in a just-opened app, median of ${runs} (vs ${BASELINE_PIECES})`,
    again: `Team desk first paint, ${n} pieces, Desk chosen again (board heard), median of ${runs} (vs ${BASELINE_PIECES})`,
  };
  const target = `< ${TARGET_MS} ms`;
  const executablePath = await check(CHROMIUM);
  if (executablePath instanceof Missing) {
    return {
      rows: Object.values(names).map((name) => ({
        name,
        measured: 'not measured: no Chromium here',
        baseline: '—',
        ratio: '—',
        target,
        pass: skipsAllowed(CHROMIUM.id) ? null : false,
      })),
      notes: [`team board: not measured, ${executablePath.reason}. To measure it: ${CHROMIUM.enable}.`],
    };
  }
  const rendererDir = builtRenderer(ctx.root, ctx.log);
  const browser = await chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS });
  const opened: Array<{ close(): Promise<void> }> = [];
  try {
    const measured: Runs[] = [];
    const reads: string[] = [];
    for (const count of [pieces, BASELINE_PIECES]) {
      ctx.log(`team board: a desk of ${count.toLocaleString('en')} pieces …`);
      const seeding = performance.now();
      const desk = await seededDesk(count);
      opened.push(desk);
      ctx.log(`team board: seeded in ${ms(performance.now() - seeding)}; the editor's app joins and opens the board`);
      const app = await boardApp(browser, rendererDir, desk);
      opened.push(app);
      measured.push(await measure(app, runs));
      // Where the first read's time goes, with the page gone: the desk's answer alone, then the app's whole desk.board.
      await app.page.goto('about:blank');
      const pieces = await timed(() => api(desk.server, 'GET', DESK_API_PATHS.pieces, desk.editor));
      const board = await timed(() => app.store.call('desk.board', {}));
      reads.push(
        `${count.toLocaleString('en')} pieces: GET ${DESK_API_PATHS.pieces} ${ms(pieces.ms)}, desk.board ${ms(board.ms)} (${board.value.pieces.length} pieces)`,
      );
      // Closed before the next desk is measured: a board left open reads its desk again every 10 s.
      for (const o of opened.splice(0).reverse()) await o.close();
    }
    const [full, small] = measured as [Runs, Runs];
    const row = (name: string, xs: number[], base: number[]): BenchRow => ({
      name,
      measured: ms(median(xs)),
      baseline: ms(median(base)),
      ratio: times(median(xs) / median(base)),
      target,
      pass: median(xs) < TARGET_MS,
    });
    const list = (xs: number[]) => xs.map(ms).join(', ');
    return {
      rows: [row(names.opened, full.opened, small.opened), row(names.again, full.again, small.again)],
      notes: [
        `team board: the built renderer in headless Chromium bound to an app store joined as an editor to a desk server (SQLite, in this process) holding ${n} pieces ` +
          `(index entries, states over the five statuses, assignments, deadlines, slots); the board read through desk.board and desk.notifications, which hear GET /desk/pieces and /desk/notifications. ` +
          `Click on Desk → the first .cd-team-card painted (MutationObserver, then rAF + MessageChannel); ${full.cards} cards drawn once settled (40 per column; 8 in the first frame). One warm-up, then ${runs} runs.`,
        `  just opened (${n}): ${list(full.opened)}; navigation start → first card: ${list(full.openedFromLoad)}; with ${BASELINE_PIECES} pieces: ${list(small.opened)} (from navigation ${list(small.openedFromLoad)}).`,
        `  again, board heard (${n}): ${list(full.again)}; with ${BASELINE_PIECES} pieces: ${list(small.again)}.`,
        `  one read alone, after the runs (the app's desk.board hears the desk and keeps every piece in its SQLite; the window asks desk.board and desk.notifications, each of which hears the desk): ${reads.join('; ')}.`,
        `  machine load average (1 min) at the start ${loadStart.toFixed(1)}, at the end ${loadavg()[0]!.toFixed(1)} (${cpus().length} cores, shared).`,
      ],
    };
  } finally {
    for (const o of opened.reverse()) await o.close().catch(() => undefined);
    await browser.close();
  }
}
