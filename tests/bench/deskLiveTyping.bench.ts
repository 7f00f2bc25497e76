/// <reference lib="dom" />
import { chromium, type Page } from '@playwright/test';
import * as Y from 'yjs';
import playwrightConfig from '../../playwright.config';
import type { AppEvent } from '../../src/common/api';
import { plainText } from '../../src/common/lexical/document';
import { colorOf } from '../../src/main/desk/presence';
import { MemorySecretStore } from '../../src/main/publish/secrets';
import { type DeskServer, startDeskServer } from '../../src/server/deskServer';
import { SqliteDocumentStore } from '../../src/server/sqliteStore';
import { bindCopydesk, serve } from '../support/browserApp';
import { connectClient, until, type TestClient } from '../support/desk';
import { check, CHROMIUM, Missing, skipsAllowed } from '../support/outside';
import { openTestStore, tempDir, withTestShell, type TestStore } from '../support/store';
import {
  articleDocument,
  baselinePage,
  newPage,
  placeCaret,
  typeKeys,
  type KeySample,
  type OpenPage,
} from './editor.bench';
import { buildBaselinePages, builtRenderer } from './editorPages';
import { median, ms, percentile, positiveIntFromEnv, times, type BenchContext, type BenchResult } from './stats';

/**
 * Typing in a shared piece while two colleagues type in it (issue 13,
 * docs/TESTING.md "Benchmarks"): the writer's app, joined to a desk server
 * in this process (SQLite), has the 10,000-word article of the editor
 * bench open live (the IPC provider and Lexical's CollaborationPlugin), and
 * two others connected to the desk type five keys a second each into the
 * paragraphs two above and two below the writer's, their carets shown on
 * the writer's screen. The writer's keystrokes are measured key → paint
 * exactly as editor.bench.ts measures them (its instrument, caret
 * placement and key pacing), against the bare Lexical page on the same text
 * in the same run, in alternating rounds, after a warm-up of each.
 *
 *   BENCH_KEYS   measured keystrokes per editor (default 200)
 *
 * The others are Node clients of the desk (Hocuspocus providers, as the
 * app's main process is one): each keystroke is an insert into a
 * paragraph's Y.XmlText, which is the update Lexical's binding makes for a
 * typed character, and an awareness update with its caret.
 */

const WARMUP_KEYS = 30;
const ROUNDS = 8;
const OTHERS_KEY_MS = 200;
const LAUNCH_ARGS = playwrightConfig.use?.launchOptions?.args ?? [];

/** A colleague typing into one paragraph of the piece's body, caret and all. */
function typeAlong(client: TestClient, name: string, paragraph: number): { stop(): void; keys(): number } {
  const blocks = (client.doc.get('root', Y.XmlText).toDelta() as Array<{ insert: unknown }>)
    .map((op) => op.insert)
    .filter((insert): insert is Y.XmlText => insert instanceof Y.XmlText);
  const target = blocks[paragraph];
  if (!target) throw new Error(`the shared piece has no paragraph ${paragraph}`);
  let typed = 0;
  const text = 'the desk reads every line twice ';
  const timer = setInterval(() => {
    // Index 0 is the text node's properties (an embed); the characters follow it.
    target.insert(1 + typed, text[typed % text.length]!);
    typed += 1;
    const at = Y.createRelativePositionFromTypeIndex(target, 1 + typed);
    client.provider.awareness?.setLocalState({
      name,
      color: colorOf(name),
      focusing: true,
      anchorPos: at,
      focusPos: at,
      awarenessData: {},
    });
  }, OTHERS_KEY_MS);
  return { stop: () => clearInterval(timer), keys: () => typed };
}

export default async function run(ctx: BenchContext): Promise<BenchResult> {
  const rowName = 'typing p95 in a shared piece with two others typing vs bare Lexical';
  const executablePath = await check(CHROMIUM);
  if (executablePath instanceof Missing) {
    return {
      rows: [
        {
          name: rowName,
          measured: 'not measured: no Chromium here',
          baseline: '—',
          ratio: '—',
          target: '≤ 1.3×',
          pass: skipsAllowed(CHROMIUM.id) ? null : false,
        },
      ],
      notes: [`live typing: not measured, ${executablePath.reason}. To measure it: ${CHROMIUM.enable}.`],
    };
  }
  const measuredKeys = positiveIntFromEnv(ctx.env.BENCH_KEYS, 200);
  const perRound = Math.ceil(measuredKeys / ROUNDS);
  const rendererDir = builtRenderer(ctx.root, ctx.log);
  const pagesDir = await buildBaselinePages(ctx.root, `${ctx.cacheDir}/editor-pages`);
  const article = articleDocument(10_000);
  const lastText = plainText({ root: { type: 'root', children: [article.doc.root.children.at(-1)!] } });

  const serverDir = tempDir('copydesk-bench-live-desk-');
  const serverStore = await SqliteDocumentStore.open(serverDir.dir);
  const wendy = await serverStore.addUser('Wendy', 'writer');
  const others = [
    { name: 'Ed', token: await serverStore.addUser('Ed', 'editor') },
    { name: 'Em', token: await serverStore.addUser('Em', 'editor') },
  ];
  const server: DeskServer = await startDeskServer({ store: serverStore, port: 0, storeDebounceMs: 50 });
  const appDir = tempDir('copydesk-bench-live-app-');
  let page: Page | null = null;
  const forward = (event: AppEvent): void =>
    void page
      ?.evaluate((e) => (window as unknown as { __copydeskEmit?: (e: unknown) => void }).__copydeskEmit?.(e), event)
      .catch(() => undefined);
  const store: TestStore = await openTestStore({
    dir: appDir.dir,
    now: Date.now,
    dailyBackup: false,
    onEvent: forward,
    publish: { secrets: new MemorySecretStore(), onEvent: forward },
    deskLive: { reconnectDelayMs: 100, timeoutMs: 60_000 },
  });
  const browser = await chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS });
  const clients: TestClient[] = [];
  const typists: Array<ReturnType<typeof typeAlong>> = [];
  const pages: OpenPage[] = [];
  try {
    await store.call('profile.set', { name: 'Wendy', role: 'writer' });
    await store.call('desk.join', { url: server.url, token: wendy });
    await until(
      'the app online on the desk',
      async () => (await store.call('desk.status', {})).live.state === 'online',
    );
    const draft = await store.call('drafts.create', { headline: 'A 10,000-word feature, shared', body: article.doc });
    const { document: pieceName } = await store.call('desk.share', { draftId: draft.id });
    await store.desk.live!.inStep();

    // The writer's window: the app's renderer, events from main forwarded as the shell's, the piece opened live.
    const opened = await newPage(browser);
    page = opened.page;
    const { url, server: pageServer } = await serve(rendererDir, store);
    await bindCopydesk(opened.page, withTestShell(store), url);
    pages.push({
      page: opened.page,
      url,
      errors: opened.errors,
      close: async () => {
        await opened.context.close();
        pageServer.closeAllConnections();
        await new Promise<void>((done) => pageServer.close(() => done()));
      },
    });
    await opened.page.goto(url);
    await opened.page.locator(`.cd-row[data-id="${draft.id}"]`).click();
    await opened.page.waitForFunction(
      (last) => document.querySelector('.cd-measure.is-live .cd-body')?.lastElementChild?.textContent === last,
      lastText,
      { timeout: 120_000 },
    );
    const bodyWidth = await opened.page.evaluate(
      () => document.querySelector('.cd-body')!.getBoundingClientRect().width,
    );
    ctx.log('live typing: the article is open live in the writer’s window');

    const lexical = await baselinePage(browser, pagesDir, store, 'lexical', bodyWidth);
    pages.push(lexical);
    await lexical.page.evaluate(
      (json) => (window as unknown as { __benchEditor: { load(c: string): void } }).__benchEditor.load(json),
      JSON.stringify(article.doc),
    );

    const editors = [
      { name: 'Copydesk, shared, two typing', page: opened.page, selector: '.cd-body', typed: 0, paragraph: -1 },
      { name: 'bare Lexical', page: lexical.page, selector: '.editor', typed: 0, paragraph: -1 },
    ].map((e) => ({ ...e, samples: [] as KeySample[] }));
    for (const e of editors) {
      await e.page.bringToFront();
      e.paragraph = await placeCaret(e.page, e.selector);
    }

    // The colleagues join the piece and type around the writer's paragraph.
    const middle = editors[0]!.paragraph;
    for (const [i, other] of others.entries()) {
      const client = connectClient(server.url, pieceName, other.token);
      clients.push(client);
      await until(`${other.name} synced`, () => client.provider.isSynced);
      typists.push(typeAlong(client, other.name, middle + (i === 0 ? -2 : 2)));
    }
    await opened.page.locator('.cd-live-carets').getByText('Em', { exact: true }).waitFor({ timeout: 60_000 });

    for (const e of editors) {
      await e.page.bringToFront();
      await typeKeys(e.page, e.typed, WARMUP_KEYS);
      e.typed += WARMUP_KEYS;
    }
    // The writer's window's long tasks while measured, for the notes (what a slow keystroke waited behind).
    await opened.page.evaluate(() => {
      const w = window as unknown as { __liveLong: number[] };
      w.__liveLong = [];
      new PerformanceObserver((list) => w.__liveLong.push(...list.getEntries().map((e) => e.duration))).observe({
        type: 'longtask',
      });
    });
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < editors.length; k++) {
        const e = editors[(round + k) % editors.length]!;
        await e.page.bringToFront();
        const n = Math.min(perRound, measuredKeys - round * perRound);
        e.samples.push(...(await typeKeys(e.page, e.typed, n)));
        e.typed += n;
      }
      ctx.log(`live typing: round ${round + 1}/${ROUNDS} done`);
    }
    const othersKeys = typists.reduce((sum, t) => sum + t.keys(), 0);
    const longTasks = await opened.page.evaluate(() => (window as unknown as { __liveLong: number[] }).__liveLong);
    for (const t of typists) t.stop();
    // Every colleague's keystroke reached the writer's screen, and the writer's text is where it was typed.
    const othersShown = await opened.page.evaluate(
      (index) =>
        Array.from(document.querySelector('.cd-body')!.children)
          .filter((x) => x.tagName === 'P')
          .slice(index - 2, index + 3)
          .map((p) => p.textContent ?? '')
          .join('\n'),
      middle,
    );
    if (!othersShown.includes('the desk reads every line'))
      throw new Error('the colleagues’ typing did not reach the writer’s screen');
    const paint = (samples: KeySample[]) => samples.map((s) => s.paint);
    const [live, bare] = [paint(editors[0]!.samples), paint(editors[1]!.samples)];
    const [live95, bare95] = [percentile(live, 95), percentile(bare, 95)];
    const errors = [...pages.flatMap((p) => p.errors)];
    return {
      rows: [
        {
          name: rowName,
          measured: ms(live95),
          baseline: ms(bare95),
          ratio: times(live95 / bare95),
          target: '≤ 1.3×',
          pass: live95 / bare95 <= 1.3,
        },
        {
          name: 'typing p50 in a shared piece with two others typing vs bare Lexical',
          measured: ms(median(live)),
          baseline: ms(median(bare)),
          ratio: times(median(live) / median(bare)),
          target: '—',
          pass: null,
        },
      ],
      notes: [
        `live typing: ${live.length} keystrokes measured in each editor (${WARMUP_KEYS} of warm-up), 10,000 words; ` +
          `the two others typed ${othersKeys} keys meanwhile (${1000 / OTHERS_KEY_MS}/s each), in the paragraphs two above and below.`,
        `live typing: the writer's window had ${longTasks.length} long tasks while measured, the longest ${ms(Math.max(0, ...longTasks))}; ` +
          `its keystrokes p50 ${ms(median(live))}, max ${ms(Math.max(...live))}; bare Lexical max ${ms(Math.max(...bare))}.`,
        ...(errors.length > 0 ? [`live typing: the pages reported errors: ${errors.slice(0, 3).join(' | ')}`] : []),
      ],
    };
  } finally {
    for (const t of typists) t.stop();
    for (const client of clients) client.destroy();
    for (const p of pages) await p.close();
    await browser.close();
    await store.close();
    await server.stop();
    await serverStore.close();
    appDir.cleanup();
    serverDir.cleanup();
  }
}
