import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { applyPieceToDoc, type ImageWords, type SharedPiece } from '../../src/common/collab/pieceDoc';
import { DESK_INDEX_DOCUMENT, DESK_INDEX_MAP } from '../../src/common/desk/protocol';
import { DESK_API_PATHS, isDeskChanged, type DeskAnswer, type DeskPublishJob } from '../../src/common/desk/workflow';
import type { Draft } from '../../src/common/domain';
import { imageIdsOf } from '../../src/common/nodes/figure/figureJson';
import { imagePath } from '../../src/main/services/images';
import type { FetchLike } from '../../src/publishing/http';
import { startDeskServer } from '../../src/server/deskServer';
import { sealSecret } from '../../src/server/secretBox';
import { SqliteDocumentStore } from '../../src/server/sqliteStore';
import { WORDPRESS, wpAuth, type WordPressServer } from '../support/cms';
import { api } from '../support/desk';
import { createFixtureDraft } from '../support/fixtures';
import { check, Missing, skipsAllowed } from '../support/outside';
import { openTestStore, tempDir } from '../support/store';
import { median, ms, positiveIntFromEnv, timed, times, type BenchContext, type BenchResult } from './stats';
import { appPublishRun, madeOnCms } from './cmsMade';

/**
 * Publishing from the desk (issue #14, docs/TESTING.md "Benchmarks"): the
 * `energy-truce-analysis` fixture (two images) published live to the local
 * WordPress by the desk's server, against the same piece published by the
 * app's own outbox, in the same run, to the same WordPress.
 *
 * The desk: each run is a fresh desk (a SQLite store in a temp folder, the
 * server started in this process with a key, the WordPress target sealed with
 * it, an editor and a writer), holding the piece as a writer's app shares it:
 * its document (the app's draft through applyPieceToDoc), its index entry and
 * both images' bytes; the writer submits it and the editor approves it over
 * HTTP. Timed: from the editor's POST /desk/publish to the moment the client
 * sees the job done, observed as the app observes it: the server's
 * `desk-changed` message on the desk index's websocket, then GET
 * /desk/publish?document= (no polling on the client). The server's
 * `publishPollMs` only finds scheduled jobs that came due: an order kicks the
 * outbox at once, so the interval adds nothing to this path (it is set short
 * all the same, PUBLISH_POLL_MS).
 *
 * The app (baseline): each run a fresh store with the fixture loaded through
 * the store (images imported) and the target added, as tests/bench/publish.bench.ts
 * does; only `outbox.publish(draftId, target, 'publish')` is timed.
 *
 * Every run on either side creates a fresh post and uploads both images
 * (fresh stores on both sides, a fresh document and draft id, so nothing is
 * reused and nothing is updated in place). Runs alternate (which goes first
 * swaps each round) after one warm-up of each; the posts and media made are
 * deleted at the end.
 *
 *   BENCH_TEAM_PUBLISH_RUNS  measured runs of each side (default 7)
 */

const FIXTURE = 'energy-truce-analysis';
const TARGET_RATIO = 1.2;
const TARGET = 'Bench WP';
/** The desk outbox's interval for due jobs (its default is 5 s). */
const PUBLISH_POLL_MS = 100;
const rowName = (runs: number) =>
  `publish ${FIXTURE} (2 images) to WordPress through the desk, median of ${runs} (vs from the app)`;

interface RunResult {
  ms: number;
  postId: string;
  mediaIds: string[];
  /** Desk runs: the server's own order → done (the job's createdAt → updatedAt). */
  serverMs?: number;
}

/** Method and path of each request to the CMS, and the time spent waiting for the answers' headers. */
interface Listing {
  requests: string[];
  httpMs: number;
  /** The size of the post's JSON as sent (the same piece on both sides: only ids, addresses, slug and marker differ). */
  postBytes?: number;
}

/** Node's own fetch, kept before a desk run puts its noting fetch in its place. */
const nodeFetch = globalThis.fetch;

/** Node's fetch, noting the requests that go to the CMS (the desk's own API calls pass through unnoted). */
function listingFetch(cms: string, into: Listing): FetchLike {
  return async (url, init) => {
    if (!url.startsWith(cms)) return nodeFetch(url, init);
    const request = `${init.method ?? 'GET'} ${url.replace(cms, '').replace(/\?.*/, '')}`;
    into.requests.push(request);
    if (request === 'POST /wp-json/wp/v2/posts' && typeof init.body === 'string') into.postBytes = init.body.length;
    const started = performance.now();
    try {
      return await nodeFetch(url, init);
    } finally {
      into.httpMs += performance.now() - started;
    }
  };
}

/** The piece as the writer's app would share it: the draft's content, its images' words, and their bytes. */
async function sharedFixture(): Promise<{ piece: SharedPiece; images: Map<string, Uint8Array>; draft: Draft }> {
  const { dir, cleanup } = tempDir('copydesk-bench-team-piece-');
  const store = await openTestStore({ dir, now: Date.now, dailyBackup: false });
  try {
    const draft = await createFixtureDraft(store.handlers, FIXTURE);
    const words: Record<string, ImageWords> = {};
    const images = new Map<string, Uint8Array>();
    for (const id of imageIdsOf(draft.body, draft.topImage)) {
      const record = await store.handlers['images.get']({ id });
      const { alt, caption, credit, license } = record;
      words[id] = { alt, caption, credit, license };
      images.set(id, readFileSync(imagePath(store.ctx.dataDir, id, record.mime)));
    }
    const { headline, dek, body, byline, section, slug, tags, topImage, sources, datePublished, dateModified } = draft;
    const fields = { headline, dek, body, byline, section, slug, tags, topImage, sources, datePublished, dateModified };
    const piece = { ...fields, images: words, notes: [] };
    return { piece, images, draft };
  } finally {
    await store.close();
    cleanup();
  }
}

/** One publish by the app's outbox, from a fresh store; only the publish itself is timed. */
function appRun(wp: WordPressServer, slug: string, listing: Listing): Promise<RunResult> {
  return appPublishRun({
    folderPrefix: 'copydesk-bench-team-app-',
    fixture: FIXTURE,
    target: { name: TARGET, kind: 'wordpress', url: wp.url, user: wp.user },
    secret: wp.appPassword,
    fetch: listingFetch(wp.url, listing),
    slug,
    who: "the app's publish",
  });
}

/** The desk index's websocket, as the app holds it: resolves `changed` waiters on each desk-changed message. */
function deskListener(url: string, token: string): { ready: Promise<void>; next(): Promise<void>; close(): void } {
  const waiters: Array<() => void> = [];
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  let synced: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (synced = resolve));
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: DESK_INDEX_DOCUMENT,
    document: new Y.Doc(),
    token,
    onSynced: () => synced(),
    onStateless: ({ payload }) => {
      if (isDeskChanged(payload)) waiters.splice(0).forEach((wake) => wake());
    },
  });
  provider.attach();
  return {
    ready,
    next: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close: () => {
      provider.destroy();
      socket.destroy();
    },
  };
}

/** One publish by the desk, on a fresh desk holding the approved piece; timed from the order to the client seeing it done. */
async function deskRun(
  wp: WordPressServer,
  shared: { piece: SharedPiece; images: Map<string, Uint8Array> },
  slug: string,
  listing: Listing,
): Promise<RunResult> {
  const { dir, cleanup } = tempDir('copydesk-bench-team-desk-');
  const key = randomBytes(32);
  const store = await SqliteDocumentStore.open(dir);
  const writer = await store.addUser('Ada', 'writer');
  const editor = await store.addUser('Ed', 'editor');
  await store.publishing.saveTarget(
    { name: TARGET, kind: 'wordpress', url: wp.url, user: wp.user, options: {} },
    sealSecret(key, wp.appPassword),
  );
  const document = `piece-${randomUUID()}`;
  const doc = new Y.Doc();
  applyPieceToDoc(doc, { ...shared.piece, slug }, 'bench');
  await store.storeDocument(document, Y.encodeStateAsUpdate(doc));
  const index = new Y.Doc();
  index
    .getMap(DESK_INDEX_MAP)
    .set(document, { headline: shared.piece.headline, sharedBy: 'Ada', updatedAt: new Date().toISOString() });
  await store.storeDocument(DESK_INDEX_DOCUMENT, Y.encodeStateAsUpdate(index));
  for (const [id, bytes] of shared.images) await store.storeImage(id, bytes);
  const server = await startDeskServer({
    store,
    port: 0,
    storeDebounceMs: 50,
    secretKey: key,
    publishPollMs: PUBLISH_POLL_MS,
  });
  const listener = deskListener(server.url, editor);
  // The desk's outbox takes the global fetch when it runs a job: noted, as the app's is, for the CMS's requests alone.
  try {
    await listener.ready;
    const ask = async (token: string, action: 'submit' | 'approve', expected: 'draft' | 'in_review') => {
      const answer = await api<DeskAnswer>(server, 'POST', DESK_API_PATHS.requests, token, {
        id: randomUUID(),
        document,
        action,
        expected,
        override: action === 'approve',
        reason: action === 'approve' ? 'Benchmark: approved as it stands.' : '',
      });
      if (!answer.body.ok) throw new Error(`the desk refused ${action}: ${answer.body.message}`);
    };
    await ask(writer, 'submit', 'draft');
    await ask(editor, 'approve', 'in_review');

    const noting = listingFetch(wp.url, listing);
    globalThis.fetch = (url: string | URL | Request, init?: RequestInit) =>
      typeof url === 'string' ? noting(url, init ?? {}) : nodeFetch(url, init);
    const jobsPath = `${DESK_API_PATHS.publish}?document=${document}`;
    const t = await timed(async () => {
      const ordered = await api<{ job: DeskPublishJob; message?: string }>(
        server,
        'POST',
        DESK_API_PATHS.publish,
        editor,
        { document, target: TARGET, remoteStatus: 'publish' },
      );
      if (ordered.status !== 202) throw new Error(`the desk refused the order: ${ordered.body.message}`);
      for (;;) {
        const heard = listener.next();
        const [job] = (await api<{ jobs: DeskPublishJob[] }>(server, 'GET', jobsPath, editor)).body.jobs;
        if (job?.state === 'done') return job;
        if (job?.state === 'failed') throw new Error(`the desk's publish failed: ${job.lastError}`);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          heard,
          new Promise((_, fail) => (timer = setTimeout(() => fail(new Error('no desk-changed within 60 s')), 60_000))),
        ]).finally(() => clearTimeout(timer));
      }
    });
    globalThis.fetch = nodeFetch;
    const post = await store.publishing.sentPost(document, TARGET);
    const mediaIds: string[] = [];
    for (const id of shared.images.keys()) {
      const sent = await store.publishing.sentMedia(TARGET, id);
      if (sent) mediaIds.push(sent.remoteId);
    }
    return {
      ms: t.ms,
      postId: post?.remoteId ?? '',
      mediaIds,
      serverMs: Date.parse(t.value.updatedAt) - Date.parse(t.value.createdAt),
    };
  } finally {
    globalThis.fetch = nodeFetch;
    listener.close();
    await server.stop();
    await store.close();
    cleanup();
  }
}

export default async function run(ctx: BenchContext): Promise<BenchResult> {
  const runs = positiveIntFromEnv(ctx.env.BENCH_TEAM_PUBLISH_RUNS, 7);
  const name = rowName(runs);
  const target = `≤ ${TARGET_RATIO}×`;
  ctx.log('team publish: finding the local WordPress…');
  const found = await check<WordPressServer>(WORDPRESS);
  if (found instanceof Missing) {
    return {
      rows: [
        {
          name,
          measured: 'not measured: no WordPress here',
          baseline: '—',
          ratio: '—',
          target,
          pass: skipsAllowed(WORDPRESS.id) ? null : false,
        },
      ],
      notes: [`team publish: not measured, ${found.reason}. To measure it: ${WORDPRESS.enable}.`],
    };
  }
  const wp: WordPressServer = { ...found, url: found.url.replace(/\/+$/, '') };
  const shared = await sharedFixture();
  const id = randomBytes(3).toString('hex');
  const { slugOf, keep, cleanUp } = madeOnCms(FIXTURE, id);
  try {
    ctx.log(`team publish: WordPress at ${wp.url}: one warm-up of each side`);
    const appRequests: Listing = { requests: [], httpMs: 0 };
    const deskRequests: Listing = { requests: [], httpMs: 0 };
    keep(await appRun(wp, slugOf('apps', 0), appRequests));
    keep(await deskRun(wp, shared, slugOf('desk', 0), deskRequests));

    ctx.log(`team publish: ${runs} runs each, alternating`);
    const deskMs: number[] = [];
    const serverMs: number[] = [];
    const deskOwnMs: number[] = [];
    const appMs: number[] = [];
    const appOwnMs: number[] = [];
    const differing = { app: 0, desk: 0 };
    for (let i = 0; i < runs; i++) {
      const runDesk = async () => {
        const listing: Listing = { requests: [], httpMs: 0 };
        const r = keep(await deskRun(wp, shared, slugOf('desk', i + 1), listing));
        if (listing.requests.join('\n') !== deskRequests.requests.join('\n')) differing.desk++;
        deskMs.push(r.ms);
        serverMs.push(r.serverMs!);
        deskOwnMs.push(r.ms - listing.httpMs);
      };
      const runApp = async () => {
        const listing: Listing = { requests: [], httpMs: 0 };
        const r = keep(await appRun(wp, slugOf('apps', i + 1), listing));
        if (listing.requests.join('\n') !== appRequests.requests.join('\n')) differing.app++;
        appMs.push(r.ms);
        appOwnMs.push(r.ms - listing.httpMs);
      };
      if (i % 2 === 0) {
        await runDesk();
        await runApp();
      } else {
        await runApp();
        await runDesk();
      }
    }
    const d = median(deskMs);
    const a = median(appMs);
    const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    const extra = deskRequests.requests.filter((r) => !appRequests.requests.includes(r));
    return {
      rows: [{ name, measured: ms(d), baseline: ms(a), ratio: times(d / a), target, pass: d / a <= TARGET_RATIO }],
      notes: [
        `team publish: ${FIXTURE} (2 images) published live to WordPress (${wp.url}) from fresh stores on both sides each run, a new post and both images uploaded every time (nothing reused, nothing updated in place). ` +
          `Desk: timed from the editor's POST ${DESK_API_PATHS.publish} to the client seeing the job done (the desk-changed message on the index's websocket, then GET ${DESK_API_PATHS.publish}?document=; no client polling); ` +
          `the server runs in this process, publishPollMs ${PUBLISH_POLL_MS} (an order kicks the outbox at once, so the interval adds nothing here; left at its 5 s default it would still add nothing to an order, only to a scheduled job, up to 5 s). ` +
          `App: outbox.publish to done, as tests/bench/publish.bench.ts. Runs alternate after one warm-up of each.`,
        `  desk runs (ms): ${list(deskMs)}; of which the server's own order → done (job createdAt → updatedAt, ms-resolution ISO times): ${list(serverMs)}; app runs (ms): ${list(appMs)}.`,
        `  requests to WordPress per publish: desk ${deskRequests.requests.length} (${deskRequests.requests.join(', ')}); app ${appRequests.requests.length} (${appRequests.requests.join(', ')})` +
          `${extra.length ? `; the desk's extra: ${extra.join(', ')} (it looks for a post already made for the piece before its first create)` : ''}` +
          `${differing.desk + differing.app ? `; ${differing.desk} desk and ${differing.app} app timed runs sent other requests than their warm-up` : '; every timed run sent its side’s warm-up requests'}.`,
        `  the post's JSON as sent: desk ${deskRequests.postBytes ?? '?'} characters, app ${appRequests.postBytes ?? '?'} (the same piece; ids, media addresses, slug and marker differ).`,
        `  time outside waiting for WordPress's answers' headers: desk median ${ms(median(deskOwnMs))} (HTTP order, desk-changed, GET, the desk's SQLite, Y.Doc → snapshot, the decision and audit), app median ${ms(median(appOwnMs))}.`,
      ],
    };
  } finally {
    const cleaned = await cleanUp({ kind: 'wordpress', url: wp.url, headers: () => wpAuth(wp) }).catch(
      (err: unknown) => `clean-up failed: ${err instanceof Error ? err.message : String(err)}`,
    );
    ctx.log(`team publish: ${cleaned}`);
  }
}
