import { slugify } from '../../src/common/slug';
import { MemorySecretStore } from '../../src/main/publish/secrets';
import type { FetchLike } from '../../src/publishing/http';
import { createFixtureDraft, loadFixture } from '../support/fixtures';
import { openTestStore, tempDir } from '../support/store';
import { timed } from './stats';

/**
 * What a publish bench's runs make on a real CMS (publish.bench.ts,
 * teamPublish.bench.ts): each run's post under a slug of its own, and the
 * media it uploaded, all deleted when the bench ends.
 */
export interface MadeOnCms {
  /** A run's slug: the fixture's, the side and the run's number, unique to this bench run on the server. */
  slugOf: (side: string, i: number) => string;
  /** Notes a run's post and media for the clean-up, and hands the run on. */
  keep: <R extends { postId: string; mediaIds: string[] }>(run: R) => R;
  /** Deletes them (Ghost's Admin API cannot delete uploaded images: those stay); says what it did. */
  cleanUp: (cms: {
    kind: 'wordpress' | 'ghost';
    url: string;
    headers: () => Record<string, string>;
  }) => Promise<string>;
}

export function madeOnCms(fixture: string, runId: string): MadeOnCms {
  const base = slugify(loadFixture(fixture).headline).slice(0, 60);
  const posts: string[] = [];
  const media: string[] = [];
  return {
    // Same length on both sides, unique per run on the server.
    slugOf: (side, i) => `${base}-${side}-${runId}-${String(i).padStart(2, '0')}`,
    keep: (run) => {
      posts.push(run.postId);
      media.push(...run.mediaIds);
      return run;
    },
    cleanUp: async ({ kind, url, headers }) => {
      const made = posts.filter(Boolean);
      let failed = 0;
      const del = async (address: string) => {
        const res = await fetch(address, { method: 'DELETE', headers: headers() }).catch(() => null);
        if (!res || !res.ok) failed++;
        await res?.arrayBuffer();
      };
      for (const id of made)
        await del(
          kind === 'wordpress' ? `${url}/wp-json/wp/v2/posts/${id}?force=true` : `${url}/ghost/api/admin/posts/${id}/`,
        );
      if (kind === 'wordpress') for (const id of media) await del(`${url}/wp-json/wp/v2/media/${id}?force=true`);
      const what =
        kind === 'wordpress'
          ? `${made.length} posts and ${media.length} media`
          : `${made.length} posts (the ${media.length} uploaded images stay: Ghost has no API to delete them)`;
      return failed ? `deleted ${what}, ${failed} deletions failed` : `deleted ${what}`;
    },
  };
}

/** What one timed publish made: its time, and the post and media to delete afterwards. */
export interface PublishRun {
  ms: number;
  postId: string;
  mediaIds: string[];
}

/**
 * One publish by the app's outbox of `fixture`, from a fresh store with the
 * target added and the draft under `slug`; only the publish itself is timed.
 * `who` names the publisher in the error when it does not finish.
 */
export async function appPublishRun(options: {
  folderPrefix: string;
  fixture: string;
  target: { name: string; kind: 'wordpress' | 'ghost'; url: string; user: string };
  secret: string;
  fetch: FetchLike;
  slug: string;
  who: string;
}): Promise<PublishRun> {
  const { target } = options;
  const { dir, cleanup } = tempDir(options.folderPrefix);
  const store = await openTestStore({
    dir,
    now: Date.now,
    dailyBackup: false,
    publish: { secrets: new MemorySecretStore({ [target.name]: options.secret }), fetch: options.fetch },
  });
  try {
    const created = await createFixtureDraft(store.handlers, options.fixture);
    const saved = await store.call('drafts.save', {
      id: created.id,
      expectedVersion: created.version,
      slug: options.slug,
      reason: 'manual',
    });
    if (saved.kind !== 'saved') throw new Error(`could not set the slug (${saved.kind})`);
    await store.call('targets.add', target);
    const t = await timed(() => store.outbox.publish(created.id, target.name, 'publish'));
    if (t.value.kind !== 'job' || t.value.job.state !== 'done')
      throw new Error(`${options.who} did not finish: ${t.value.message}`);
    const media = await store.ctx.db.all<{ remote_id: string }>(
      `SELECT remote_id FROM publish_media WHERE state = 'done'`,
    );
    return { ms: t.ms, postId: t.value.job.remoteId!, mediaIds: media.map((m) => m.remote_id) };
  } finally {
    await store.close();
    cleanup();
  }
}
