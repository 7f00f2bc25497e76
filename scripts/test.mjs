import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './electronBinary.mjs';
import { summarize } from './lib/testSummary.mjs';

/**
 * `npm test`: everything this machine can run, in the order a failure is
 * cheapest to find — types, lint, build, unit and integration tests in
 * Node, then the browser end-to-end tests in Chromium. Tests that need a
 * program the machine lacks (a CMS, Hugo, Chromium, Electron) skip and note
 * why in the skip log (tests/support/outside.ts); the summary lists them
 * with how to enable each, then one line of totals, which CI reads.
 */
const results = join(ROOT, 'test-results');
mkdirSync(results, { recursive: true });
const vitestJson = join(results, 'vitest.json');
const playwrightJson = join(results, 'playwright.json');
const skipLog = join(results, 'skipped.jsonl');
for (const file of [vitestJson, playwrightJson, skipLog]) rmSync(file, { force: true });

const steps = [
  ['typecheck', ['npm', 'run', '--silent', 'typecheck']],
  ['lint', ['npm', 'run', '--silent', 'lint']],
  ['build', ['npx', 'electron-vite', 'build']],
  [
    'unit and integration (vitest)',
    ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
  ],
  [
    'browser end-to-end (playwright)',
    ['npx', 'playwright', 'test', '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
  ],
];

const failedSteps = [];
for (const [name, [command, ...args], env] of steps) {
  console.log(`\n=== ${name} ===`);
  const run = spawnSync(command, args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, COPYDESK_SKIP_LOG: skipLog, ...env },
  });
  if (run.status !== 0) {
    failedSteps.push(name);
    // Later steps depend on a good build; tests still run after a lint or type error.
    if (name === 'build') break;
  }
}

const read = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : null);
const json = (file) => {
  const text = read(file);
  return text === null ? null : JSON.parse(text);
};
const { totals, skippedLines, flaky } = summarize({
  root: ROOT,
  vitest: json(vitestJson),
  playwright: json(playwrightJson),
  skipLog: read(skipLog) ?? '',
});
if (skippedLines.length > 0) {
  console.log('\nSkipped, for want of a program this machine lacks (COPYDESK_REQUIRE_ALL=1 makes these failures):');
  for (const line of skippedLines) console.log(`  ${line}`);
}
if (flaky.length > 0) {
  console.log('\nPassed only on a second try (flaky: fix the cause):');
  for (const title of flaky) console.log(`  ${title}`);
}
if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length > 0 || totals.failed > 0 ? 1 : 0);
