import { createHmac, randomBytes } from 'node:crypto';
import type { PublishTargetKind } from '../../src/common/publish';
import type { FetchLike } from '../../src/publishing/http';
import { GHOST, WORDPRESS, wpAuth, type GhostServer, type WordPressServer } from '../support/cms';
import { check, Missing, skipsAllowed } from '../support/outside';
import { median, ms, positiveIntFromEnv, times, type BenchContext, type BenchResult, type BenchRow } from './stats';
import { appPublishRun, madeOnCms } from './cmsMade';

/**
 * Publish benchmark (docs/TESTING.md, "Benchmarks"): the `energy-truce-analysis` fixture
 * (two images) published live to the local WordPress and Ghost, Copydesk's
 * wall time from the click to done against a bare `fetch` script that makes
 * the same HTTP requests, in the same run, against the same server.
 *
 * Copydesk: each run is a fresh store in a temp folder with the fixture
 * loaded through the store (images imported) and the target added; only
 * `outbox.publish(draftId, target, 'publish')` is timed, so both images are
 * uploaded on every run (nothing is reused from an earlier one).
 *
 * Baseline: the requests Copydesk made on one recorded run (method, URL,
 * headers, body: the same image bytes, the same term look-ups, the same post
 * JSON and HTML), replayed in order with the global `fetch`, reading every
 * answer. All a script must do besides is done too: the slug is made unique,
 * the ids and URLs the server gave this run's uploads are put in the post,
 * and a Ghost token is signed per request. The image bytes are already in
 * memory (Copydesk reads its two files from the library folder).
 *
 * Runs alternate (which goes first swaps each round) after warm-ups; the
 * posts and WordPress media made are deleted at the end. Where a CMS is not
 * here (tests/support/outside.ts) its row says so and is not measured.
 *
 *   BENCH_PUBLISH_RUNS  measured runs of each side per CMS (default 15)
 */

const FIXTURE = 'energy-truce-analysis';
const TARGET_RATIO = 1.2;
const rowName = (label: string, runs: number) =>
  `publish ${FIXTURE} (2 images) to ${label}, median of ${runs} (Copydesk vs bare fetch)`;

interface Server {
  label: 'WordPress' | 'Ghost';
  kind: Extract<PublishTargetKind, 'wordpress' | 'ghost'>;
  target: string;
  url: string;
  user: string;
  secret: string;
}

/** One request as Copydesk's adapter handed it to fetch, with the answer it got. */
interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | Uint8Array | FormData | undefined;
  status: number;
  response: string;
}

interface RunResult {
  ms: number;
  postId: string;
  mediaIds: string[];
  /** The bare script's uploads, as the server answered them. */
  urls?: string[];
}

/** The fetch of the recorded run: passes everything through and notes it. */
function recordingFetch(into: Recorded[]): FetchLike {
  return async (url, init) => {
    const res = await fetch(url, init);
    const response = await res.clone().text();
    into.push({
      method: init.method ?? 'GET',
      url,
      headers: { ...(init.headers as Record<string, string>) },
      body: init.body as Recorded['body'],
      status: res.status,
      response,
    });
    return res;
  };
}

/** What a timed run's fetch noted: method and URL of each request (to check each run sent what was recorded), and the time spent waiting for answers. */
interface Listing {
  requests: string[];
  httpMs: number;
}

/** The fetch of the timed runs: the global fetch, noting only method, URL and how long each took to answer (until its headers). */
function listingFetch(into: Listing): FetchLike {
  return async (url, init) => {
    into.requests.push(`${init.method ?? 'GET'} ${url}`);
    const started = performance.now();
    try {
      return await fetch(url, init);
    } finally {
      into.httpMs += performance.now() - started;
    }
  };
}

/** One publish by Copydesk, from a fresh store; only the publish itself is timed. */
function copydeskRun(server: Server, slug: string, fetchImpl: FetchLike): Promise<RunResult> {
  return appPublishRun({
    folderPrefix: 'copydesk-bench-publish-',
    fixture: FIXTURE,
    target: { name: server.target, kind: server.kind, url: server.url, user: server.user },
    secret: server.secret,
    fetch: fetchImpl,
    slug,
    who: `Copydesk's publish to ${server.label}`,
  });
}

/** A Ghost Admin API token, as any script signs one (HS256 over the hex secret, five minutes). */
function bareGhostToken(adminKey: string): string {
  const [id, secret] = adminKey.split(':') as [string, string];
  const iat = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT', kid: id })}.${part({ iat, exp: iat + 300, aud: '/admin/' })}`;
  return `${unsigned}.${createHmac('sha256', Buffer.from(secret, 'hex')).update(unsigned).digest('base64url')}`;
}

const isUpload = (r: Pick<Recorded, 'method' | 'url'>) =>
  r.method === 'POST' &&
  (/\/wp-json\/wp\/v2\/media\?/.test(r.url) || /\/ghost\/api\/admin\/images\/upload\/$/.test(r.url));
const isPostCreate = (r: Pick<Recorded, 'method' | 'url'>) =>
  r.method === 'POST' && (/\/wp-json\/wp\/v2\/posts\?/.test(r.url) || /\/ghost\/api\/admin\/posts\/\?/.test(r.url));

const replaceAll = (text: string, urls: ReadonlyArray<[string, string]>) =>
  urls.reduce((out, [from, to]) => out.split(from).join(to), text);

/** The post as the script sends it: Copydesk's JSON with this run's slug, and this run's media ids and URLs in place of the recorded ones. */
function postBody(
  server: Server,
  recorded: string,
  slug: string,
  urls: ReadonlyArray<[string, string]>,
  ids: ReadonlyMap<number, number>,
): string {
  if (server.kind === 'wordpress') {
    const post = JSON.parse(recorded) as { slug: string; content: string; featured_media: number };
    post.slug = slug;
    post.content = replaceAll(post.content, urls);
    post.featured_media = ids.get(post.featured_media) ?? post.featured_media;
    return JSON.stringify(post);
  }
  const body = JSON.parse(recorded) as { posts: Array<{ slug: string; html: string; feature_image: string | null }> };
  const post = body.posts[0]!;
  post.slug = slug;
  post.html = replaceAll(post.html, urls);
  post.feature_image = post.feature_image && replaceAll(post.feature_image, urls);
  return JSON.stringify(body);
}

function copyForm(form: FormData): FormData {
  const copy = new FormData();
  for (const [name, value] of form.entries()) copy.append(name, value);
  return copy;
}

/** The bare script: the recorded requests, one after another, with the global fetch. */
async function bareRun(server: Server, recorded: readonly Recorded[], slug: string): Promise<RunResult> {
  const started = performance.now();
  const urls: Array<[string, string]> = [];
  const ids = new Map<number, number>();
  let postId = '';
  const mediaIds: string[] = [];
  for (const r of recorded) {
    const headers =
      server.kind === 'ghost' ? { ...r.headers, Authorization: `Ghost ${bareGhostToken(server.secret)}` } : r.headers;
    const body = isPostCreate(r)
      ? postBody(server, r.body as string, slug, urls, ids)
      : r.body instanceof FormData
        ? copyForm(r.body)
        : r.body;
    const res = await fetch(r.url, { method: r.method, headers, body: body as BodyInit | undefined });
    const text = await res.text();
    if (res.status !== r.status)
      throw new Error(
        `the bare ${r.method} ${r.url.replace(server.url, '')} answered HTTP ${res.status} where Copydesk's got ${r.status}: ${text.slice(0, 200)}`,
      );
    if (isUpload(r) && server.kind === 'wordpress') {
      const [was, now] = [JSON.parse(r.response), JSON.parse(text)] as Array<{ id: number; source_url: string }>;
      urls.push([was!.source_url, now!.source_url]);
      ids.set(was!.id, now!.id);
      mediaIds.push(String(now!.id));
    } else if (isUpload(r)) {
      const [was, now] = [JSON.parse(r.response), JSON.parse(text)] as Array<{ images: Array<{ url: string }> }>;
      urls.push([was!.images[0]!.url, now!.images[0]!.url]);
      mediaIds.push(now!.images[0]!.url);
    }
    if (isPostCreate(r)) {
      const json = JSON.parse(text) as { id?: number; posts?: Array<{ id: string }> };
      postId = String(server.kind === 'wordpress' ? json.id : json.posts?.[0]?.id);
    }
  }
  return { ms: performance.now() - started, postId, mediaIds, urls: urls.map(([, now]) => now) };
}

/** The bare script's post, read back: its figures and its featured image must point at the media that script uploaded. */
async function checkBarePost(server: Server, postId: string, uploaded: readonly string[]): Promise<void> {
  const wp = server.kind === 'wordpress';
  const res = await fetch(
    wp
      ? `${server.url}/wp-json/wp/v2/posts/${postId}?context=edit&_fields=content,featured_media`
      : `${server.url}/ghost/api/admin/posts/${postId}/?formats=html`,
    {
      headers: authHeaders(server),
    },
  );
  if (!res.ok) throw new Error(`reading back the bare script's post answered HTTP ${res.status}`);
  const json = (await res.json()) as {
    content?: { raw: string };
    featured_media?: number;
    posts?: Array<{ html: string | null; feature_image: string | null }>;
  };
  const html = wp ? (json.content?.raw ?? '') : (json.posts?.[0]?.html ?? '');
  const missing = uploaded.filter((url) => !html.includes(url));
  const featured = wp ? json.featured_media : json.posts?.[0]?.feature_image;
  if (missing.length > 0 || !featured)
    throw new Error(
      `the bare script's post does not show its uploads (missing ${missing.join(', ') || 'the featured image'})`,
    );
}

function authHeaders(server: Server): Record<string, string> {
  return server.kind === 'wordpress'
    ? wpAuth({ url: server.url, user: server.user, appPassword: server.secret })
    : { Authorization: `Ghost ${bareGhostToken(server.secret)}`, 'Accept-Version': 'v6.0' };
}

function describeRequests(recorded: readonly Recorded[], server: Server): string {
  const size = (b: Recorded['body']) => {
    if (b === undefined) return 0;
    if (typeof b === 'string') return Buffer.byteLength(b);
    if (b instanceof FormData)
      return [...b.values()].reduce((n, v) => n + (typeof v === 'string' ? v.length : v.size), 0);
    return b.byteLength;
  };
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  return recorded
    .map((r) => {
      const path = r.url.replace(server.url, '').replace(/\?.*/, '');
      const bytes = size(r.body);
      return `${r.method} ${path}${bytes ? ` (${kb(bytes)})` : ''} → ${r.status}`;
    })
    .join(', ');
}

async function benchServer(ctx: BenchContext, label: Server['label'], runs: number, run: string): Promise<BenchResult> {
  const name = rowName(label, runs);
  const target = `≤ ${TARGET_RATIO}×`;
  let server: Server;
  try {
    ctx.log(`publish: ${label}: finding or starting the local server…`);
    const outside = label === 'WordPress' ? WORDPRESS : GHOST;
    const found: WordPressServer | GhostServer | Missing = await check<WordPressServer | GhostServer>(outside);
    if (found instanceof Missing) {
      return {
        rows: [
          {
            name,
            measured: `not measured: no ${label} here`,
            baseline: '—',
            ratio: '—',
            target,
            pass: skipsAllowed(outside.id) ? null : false,
          },
        ],
        notes: [`publish, ${label}: not measured, ${found.reason}. To measure it: ${outside.enable}.`],
      };
    }
    server =
      'appPassword' in found
        ? {
            label,
            kind: 'wordpress',
            target: 'Bench WP',
            url: found.url.replace(/\/+$/, ''),
            user: found.user,
            secret: found.appPassword,
          }
        : {
            label,
            kind: 'ghost',
            target: 'Bench Ghost',
            url: found.url.replace(/\/+$/, ''),
            user: '',
            secret: found.adminKey,
          };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      rows: [{ name, measured: 'server not started (see notes)', baseline: '—', ratio: '—', target, pass: false }],
      notes: [
        `publish, ${label}: not measured, the server could not be started: ${message.replace(/\s*\n\s*/g, ' | ')}`,
      ],
    };
  }

  const { slugOf, keep, cleanUp } = madeOnCms(FIXTURE, run);
  try {
    ctx.log(`publish: ${label} at ${server.url}: warm-up and recorded run`);
    keep(await copydeskRun(server, slugOf('copy', 0), listingFetch({ requests: [], httpMs: 0 })));
    const recorded: Recorded[] = [];
    const recordedSlug = slugOf('copy', 1);
    keep(await copydeskRun(server, recordedSlug, recordingFetch(recorded)));
    const expected = recorded.map((r) => `${r.method} ${r.url}`);
    if (recorded.filter(isUpload).length !== 2 || recorded.filter(isPostCreate).length !== 1) {
      throw new Error(`unexpected requests on the recorded run: ${expected.join(', ')}`);
    }
    const first = keep(await bareRun(server, recorded, slugOf('bare', 0)));
    await checkBarePost(server, first.postId, first.urls ?? []);

    ctx.log(`publish: ${label}: ${runs} runs each, alternating`);
    const copydeskMs: number[] = [];
    const ownMs: number[] = [];
    const bareMs: number[] = [];
    let differing = 0;
    for (let i = 0; i < runs; i++) {
      const runCopydesk = async () => {
        const listing: Listing = { requests: [], httpMs: 0 };
        const r = keep(await copydeskRun(server, slugOf('copy', i + 2), listingFetch(listing)));
        if (listing.requests.join('\n') !== expected.join('\n')) differing++;
        copydeskMs.push(r.ms);
        ownMs.push(r.ms - listing.httpMs);
      };
      const runBare = async () => {
        bareMs.push(keep(await bareRun(server, recorded, slugOf('bare', i + 1))).ms);
      };
      if (i % 2 === 0) {
        await runCopydesk();
        await runBare();
      } else {
        await runBare();
        await runCopydesk();
      }
    }
    if (differing > 0)
      throw new Error(
        `${differing} of Copydesk's timed runs sent other requests than the recorded run (${expected.length})`,
      );
    const c = median(copydeskMs);
    const b = median(bareMs);
    const row: BenchRow = {
      name,
      measured: ms(c),
      baseline: ms(b),
      ratio: times(c / b),
      target,
      pass: c / b <= TARGET_RATIO,
    };
    const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    return {
      rows: [row],
      notes: [
        `publish, ${label} (${server.url}): ${recorded.length} requests per publish, in order: ${describeRequests(recorded, server)}.`,
        `  Copydesk runs (ms): ${list(copydeskMs)}; bare fetch runs (ms): ${list(bareMs)}; every timed Copydesk run sent the recorded ${recorded.length} requests.`,
        `  Copydesk's own time per publish, outside waiting for the ${recorded.length} answers' headers (SQLite steps committed one by one, HTML, reading the images and the answers' bodies): median ${ms(median(ownMs))}.`,
      ],
    };
  } finally {
    const cleaned = await cleanUp({ kind: server.kind, url: server.url, headers: () => authHeaders(server) }).catch(
      (err: unknown) => `clean-up failed: ${err instanceof Error ? err.message : String(err)}`,
    );
    ctx.log(`publish: ${label}: ${cleaned}`);
  }
}

export default async function run(ctx: BenchContext): Promise<BenchResult> {
  const runs = positiveIntFromEnv(ctx.env.BENCH_PUBLISH_RUNS, 15);
  const id = randomBytes(3).toString('hex');
  const parts: BenchResult[] = [];
  for (const label of ['WordPress', 'Ghost'] as const) {
    try {
      parts.push(await benchServer(ctx, label, runs, id));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      ctx.log(err instanceof Error ? (err.stack ?? message) : message);
      parts.push({
        rows: [
          {
            name: rowName(label, runs),
            measured: `failed: ${message.slice(0, 50)}`,
            baseline: '—',
            ratio: '—',
            target: `≤ ${TARGET_RATIO}×`,
            pass: false,
          },
        ],
        notes: [`publish, ${label}: failed: ${message}`],
      });
    }
  }
  return {
    rows: parts.flatMap((p) => p.rows),
    notes: [
      `publish: ${FIXTURE} published live from a fresh store each run (both images uploaded every time, nothing reused), timed from outbox.publish to done; ` +
        `baseline = the requests Copydesk made on one recorded run, replayed in order with the global fetch (same bytes, same term look-ups, same post JSON; ` +
        `unique slug, this run's media ids/URLs, a fresh Ghost token). Sequential on both sides; runs alternate, after one Copydesk warm-up, the recorded run and one replay warm-up.`,
      ...parts.flatMap((p) => p.notes),
    ],
  };
}
