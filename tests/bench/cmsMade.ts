import { slugify } from '../../src/common/slug';
import { loadFixture } from '../support/fixtures';

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
