import type { Draft } from '../../src/common/domain';
import { ghostToken } from '../../src/publishing/ghost';
import { cmsScript, envGroup, type Outside } from './outside';
import type { TestStore } from './store';

/**
 * The real WordPress and Ghost the publish tests talk to, and the reads
 * they check a publish with. `.ci/run` starts both and exports their
 * addresses; elsewhere a running or installed instance is used, and the
 * tests skip, saying how to get one, when there is none (tests/support/outside.ts).
 */

export interface WordPressServer {
  url: string;
  user: string;
  appPassword: string;
}

export interface GhostServer {
  url: string;
  adminKey: string;
}

export const WORDPRESS: Outside<WordPressServer> = {
  id: 'wordpress',
  name: 'WordPress',
  tests: 'WordPress publish tests',
  enable:
    'set COPYDESK_WP_URL, COPYDESK_WP_USER and COPYDESK_WP_APP_PASSWORD (a WordPress 6 user and its Application Password), ' +
    'or run `bash scripts/cms/wordpress.sh start` (Debian or Ubuntu: it installs wordpress, mariadb-server and php with apt-get once, which needs root)',
  find: cmsScript(
    'scripts/cms/wordpress.sh',
    () => envGroup({ url: 'COPYDESK_WP_URL', user: 'COPYDESK_WP_USER', appPassword: 'COPYDESK_WP_APP_PASSWORD' }),
    'COPYDESK_WP_URL is not set, no local WordPress is running, and its Debian packages are not installed',
  ),
};

export const GHOST: Outside<GhostServer> = {
  id: 'ghost',
  name: 'Ghost',
  tests: 'Ghost publish tests',
  enable:
    'set COPYDESK_GHOST_URL and COPYDESK_GHOST_ADMIN_KEY (a Ghost 6 and an Admin API key), ' +
    'or run `bash scripts/cms/ghost.sh start` once (Linux x64; fetches Ghost and Node 22 from npm into ~/.cache/copydesk-cms: 1.2 GB, 5 to 16 minutes)',
  find: cmsScript(
    'scripts/cms/ghost.sh',
    () => envGroup({ url: 'COPYDESK_GHOST_URL', adminKey: 'COPYDESK_GHOST_ADMIN_KEY' }),
    'COPYDESK_GHOST_URL is not set, no local Ghost is running, and none is installed',
  ),
};

/** Basic auth with the Application Password, as the REST API expects it. */
export function wpAuth(wp: WordPressServer): { Authorization: string } {
  return {
    Authorization: `Basic ${Buffer.from(`${wp.user}:${wp.appPassword.replace(/\s+/g, '')}`).toString('base64')}`,
  };
}

/** GET `/wp-json/wp/v2/<path>` as the test user; anything but 200 throws with WordPress's answer. */
export async function wpGet<T>(wp: WordPressServer, path: string): Promise<T> {
  const res = await fetch(`${wp.url}/wp-json/wp/v2/${path}`, { headers: wpAuth(wp) });
  if (res.status !== 200)
    throw new Error(`GET ${path} answered HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

/** Headers for Ghost's Admin API, with a token signed now. */
export function ghostAdmin(ghost: GhostServer): Record<string, string> {
  return { Authorization: `Ghost ${ghostToken(ghost.adminKey, Date.now())}`, 'Accept-Version': 'v6.0' };
}

/** A fetch that notes every request, for "an unchanged publish sends nothing that changes anything". */
export function recordingFetch(): { fetch: typeof fetch; requests: Array<{ method: string; url: string }> } {
  const requests: Array<{ method: string; url: string }> = [];
  return {
    requests,
    fetch: async (input: string | URL | Request, init?: RequestInit) => {
      requests.push({ method: init?.method ?? 'GET', url: input instanceof Request ? input.url : String(input) });
      return fetch(input, init);
    },
  };
}

/** Gives a draft a slug of this run's own: a real CMS keeps the posts of every earlier run. */
export async function withSlug(store: TestStore, draft: Draft, slug: string): Promise<Draft> {
  const saved = await store.call('drafts.save', {
    id: draft.id,
    expectedVersion: draft.version,
    slug,
    reason: 'manual',
  });
  if (saved.kind !== 'saved') throw new Error('could not set the slug');
  return saved.draft;
}
