import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { summarize } from '../../scripts/lib/testSummary.mjs';
import { envGroup, Missing, need, skipsAllowed, type Outside } from '../support/outside';
import { tempDir } from '../support/store';

/** The helper that decides "here, or skip saying why, or fail under COPYDESK_REQUIRE_ALL". */

let n = 0;
/** A program that is never here; each test gets its own id, as `check` remembers answers per id. */
function absent(): Outside<string> {
  n += 1;
  return {
    id: `absent-${n}`,
    name: 'Absent',
    tests: 'absent tests',
    enable: 'install it',
    find: async () => new Missing('it is not installed'),
  };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('need', () => {
  it('gives the program when it is here, and asks only once per process', async () => {
    const find = vi.fn(async () => '/usr/bin/present');
    const present: Outside<string> = { id: 'present', name: 'Present', tests: 'present tests', enable: '-', find };
    expect(await need(present, __filename)).toBe('/usr/bin/present');
    expect(await need(present, __filename)).toBe('/usr/bin/present');
    expect(find).toHaveBeenCalledTimes(1);
  });

  it('skips with the reason printed once per file and noted for the summary', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const log = join(dir, 'skipped.jsonl');
      vi.stubEnv('COPYDESK_REQUIRE_ALL', '');
      vi.stubEnv('COPYDESK_SKIP_LOG', log);
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const outside = absent();
      expect(await need(outside, __filename)).toBeNull();
      expect(await need(outside, __filename)).toBeNull();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]![0]).toBe(
        'Skipped tests/unit/outside.test.ts (absent tests): it is not installed. To run it: install it.',
      );
      const records = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown);
      expect(records).toEqual([
        {
          id: outside.id,
          tests: 'absent tests',
          file: 'tests/unit/outside.test.ts',
          reason: 'it is not installed',
          enable: 'install it',
        },
      ]);
    } finally {
      cleanup();
    }
  });

  it('fails instead under COPYDESK_REQUIRE_ALL=1, naming what is missing and how to get it', async () => {
    vi.stubEnv('COPYDESK_REQUIRE_ALL', '1');
    vi.stubEnv('COPYDESK_SKIP_LOG', '');
    await expect(need(absent(), __filename)).rejects.toThrow(
      'tests/unit/outside.test.ts needs Absent, and COPYDESK_REQUIRE_ALL=1 makes a skip a failure: it is not installed. To enable it: install it.',
    );
  });

  it('still skips, under COPYDESK_REQUIRE_ALL=1, what COPYDESK_ALLOW_SKIP names', async () => {
    const outside = absent();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.stubEnv('COPYDESK_REQUIRE_ALL', '1');
    vi.stubEnv('COPYDESK_ALLOW_SKIP', `electron, ${outside.id}`);
    vi.stubEnv('COPYDESK_SKIP_LOG', '');
    expect(await need(outside, __filename)).toBeNull();
  });
});

describe('skipsAllowed', () => {
  it('allows every skip unless COPYDESK_REQUIRE_ALL is 1', () => {
    expect(skipsAllowed('hugo', {})).toBe(true);
    expect(skipsAllowed('hugo', { COPYDESK_REQUIRE_ALL: '0' })).toBe(true);
    expect(skipsAllowed('hugo', { COPYDESK_REQUIRE_ALL: '1' })).toBe(false);
    expect(skipsAllowed('electron', { COPYDESK_REQUIRE_ALL: '1', COPYDESK_ALLOW_SKIP: 'electron' })).toBe(true);
  });
});

describe('envGroup', () => {
  const names = { url: 'X_URL', key: 'X_KEY' };

  it('reads a group of variables set together, or none', () => {
    expect(envGroup(names, {})).toBeNull();
    expect(envGroup(names, { X_URL: 'http://127.0.0.1:1', X_KEY: 'k' })).toEqual({
      url: 'http://127.0.0.1:1',
      key: 'k',
    });
  });

  it('stops at a group set by half, naming what is missing', () => {
    expect(() => envGroup(names, { X_URL: 'http://127.0.0.1:1' })).toThrow(
      'X_URL set but X_KEY not: set all of X_URL, X_KEY, or none.',
    );
  });
});

describe("npm test's summary of what was skipped", () => {
  const root = '/repo';
  const record = (id: string, tests: string, file: string, reason: string) =>
    JSON.stringify({ id, tests, file, reason, enable: `get ${id}` });

  it("counts each program's skipped tests from both reports, and a file that failed to load as one failure", () => {
    const vitest = {
      numPassedTests: 5,
      numFailedTests: 1,
      numPendingTests: 3,
      numTodoTests: 0,
      testResults: [
        {
          name: '/repo/tests/unit/publish-wordpress.test.ts',
          status: 'passed',
          assertionResults: [{ status: 'skipped' }, { status: 'skipped' }],
        },
        { name: '/repo/tests/unit/export-hugo.test.ts', status: 'passed', assertionResults: [{ status: 'skipped' }] },
        {
          name: '/repo/tests/unit/desk-client.test.ts',
          status: 'passed',
          assertionResults: [{ status: 'passed', fullName: 'restart carries saves', failureMessages: ['timed out'] }],
        },
        {
          name: '/repo/tests/unit/slug.test.ts',
          status: 'failed',
          assertionResults: [{ status: 'passed' }, { status: 'failed' }],
        },
        { name: '/repo/tests/unit/publish-ghost.test.ts', status: 'failed', assertionResults: [] },
      ],
    };
    const playwright = {
      config: { rootDir: '/repo/tests/e2e' },
      stats: { expected: 2, unexpected: 0, flaky: 1, skipped: 2 },
      suites: [
        { file: 'publish.spec.ts', specs: [{ file: 'publish.spec.ts', tests: [{ status: 'skipped' }] }] },
        {
          file: 'review.spec.ts',
          specs: [{ file: 'review.spec.ts', tests: [{ status: 'expected' }] }],
          suites: [{ specs: [{ file: 'review.spec.ts', tests: [{ status: 'expected' }] }] }],
        },
        { file: 'electron.spec.ts', specs: [{ file: 'electron.spec.ts', tests: [{ status: 'skipped' }] }] },
        {
          file: 'palette.spec.ts',
          specs: [{ file: 'palette.spec.ts', title: 'the palette runs', tests: [{ status: 'flaky' }] }],
        },
      ],
    };
    const skipLog = [
      record('wordpress', 'WordPress publish tests', 'tests/unit/publish-wordpress.test.ts', 'no WordPress'),
      record('hugo', 'Hugo site build test', 'tests/unit/export-hugo.test.ts', 'no hugo'),
      record('wordpress', 'WordPress publish tests', 'tests/e2e/publish.spec.ts', 'no WordPress'),
      record('electron', 'Electron app test', 'tests/e2e/electron.spec.ts', 'no binary'),
    ].join('\n');
    const { totals, skippedLines, flaky } = summarize({ root, vitest, playwright, skipLog: `${skipLog}\n` });
    expect(totals).toEqual({ passed: 8, failed: 2, skipped: 5 });
    // A test that passed only on its second try counts as passed, and is named.
    expect(flaky).toEqual(['desk-client.test.ts: restart carries saves', 'palette.spec.ts: the palette runs']);
    expect(skippedLines).toEqual([
      'Skipped: WordPress publish tests (3) — no WordPress. To run them: get wordpress.',
      'Skipped: Hugo site build test (1) — no hugo. To run them: get hugo.',
      'Skipped: Electron app test (1) — no binary. To run them: get electron.',
    ]);
  });

  it('says nothing about skips when nothing was skipped, and copes with a step that wrote no report', () => {
    expect(summarize({ root, vitest: null, playwright: null, skipLog: '' })).toEqual({
      totals: { passed: 0, failed: 0, skipped: 0 },
      skippedLines: [],
      flaky: [],
    });
  });
});
