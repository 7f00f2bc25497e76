import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './electronBinary.mjs';

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
  ['unit and integration (vitest)', ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]],
  ['browser end-to-end (playwright)', ['npx', 'playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson }],
];

const failedSteps = [];
for (const [name, [command, ...args], env] of steps) {
  console.log(`\n=== ${name} ===`);
  const run = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, COPYDESK_SKIP_LOG: skipLog, ...env } });
  if (run.status !== 0) {
    failedSteps.push(name);
    // Later steps depend on a good build; tests still run after a lint or type error.
    if (name === 'build') break;
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
/** Skipped tests per file, relative to the project, from both reports. */
const skippedIn = new Map();
const noteSkipped = (file, n) => skippedIn.set(file, (skippedIn.get(file) ?? 0) + n);
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  for (const file of report.testResults) {
    noteSkipped(relative(ROOT, file.name), file.assertionResults.filter((t) => t.status === 'skipped' || t.status === 'pending' || t.status === 'todo').length);
    // A file that failed before any test ran (an import error, a required program missing) counts as one failure.
    if (file.status === 'failed' && file.assertionResults.length === 0) totals.failed += 1;
  }
}
if (existsSync(playwrightJson)) {
  const report = JSON.parse(readFileSync(playwrightJson, 'utf8'));
  totals.passed += report.stats.expected + report.stats.flaky;
  totals.failed += report.stats.unexpected;
  totals.skipped += report.stats.skipped;
  const testDir = report.config.rootDir ?? join(ROOT, 'tests', 'e2e');
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) noteSkipped(relative(ROOT, join(testDir, spec.file)), spec.tests.filter((t) => t.status === 'skipped').length);
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites) walk(suite);
}

// What was skipped for want of a program, grouped by program, with how to enable it.
if (existsSync(skipLog)) {
  const groups = new Map();
  for (const line of readFileSync(skipLog, 'utf8').split('\n').filter(Boolean)) {
    const record = JSON.parse(line);
    const group = groups.get(record.id) ?? { ...record, files: new Set(), reasons: new Set() };
    group.files.add(record.file);
    group.reasons.add(record.reason);
    groups.set(record.id, group);
  }
  if (groups.size > 0) console.log('\nSkipped, for want of a program this machine lacks (COPYDESK_REQUIRE_ALL=1 makes these failures):');
  for (const group of groups.values()) {
    const count = [...group.files].reduce((n, file) => n + (skippedIn.get(file) ?? 0), 0);
    console.log(`  Skipped: ${group.tests} (${count}) — ${[...group.reasons].join('; ')}. To run them: ${group.enable}.`);
  }
}
if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length > 0 || totals.failed > 0 ? 1 : 0);
