/** A Vitest JSON report, as far as the summary reads it. */
export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: Array<{
    name: string;
    status: string;
    assertionResults: Array<{ status: string; fullName?: string; title?: string; failureMessages?: string[] }>;
  }>;
}

export interface PlaywrightSuite {
  specs?: Array<{ file: string; title?: string; tests: Array<{ status: string }> }>;
  suites?: PlaywrightSuite[];
}

/** A Playwright JSON report, as far as the summary reads it. */
export interface PlaywrightReport {
  config: { rootDir?: string };
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  suites: PlaywrightSuite[];
}

/**
 * Totals from both reports, one line per missing program with the number of tests it skipped, and the tests
 * that passed only on a second try.
 */
export declare function summarize(input: {
  root: string;
  vitest: VitestReport | null;
  playwright: PlaywrightReport | null;
  skipLog: string;
}): {
  totals: { passed: number; failed: number; skipped: number };
  skippedLines: string[];
  flaky: string[];
};
