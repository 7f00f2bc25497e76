import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Draft } from '../../src/common/domain';
import { slugify } from '../../src/common/slug';
import { WORDPRESS, withSlug, wpGet as wpGetAs } from '../support/cms';
import { createFixtureDraft, fixtureNames } from '../support/fixtures';
import { need } from '../support/outside';
import { approveForLive } from '../support/store';
import { cmsStoreAroundFile } from './_cmsStore';

/** Publishing every fixture to a real WordPress and reading it back through its REST API. */

/** Null (and this file skips, saying why) where no WordPress can be had. */
const wordpress = await need(WORDPRESS, __filename);
/** Read only where the tests run: where a WordPress was found. */
const wp = wordpress!;
const cms = cmsStoreAroundFile(
  wordpress && {
    target: { name: 'Local WP', kind: 'wordpress', url: wordpress.url, user: wordpress.user },
    secret: wordpress.appPassword,
  },
);
const run = randomBytes(3).toString('hex');

const wpGet = <T>(path: string): Promise<T> => wpGetAs<T>(wp, path);

interface WpPost {
  id: number;
  slug: string;
  status: string;
  link: string;
  title: { raw: string };
  excerpt: { raw: string };
  content: { raw: string };
  tags: number[];
  categories: number[];
  featured_media: number;
}

async function names(taxonomy: 'tags' | 'categories', ids: number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const terms = await wpGet<Array<{ id: number; name: string }>>(
    `${taxonomy}?include=${ids.join(',')}&per_page=100&context=edit`,
  );
  return terms.map((t) => t.name).sort();
}

/** Reads the post back and checks every field against the draft. */
async function expectPost(draft: Draft, remoteId: string, status: string): Promise<WpPost> {
  const post = await wpGet<WpPost>(`posts/${remoteId}?context=edit`);
  expect(post.title.raw).toBe(draft.headline);
  expect(post.excerpt.raw).toBe(draft.dek);
  expect(post.slug).toBe(draft.slug);
  expect(post.status).toBe(status);
  expect(await names('tags', post.tags)).toEqual([...draft.tags].sort());
  expect(await names('categories', post.categories)).toEqual(draft.section ? [draft.section] : ['Uncategorized']);
  const figures = (post.content.raw.match(/<figure/g) ?? []).length;
  expect(figures).toBe(draft.body.root.children.filter((n) => n.type === 'figure').length);
  for (const src of post.content.raw.matchAll(/<img src="([^"]+)"/g))
    expect(src[1]).toMatch(new RegExp(`^${wp.url}/wp-content/uploads/`));
  for (const source of draft.sources) {
    if (draft.body.root.children.some((n) => JSON.stringify(n).includes(`"sourceId":"${source.id}"`))) {
      expect(post.content.raw).toContain(`<cite>${escape(source.title)}</cite>`);
    }
  }
  if (draft.topImage) {
    const image = await cms.store.call('images.get', { id: draft.topImage });
    const media = await wpGet<{ alt_text: string; caption: { raw: string }; source_url: string }>(
      `media/${post.featured_media}?context=edit`,
    );
    expect(media.alt_text).toBe(image.alt);
    expect(media.caption.raw).toContain(escape(image.caption));
    expect(media.caption.raw).toContain(escape(image.credit));
  } else {
    expect(post.featured_media).toBe(0);
  }
  return post;
}

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe.skipIf(!wordpress)('publishing to a real WordPress', () => {
  it('says what it found when testing the connection', async () => {
    const ok = await cms.store.call('targets.test', { id: 'Local WP' });
    expect(ok).toEqual({ ok: true, message: expect.stringContaining('Connected') });
    await cms.store.call('targets.add', {
      name: 'Wrong password',
      kind: 'wordpress',
      url: wp.url,
      user: wp.user,
      secret: 'abcd efgh ijkl mnop qrst uvwx',
    });
    const bad = await cms.store.call('targets.test', { id: 'Wrong password' });
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/refused the credentials/);
    await cms.store.call('targets.add', {
      name: 'Not WP',
      kind: 'wordpress',
      url: `${wp.url}/wp-content`,
      user: wp.user,
      secret: 'x',
    });
    expect((await cms.store.call('targets.test', { id: 'Not WP' })).message).toMatch(/not a WordPress site/);
    await cms.store.call('targets.add', {
      name: 'Nowhere',
      kind: 'wordpress',
      url: 'http://127.0.0.1:9',
      user: wp.user,
      secret: 'x',
    });
    expect((await cms.store.call('targets.test', { id: 'Nowhere' })).message).toMatch(/Could not reach WordPress/);
  });

  for (const name of fixtureNames()) {
    it(`publishes ${name} as a draft, for review, then live; republishes an edit in place`, async () => {
      let draft = await createFixtureDraft(cms.store.handlers, name);
      draft = await withSlug(cms.store, draft, `${slugify(draft.headline) || 'piece'}-${run}`);
      const before = JSON.stringify(draft);

      const first = await cms.store.call('publish.run', { draftId: draft.id, target: 'Local WP', status: 'draft' });
      expect(first.kind).toBe('job');
      if (first.kind !== 'job') return;
      expect(first.job.state).toBe('done');
      const remoteId = first.job.remoteId!;
      await expectPost(draft, remoteId, 'draft');
      expect(JSON.stringify(await cms.store.call('drafts.get', { id: draft.id }))).toBe(before);

      const review = await cms.store.call('publish.run', { draftId: draft.id, target: 'Local WP', status: 'review' });
      expect(review.kind === 'job' && review.job.remoteId).toBe(remoteId);
      await expectPost(draft, remoteId, 'pending');
      expect((await cms.store.call('drafts.get', { id: draft.id })).status).toBe(draft.status);

      // Going live needs the piece approved: the desk's editor signs it off, over the check if need be.
      await approveForLive(cms.store, draft.id);
      const live = await cms.store.call('publish.run', { draftId: draft.id, target: 'Local WP', status: 'publish' });
      expect(live.kind === 'job' && live.job.state).toBe('done');
      expect(live.kind === 'job' && live.job.remoteId).toBe(remoteId);
      const post = await expectPost(draft, remoteId, 'publish');
      const published = await cms.store.call('drafts.get', { id: draft.id });
      expect(published.status).toBe('published');
      const status = await cms.store.call('publish.status', { draftId: draft.id });
      expect(status.publications).toEqual([expect.objectContaining({ remoteId, url: post.link, changedSince: false })]);

      // Edit: new headline, one tag dropped, one added.
      const edited = await cms.store.call('drafts.save', {
        id: draft.id,
        expectedVersion: published.version,
        headline: `${draft.headline} (updated)`,
        tags: [...draft.tags.slice(1), `Update ${run}`],
        reason: 'manual',
      });
      if (edited.kind !== 'saved') throw new Error('edit failed');
      expect((await cms.store.call('publish.status', { draftId: draft.id })).publications[0]!.changedSince).toBe(true);
      const again = await cms.store.call('publish.run', { draftId: draft.id, target: 'Local WP', status: 'publish' });
      expect(again.kind === 'job' && again.job.remoteId).toBe(remoteId);
      await expectPost(edited.draft, remoteId, 'publish');

      // Unchanged: a no-op that says so, and sends nothing at all.
      const sent = cms.recorder.requests.length;
      const same = await cms.store.call('publish.run', { draftId: draft.id, target: 'Local WP', status: 'publish' });
      expect(same.kind).toBe('unchanged');
      expect(same.message).toMatch(/Nothing to send/);
      expect(cms.recorder.requests.slice(sent)).toEqual([]);
    });
  }

  it('uploads an image once per target, whatever number of pieces use it', async () => {
    const a = await createFixtureDraft(cms.store.handlers, 'energy-truce-analysis');
    const b = await createFixtureDraft(cms.store.handlers, 'energy-truce-analysis');
    await withSlug(cms.store, a, `reuse-a-${run}`);
    await withSlug(cms.store, b, `reuse-b-${run}`);
    const sent = cms.recorder.requests.length;
    await cms.store.call('publish.run', { draftId: a.id, target: 'Local WP', status: 'draft' });
    await cms.store.call('publish.run', { draftId: b.id, target: 'Local WP', status: 'draft' });
    const uploads = cms.recorder.requests
      .slice(sent)
      .filter((r) => r.method === 'POST' && /\/wp\/v2\/media\?/.test(r.url));
    expect(uploads).toEqual([]); // the earlier tests uploaded these images already
  });
});

describe.skipIf(!wordpress)('copydesk targets / publish on the command line', () => {
  it('adds a target, lists it, and publishes with the secret from COPYDESK_SECRET_<NAME>', async () => {
    const { runCli } = await import('../../src/main/cli/index');
    const draft = await createFixtureDraft(cms.store.handlers, 'minimal');
    await withSlug(cms.store, draft, `cli-${run}`);
    const cli = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli([...argv, '--db', cms.store.dbPath], {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    expect(
      await cli('targets', 'add', 'cli-wp', '--kind', 'wordpress', '--url', wp.url, '--user', wp.user),
    ).toMatchObject({ code: 0 });
    expect((await cli('targets', 'list')).out).toMatch(/cli-wp\s+wordpress .*no secret: set COPYDESK_SECRET_CLI_WP/);
    const refused = await cli('publish', draft.id, '--target', 'cli-wp');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/COPYDESK_SECRET_CLI_WP/);
    process.env.COPYDESK_SECRET_CLI_WP = wp.appPassword;
    try {
      const published = await cli('publish', draft.id, '--target', 'cli-wp', '--status', 'review');
      expect(published).toMatchObject({ code: 0, err: '' });
      expect(published.out).toMatch(new RegExp(`^remote id: \\d+\\nurl: ${wp.url}/`));
      expect(published.out).not.toContain(wp.appPassword);
    } finally {
      delete process.env.COPYDESK_SECRET_CLI_WP;
    }
  });
});
