import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Draft } from '../../src/common/domain';
import { slugify } from '../../src/common/slug';
import { ghostExcerpt } from '../../src/publishing/ghost';
import { GHOST, ghostAdmin, withSlug } from '../support/cms';
import { createFixtureDraft, fixtureNames } from '../support/fixtures';
import { need } from '../support/outside';
import { approveForLive } from '../support/store';
import { cmsStoreAroundFile } from './_cmsStore';

/** Publishing every fixture to a real Ghost 6 and reading it back through its Admin API. */

/** Null (and this file skips, saying why) where no Ghost can be had. */
const server = await need(GHOST, __filename);
/** Read only where the tests run: where a Ghost was found. */
const ghost = server!;
const cms = cmsStoreAroundFile(
  server && { target: { name: 'Local Ghost', kind: 'ghost', url: server.url }, secret: server.adminKey },
);
const run = randomBytes(3).toString('hex');

interface GhostPost {
  id: string;
  slug: string;
  status: string;
  url: string;
  title: string;
  custom_excerpt: string | null;
  html: string | null;
  tags: Array<{ name: string }>;
  feature_image: string | null;
  feature_image_alt: string | null;
  feature_image_caption: string | null;
}

async function readPost(id: string): Promise<GhostPost> {
  const res = await fetch(`${ghost.url}/ghost/api/admin/posts/${id}/?formats=html&include=tags`, {
    headers: ghostAdmin(ghost),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { posts: GhostPost[] }).posts[0]!;
}

const decode = (html: string) =>
  html
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

async function expectPost(draft: Draft, remoteId: string, status: string): Promise<GhostPost> {
  const post = await readPost(remoteId);
  expect(post.title).toBe(draft.headline);
  expect(post.custom_excerpt ?? '').toBe(ghostExcerpt(draft.dek));
  expect(post.slug).toBe(draft.slug);
  expect(post.status).toBe(status);
  // The section leads the tags: Ghost's primary tag.
  expect(post.tags.map((t) => t.name)).toEqual([...new Set([draft.section, ...draft.tags].filter(Boolean))]);
  const html = decode(post.html ?? '');
  expect(((post.html ?? '').match(/<figure/g) ?? []).length).toBe(
    draft.body.root.children.filter((n) => n.type === 'figure').length,
  );
  for (const src of (post.html ?? '').matchAll(/<img src="([^"]+)"/g))
    expect(src[1]).toMatch(new RegExp(`^${ghost.url}/content/images/`));
  for (const source of draft.sources) {
    if (JSON.stringify(draft.body).includes(`"sourceId":"${source.id}"`)) expect(html).toContain(source.title);
  }
  if (draft.topImage) {
    const image = await cms.store.call('images.get', { id: draft.topImage });
    expect(post.feature_image).toMatch(new RegExp(`^${ghost.url}/content/images/`));
    expect(post.feature_image_alt).toBe(image.alt);
    expect(decode(post.feature_image_caption ?? '')).toContain(image.caption);
    expect(decode(post.feature_image_caption ?? '')).toContain(image.credit);
  } else {
    expect(post.feature_image).toBeNull();
  }
  return post;
}

describe.skipIf(!server)('publishing to a real Ghost', () => {
  it('says what it found when testing the connection', async () => {
    expect(await cms.store.call('targets.test', { id: 'Local Ghost' })).toEqual({
      ok: true,
      message: expect.stringContaining('Connected'),
    });
    const [id] = ghost.adminKey.split(':');
    await cms.store.call('targets.add', {
      name: 'Wrong key',
      kind: 'ghost',
      url: ghost.url,
      secret: `${id}:${'ab'.repeat(32)}`,
    });
    const bad = await cms.store.call('targets.test', { id: 'Wrong key' });
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/refused the credentials|HTTP 401/);
    await cms.store.call('targets.add', { name: 'Not a key', kind: 'ghost', url: ghost.url, secret: 'not-a-key' });
    expect((await cms.store.call('targets.test', { id: 'Not a key' })).message).toMatch(/not a Ghost Admin API key/);
  });

  for (const name of fixtureNames()) {
    it(`publishes ${name} as a draft, for review, then live; republishes an edit in place`, async () => {
      let draft = await createFixtureDraft(cms.store.handlers, name);
      draft = await withSlug(cms.store, draft, `${slugify(draft.headline) || 'piece'}-${run}`);
      const before = JSON.stringify(draft);

      const first = await cms.store.call('publish.run', { draftId: draft.id, target: 'Local Ghost', status: 'draft' });
      if (first.kind !== 'job') throw new Error(first.message);
      expect(first.job).toMatchObject({ state: 'done', lastError: null });
      const remoteId = first.job.remoteId!;
      await expectPost(draft, remoteId, 'draft');
      expect(JSON.stringify(await cms.store.call('drafts.get', { id: draft.id }))).toBe(before);

      const review = await cms.store.call('publish.run', {
        draftId: draft.id,
        target: 'Local Ghost',
        status: 'review',
      });
      expect(review.kind === 'job' && review.job.remoteId).toBe(remoteId);
      await expectPost(draft, remoteId, 'draft');

      // Going live needs the piece approved: the desk's editor signs it off, over the check if need be.
      await approveForLive(cms.store, draft.id);
      const live = await cms.store.call('publish.run', { draftId: draft.id, target: 'Local Ghost', status: 'publish' });
      expect(live.kind === 'job' && [live.job.state, live.job.remoteId]).toEqual(['done', remoteId]);
      await expectPost(draft, remoteId, 'published');
      const published = await cms.store.call('drafts.get', { id: draft.id });
      expect(published.status).toBe('published');

      const edited = await cms.store.call('drafts.save', {
        id: draft.id,
        expectedVersion: published.version,
        headline: `${draft.headline} (updated)`,
        tags: [...draft.tags.slice(1), `Update ${run}`],
        reason: 'manual',
      });
      if (edited.kind !== 'saved') throw new Error('edit failed');
      const again = await cms.store.call('publish.run', {
        draftId: draft.id,
        target: 'Local Ghost',
        status: 'publish',
      });
      expect(again.kind === 'job' && [again.job.state, again.job.remoteId]).toEqual(['done', remoteId]);
      await expectPost(edited.draft, remoteId, 'published');

      const sent = cms.recorder.requests.length;
      const same = await cms.store.call('publish.run', { draftId: draft.id, target: 'Local Ghost', status: 'publish' });
      expect(same.kind).toBe('unchanged');
      expect(cms.recorder.requests.slice(sent)).toEqual([]);
    });
  }

  it('refuses to overwrite an edit made in Ghost, and leaves the draft as it was', async () => {
    const draft = await withSlug(
      cms.store,
      await createFixtureDraft(cms.store.handlers, 'minimal'),
      `collision-${run}`,
    );
    const first = await cms.store.call('publish.run', { draftId: draft.id, target: 'Local Ghost', status: 'draft' });
    if (first.kind !== 'job') throw new Error(first.message);
    const post = await readPost(first.job.remoteId!);
    // Someone edits the title in Ghost.
    const res = await fetch(`${ghost.url}/ghost/api/admin/posts/${post.id}/`, {
      method: 'PUT',
      headers: { ...ghostAdmin(ghost), 'Content-Type': 'application/json' },
      body: JSON.stringify({
        posts: [{ title: 'Edited in Ghost', updated_at: (post as unknown as { updated_at: string }).updated_at }],
      }),
    });
    expect(res.status).toBe(200);
    const edited = await cms.store.call('drafts.save', {
      id: draft.id,
      expectedVersion: draft.version,
      dek: 'A new dek',
      reason: 'manual',
    });
    if (edited.kind !== 'saved') throw new Error('edit failed');
    const before = JSON.stringify(edited.draft);
    const outcome = await cms.store.call('publish.run', { draftId: draft.id, target: 'Local Ghost', status: 'draft' });
    if (outcome.kind !== 'job') throw new Error(outcome.message);
    expect(outcome.job.state).toBe('failed');
    expect(outcome.job.lastError).toMatch(/edited in Ghost/);
    expect((await readPost(post.id)).title).toBe('Edited in Ghost');
    expect(JSON.stringify(await cms.store.call('drafts.get', { id: draft.id }))).toBe(before);
  });
});
