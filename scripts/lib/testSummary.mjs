import { join, relative } from 'node:path';

/**
 * `npm test`'s totals, from Vitest's and Playwright's JSON reports, and one
 * line per program whose absence made tests skip, from the skip log that
 * tests/support/outside.ts writes (one JSON record per line).
 */
export function summarize({ root, vitest, playwright, skipLog }) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  /** Skipped tests per file, relative to the project. */
  const skippedIn = new Map();
  /** Tests that failed once and passed on their second try (CI only), by file and title. */
  const flaky = [];
  const noteSkipped = (file, n) => skippedIn.set(file, (skippedIn.get(file) ?? 0) + n);
  if (vitest) {
    totals.passed += vitest.numPassedTests;
    totals.failed += vitest.numFailedTests;
    totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
    for (const file of vitest.testResults) {
      noteSkipped(
        relative(root, file.name),
        file.assertionResults.filter((t) => t.status === 'skipped' || t.status === 'pending' || t.status === 'todo')
          .length,
      );
      // Vitest keeps a retried test's earlier errors: passed with errors means passed on a second try.
      for (const t of file.assertionResults)
        if (t.status === 'passed' && t.failureMessages?.length > 0)
          flaky.push(`${relative(join(root, 'tests', 'unit'), file.name)}: ${t.fullName ?? t.title}`);
      // A file that failed before any test ran (an import error, a required program missing) counts as one failure.
      if (file.status === 'failed' && file.assertionResults.length === 0) totals.failed += 1;
    }
  }
  if (playwright) {
    totals.passed += playwright.stats.expected + playwright.stats.flaky;
    totals.failed += playwright.stats.unexpected;
    totals.skipped += playwright.stats.skipped;
    const testDir = playwright.config.rootDir ?? join(root, 'tests', 'e2e');
    const walk = (suite) => {
      for (const spec of suite.specs ?? []) {
        noteSkipped(relative(root, join(testDir, spec.file)), spec.tests.filter((t) => t.status === 'skipped').length);
        if (spec.tests.some((t) => t.status === 'flaky')) flaky.push(`${spec.file}: ${spec.title}`);
      }
      for (const child of suite.suites ?? []) walk(child);
    };
    for (const suite of playwright.suites) walk(suite);
  }

  const groups = new Map();
  for (const line of skipLog.split('\n').filter(Boolean)) {
    const record = JSON.parse(line);
    const group = groups.get(record.id) ?? {
      tests: record.tests,
      enable: record.enable,
      files: new Set(),
      reasons: new Set(),
    };
    group.files.add(record.file);
    group.reasons.add(record.reason);
    groups.set(record.id, group);
  }
  const skippedLines = [...groups.values()].map((group) => {
    const count = [...group.files].reduce((n, file) => n + (skippedIn.get(file) ?? 0), 0);
    return `Skipped: ${group.tests} (${count}) — ${[...group.reasons].join('; ')}. To run them: ${group.enable}.`;
  });
  return { totals, skippedLines, flaky };
}
