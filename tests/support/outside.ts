import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The one place that decides whether a program from outside the project is
 * here (docs/TESTING.md, "What runs where"). A test that needs a missing one
 * skips, printing why and how to enable it, and notes the skip for `npm
 * test`'s summary; with COPYDESK_REQUIRE_ALL=1 (set by .ci/run) it fails.
 */

export const ROOT = join(__dirname, '..', '..');

/** Why a program is not here; `find` answers with one instead of throwing. */
export class Missing {
  constructor(readonly reason: string) {}
}

export interface Outside<T> {
  /** Short name, for COPYDESK_ALLOW_SKIP. */
  id: string;
  /** What it is, in a sentence: "WordPress". */
  name: string;
  /** What does not run without it, for the summary: "WordPress publish tests". */
  tests: string;
  /** How a developer makes it available. */
  enable: string;
  /** The program (an address, a path…) when it is here; why not otherwise. Throws only on a broken set-up. */
  find(): Promise<T | Missing>;
}

/** One record per skipped test file, in the file `npm test` reads for its summary (COPYDESK_SKIP_LOG). */
export interface SkipRecord {
  id: string;
  tests: string;
  file: string;
  reason: string;
  enable: string;
}

const found = new Map<string, Promise<unknown>>();
/** Skips already printed and logged: once per program and file is enough. */
const noted = new Set<string>();

/** Whether `outside` is here, asked once per process. */
export function check<T>(outside: Outside<T>): Promise<T | Missing> {
  if (!found.has(outside.id)) found.set(outside.id, outside.find());
  return found.get(outside.id) as Promise<T | Missing>;
}

/** Under COPYDESK_REQUIRE_ALL=1 a skip is a failure, except for the ids listed in COPYDESK_ALLOW_SKIP. */
export function skipsAllowed(id: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.COPYDESK_REQUIRE_ALL !== '1') return true;
  return (env.COPYDESK_ALLOW_SKIP ?? '')
    .split(',')
    .map((s) => s.trim())
    .includes(id);
}

/**
 * The program `file`'s tests need, or null when they are to skip: the
 * reason is printed and noted for the summary. Throws instead when skips
 * are not allowed here, so the tests fail saying what is missing.
 */
export async function need<T>(outside: Outside<T>, file: string): Promise<T | null> {
  const value = await check(outside);
  if (!(value instanceof Missing)) return value;
  const record: SkipRecord = {
    id: outside.id,
    tests: outside.tests,
    file: relative(ROOT, file),
    reason: value.reason,
    enable: outside.enable,
  };
  if (!skipsAllowed(outside.id)) {
    throw new Error(
      `${record.file} needs ${outside.name}, and COPYDESK_REQUIRE_ALL=1 makes a skip a failure: ${value.reason}. To enable it: ${outside.enable}.`,
    );
  }
  const key = `${outside.id} ${record.file}`;
  if (noted.has(key)) return null;
  noted.add(key);
  console.warn(`Skipped ${record.file} (${outside.tests}): ${value.reason}. To run it: ${outside.enable}.`);
  const log = process.env.COPYDESK_SKIP_LOG;
  if (log) appendFileSync(log, `${JSON.stringify(record)}\n`);
  return null;
}

/** Runs `command` and says whether it ran and exited 0, with its output. */
function probe(
  command: string,
  args: string[],
  timeoutMs = 30_000,
): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        resolve({ ok: error === null, stdout, stderr: stderr.trim() || (error?.message ?? '') });
      },
    );
  });
}

export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** The browser the e2e tests and the editor bench drive: CHROMIUM_PATH, or the first of the usual places that has one. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export const CHROMIUM: Outside<string> = {
  id: 'chromium',
  name: 'Chromium',
  tests: 'browser end-to-end tests',
  enable:
    'install Chromium (`apt-get install chromium`, or Chromium or Chrome in /Applications on a Mac), or set CHROMIUM_PATH to its binary; Playwright never downloads one here',
  find: async () =>
    chromiumPath() ??
    new Missing(
      process.env.CHROMIUM_PATH
        ? `there is no browser at CHROMIUM_PATH=${process.env.CHROMIUM_PATH}`
        : `no Chromium or Chrome at ${CHROMIUM_CANDIDATES.join(', ')}`,
    ),
};

export const HUGO: Outside<string> = {
  id: 'hugo',
  name: 'Hugo',
  tests: 'Hugo site build test',
  enable: 'install Hugo (`apt-get install hugo` or `brew install hugo`), or set HUGO_PATH to its binary',
  find: async () => {
    const hugo = process.env.HUGO_PATH ?? 'hugo';
    const version = await probe(hugo, ['version']);
    return version.ok
      ? hugo
      : new Missing(`\`${hugo} version\` did not run (${version.stderr.split('\n')[0] || 'no output'})`);
  },
};

export const FIU: Outside<string> = {
  id: 'fiu',
  name: "libfiu's fiu-run and fiu-ctrl",
  tests: 'disk-fault tests',
  enable: 'install them (`apt-get install fiu-utils`; Linux only)',
  find: async () =>
    (await probe('sh', ['-c', 'command -v fiu-run && command -v fiu-ctrl'])).ok
      ? 'fiu-run'
      : new Missing('fiu-run or fiu-ctrl is not on PATH'),
};

/** The newsroom server's PostgreSQL and Redis, as `scripts/desk/services.sh start` prints them. */
export const DESK_SERVICES: Outside<{ postgresUrl: string; redisUrl: string }> = {
  id: 'desk',
  name: 'PostgreSQL and Redis',
  tests: 'newsroom server tests on PostgreSQL and Redis',
  enable:
    'run `bash scripts/desk/services.sh start` (Debian or Ubuntu; installs postgresql and redis-server once) and export COPYDESK_DESK_POSTGRES_URL and COPYDESK_DESK_REDIS_URL from what it prints',
  find: async () => {
    const urls = envGroup({ postgresUrl: 'COPYDESK_DESK_POSTGRES_URL', redisUrl: 'COPYDESK_DESK_REDIS_URL' });
    return urls ?? new Missing('COPYDESK_DESK_POSTGRES_URL and COPYDESK_DESK_REDIS_URL are not set');
  },
};

export const ELECTRON: Outside<string> = {
  id: 'electron',
  name: "Electron's binary",
  tests: 'Electron app test',
  enable:
    'run `node node_modules/electron/install.js` where github.com (or an ELECTRON_MIRROR) is reachable; the browser end-to-end tests cover the renderer with the real services meanwhile',
  find: async () => {
    // Read from path.txt, never `require('electron')`, which tries to download a missing binary.
    const pkg = join(ROOT, 'node_modules', 'electron');
    const pathFile = join(pkg, 'path.txt');
    const binary = existsSync(pathFile) ? join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
    return binary && existsSync(binary)
      ? binary
      : new Missing(
          "Electron's binary is not installed (node_modules/electron/dist is missing; its download was blocked or skipped)",
        );
  },
};

/**
 * A CMS from scripts/cms/: the address and secrets from the environment
 * when set (as .ci/run does), else a running instance, else one started now
 * when the script finds everything installed (it never installs from a
 * test: that needs root or a 1 GB download). Missing when none of these.
 */
export function cmsScript<T>(
  script: string,
  fromEnv: () => T | null,
  notInstalled: string,
): () => Promise<T | Missing> {
  return async () => {
    const configured = fromEnv();
    if (configured) return configured;
    const path = join(ROOT, script);
    const status = await probe('bash', [path, 'status']);
    if (status.ok) return parseLastLine<T>(status.stdout, script);
    const installed = await probe('bash', [path, 'installed']);
    if (!installed.ok)
      return new Missing(`${notInstalled}${installed.stderr ? ` (${installed.stderr.split('\n').pop()})` : ''}`);
    const started = await probe('bash', [path, 'start'], CMS_START_TIMEOUT_MS);
    if (!started.ok) {
      // Installed but not starting is a broken set-up, not an absent one: fail and show why.
      throw new Error(
        `${script} could not start its server; run \`bash ${script}\` and read what it says.\n${started.stderr.split('\n').slice(-8).join('\n')}`,
      );
    }
    return parseLastLine<T>(started.stdout, script);
  };
}

/** A first start of Ghost runs its migrations (2–3 minutes on a busy machine). */
export const CMS_START_TIMEOUT_MS = 10 * 60_000;

function parseLastLine<T>(stdout: string, script: string): T {
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as T;
  } catch {
    throw new Error(`${script} printed no JSON on its last line: ${last.slice(0, 200)}`);
  }
}

/** The variables named are all set (their values), none is (null); some but not all is a mistake worth stopping for. */
export function envGroup<K extends string>(
  names: Record<K, string>,
  env: NodeJS.ProcessEnv = process.env,
): Record<K, string> | null {
  const entries = Object.entries(names) as Array<[K, string]>;
  const set = entries.filter(([, name]) => env[name]);
  if (set.length === 0) return null;
  if (set.length < entries.length) {
    const missing = entries.filter(([, name]) => !env[name]).map(([, name]) => name);
    throw new Error(
      `${set.map(([, n]) => n).join(', ')} set but ${missing.join(', ')} not: set all of ${entries.map(([, n]) => n).join(', ')}, or none.`,
    );
  }
  return Object.fromEntries(entries.map(([key, name]) => [key, env[name]!])) as Record<K, string>;
}
