import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The real WordPress and Ghost the publish tests talk to. `.ci/run` starts
 * them and exports their addresses and credentials; on a developer's machine
 * the tests start them with the project's scripts (a running instance is
 * reused, so a run pays the start once). When neither works the tests fail,
 * naming the script to run: they never skip.
 */

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

export interface WordPressServer {
  url: string;
  user: string;
  appPassword: string;
}

export interface GhostServer {
  url: string;
  adminKey: string;
}

/** Long enough for a first-ever install on a cold machine. */
export const CMS_START_TIMEOUT_MS = 25 * 60_000;

async function startWith(script: string): Promise<unknown> {
  try {
    const { stdout } = await run('bash', [join(ROOT, script), 'start'], { timeout: CMS_START_TIMEOUT_MS, maxBuffer: 1 << 20 });
    return JSON.parse(stdout.trim().split('\n').pop()!);
  } catch (err) {
    const detail = (err as { stderr?: string }).stderr?.trim().split('\n').slice(-8).join('\n') ?? (err as Error).message;
    throw new Error(`The publish tests need a real CMS, and ${script} could not start one. Run \`bash ${script}\` and look at what it says.\n${detail}`);
  }
}

let wordpress: Promise<WordPressServer> | null = null;
let ghost: Promise<GhostServer> | null = null;

export function ensureWordPress(): Promise<WordPressServer> {
  wordpress ??= (async () => {
    const { COPYDESK_WP_URL: url, COPYDESK_WP_USER: user, COPYDESK_WP_APP_PASSWORD: appPassword } = process.env;
    if (url && user && appPassword) return { url, user, appPassword };
    return (await startWith('scripts/cms/wordpress.sh')) as WordPressServer;
  })();
  return wordpress;
}

export function ensureGhost(): Promise<GhostServer> {
  ghost ??= (async () => {
    const { COPYDESK_GHOST_URL: url, COPYDESK_GHOST_ADMIN_KEY: adminKey } = process.env;
    if (url && adminKey) return { url, adminKey };
    return (await startWith('scripts/cms/ghost.sh')) as GhostServer;
  })();
  return ghost;
}

/** A fetch that notes every request, for "an unchanged publish sends nothing that changes anything". */
export function recordingFetch(): { fetch: typeof fetch; requests: Array<{ method: string; url: string }> } {
  const requests: Array<{ method: string; url: string }> = [];
  return {
    requests,
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      requests.push({ method: init?.method ?? 'GET', url: String(input) });
      return fetch(input, init);
    }) as typeof fetch,
  };
}
