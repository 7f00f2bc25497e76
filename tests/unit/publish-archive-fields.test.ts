import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Draft } from '../../src/common/domain';
import type { SerializedNode } from '../../src/common/lexical/document';
import { ghostToken } from '../../src/publishing/ghost';
import { MemorySecretStore } from '../../src/main/publish/secrets';
import { GHOST, WORDPRESS, type GhostServer, type WordPressServer } from '../support/cms';
import { need } from '../support/outside';
import { createFixtureDraft } from '../support/fixtures';
import { approveForLive, openTestStore, type TestStore } from '../support/store';

/**
 * An archive piece published to a real WordPress, a real Ghost and a signed
 * webhook, read back from each: it keeps its first publication date, and
 * the featured image carries the words its figure in the text has (edited
 * there after the image was stored with other words).
 */

/** Null (and that CMS's test skips, saying why) where no WordPress or Ghost can be had; the webhook's test needs neither. */
const wpServer = await need(WORDPRESS, __filename);
const ghostServer = await need(GHOST, __filename);
const run = randomBytes(3).toString('hex');
const PUBLISHED = '2024-03-05T10:00:00+01:00';
const MODIFIED = '2024-03-07';
let wp: WordPressServer;
let ghost: GhostServer;
let hook: Server;
let hookUrl = '';
const deliveries: Array<Record<string, unknown>> = [];
let store: TestStore;

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req
      .on('data', (c: Buffer) => (body += c.toString('utf8')))
      .on('end', () => {
        deliveries.push(JSON.parse(body) as Record<string, unknown>);
        res
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ id: `item-${deliveries.length}` }));
      });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  const secrets = new MemorySecretStore({ Hook: 'archive-hook-secret' });
  store = await openTestStore({ publish: { secrets, inlineAttempts: 1 } });
  await store.call('targets.add', { name: 'Hook', kind: 'webhook', url: hookUrl });
  // Each CMS that is here gets its target; the webhook needs neither, so its test runs without them.
  if (wpServer) {
    wp = wpServer;
    await secrets.set('WP', wp.appPassword);
    await store.call('targets.add', { name: 'WP', kind: 'wordpress', url: wp.url, user: wp.user });
  }
  if (ghostServer) {
    ghost = ghostServer;
    await secrets.set('Ghost', ghost.adminKey);
    await store.call('targets.add', { name: 'Ghost', kind: 'ghost', url: ghost.url });
  }
});

afterAll(async () => {
  await store?.close();
  if (hook) await new Promise((resolve) => hook.close(resolve));
});

/** A fixture whose top image is its first figure, dated, with the figure's caption edited after the image was stored. */
async function archivePiece(
  slug: string,
  dates: Pick<Draft, 'datePublished' | 'dateModified'>,
): Promise<{ draft: Draft; figure: SerializedNode }> {
  const created = await createFixtureDraft(store.handlers, 'diplomacy-watch');
  const children = created.body.root.children;
  const index = children.findIndex((n) => n.type === 'figure' && n.image === created.topImage);
  expect(index).toBeGreaterThanOrEqual(0);
  const figure = {
    ...children[index]!,
    caption: `Edited on the figure ${run}: envoys at the table`,
    alt: `Envoys seated at a long table ${run}`,
  };
  const body = { root: { ...created.body.root, children: children.map((n, i) => (i === index ? figure : n)) } };
  const saved = await store.call('drafts.save', {
    id: created.id,
    expectedVersion: created.version,
    reason: 'manual',
    slug,
    body,
    ...dates,
  });
  if (saved.kind !== 'saved') throw new Error('could not save the piece');
  // The stored image still has the fixture's words: the figure's are the ones that count.
  expect((await store.call('images.get', { id: created.topImage! })).caption).not.toBe(figure.caption);
  return { draft: await approveForLive(store, created.id), figure };
}

async function publish(draft: Draft, target: string): Promise<string> {
  const outcome = await store.call('publish.run', { draftId: draft.id, target, status: 'publish' });
  if (outcome.kind !== 'job') throw new Error(outcome.message);
  expect(outcome.job.lastError).toBeNull();
  expect(outcome.job.state).toBe('done');
  return outcome.job.remoteId!;
}

async function wpGet<T>(path: string): Promise<T> {
  const res = await fetch(`${wp.url}/wp-json/wp/v2/${path}`, {
    headers: { Authorization: `Basic ${Buffer.from(`${wp.user}:${wp.appPassword}`).toString('base64')}` },
  });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

const decode = (html: string) =>
  html
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;|&#x27;|&#8217;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

describe('an archive piece keeps its date and its featured image’s words', () => {
  it.skipIf(!wpServer)(
    'WordPress: the post’s date is the first publication, the featured media has the figure’s alt text and caption',
    async () => {
      const { draft, figure } = await archivePiece(`archive-wp-${run}`, {
        datePublished: PUBLISHED,
        dateModified: MODIFIED,
      });
      const remoteId = await publish(draft, 'WP');
      const post = await wpGet<{ date_gmt: string; status: string; featured_media: number }>(
        `posts/${remoteId}?context=edit`,
      );
      expect(post.status).toBe('publish');
      expect(post.date_gmt).toBe('2024-03-05T09:00:00');
      const media = await wpGet<{ alt_text: string; caption: { raw: string } }>(
        `media/${post.featured_media}?context=edit`,
      );
      expect(media.alt_text).toBe(figure.alt);
      expect(decode(media.caption.raw)).toContain(String(figure.caption));
      expect(decode(media.caption.raw)).toContain(String(figure.credit));

      // A day alone is that day in the site's time.
      const { draft: dayOnly } = await archivePiece(`archive-wp-day-${run}`, {
        datePublished: '2019-11-02',
        dateModified: '',
      });
      const dayPost = await wpGet<{ date: string }>(`posts/${await publish(dayOnly, 'WP')}?context=edit`);
      expect(dayPost.date).toBe('2019-11-02T00:00:00');
    },
  );

  it.skipIf(!ghostServer)(
    'Ghost: published_at is the first publication, feature_image_alt and _caption are the figure’s',
    async () => {
      const { draft, figure } = await archivePiece(`archive-ghost-${run}`, {
        datePublished: PUBLISHED,
        dateModified: MODIFIED,
      });
      const remoteId = await publish(draft, 'Ghost');
      const res = await fetch(`${ghost.url}/ghost/api/admin/posts/${remoteId}/`, {
        headers: { Authorization: `Ghost ${ghostToken(ghost.adminKey, Date.now())}`, 'Accept-Version': 'v6.0' },
      });
      expect(res.status).toBe(200);
      const post = (
        (await res.json()) as {
          posts: Array<{
            status: string;
            published_at: string;
            feature_image_alt: string;
            feature_image_caption: string;
          }>;
        }
      ).posts[0]!;
      expect(post.status).toBe('published');
      expect(post.published_at).toBe('2024-03-05T09:00:00.000Z');
      expect(post.feature_image_alt).toBe(figure.alt);
      expect(decode(post.feature_image_caption)).toContain(String(figure.caption));
      expect(decode(post.feature_image_caption)).toContain(String(figure.credit));
    },
  );

  it('webhook: the body has published and updated, and the top image’s words are the figure’s', async () => {
    const { draft, figure } = await archivePiece(`archive-hook-${run}`, {
      datePublished: PUBLISHED,
      dateModified: MODIFIED,
    });
    await publish(draft, 'Hook');
    const payload = deliveries.at(-1) as {
      published: string;
      updated: string;
      topImage: string;
      images: Array<{ id: string; alt: string; caption: string }>;
      markdown: string;
    };
    expect(payload).toMatchObject({ published: PUBLISHED, updated: MODIFIED, topImage: draft.topImage });
    expect(payload.images.find((i) => i.id === draft.topImage)).toMatchObject({
      alt: figure.alt,
      caption: figure.caption,
    });
    expect(payload.markdown).toMatch(/^date: 2024-03-05T10:00:00\+01:00$/m);
    expect(payload.markdown).toMatch(/^lastmod: 2024-03-07$/m);

    const undated = await approveForLive(store, (await createFixtureDraft(store.handlers, 'minimal')).id);
    await publish(undated, 'Hook');
    expect(deliveries.at(-1)).toMatchObject({ published: null, updated: null });
  });
});
