/** A Vitest JSON report, as far as the summary reads it. */
export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: Array<{ name: string; status: string; assertionResults: Array<{ status: string }> }>;
}

export interface PlaywrightSuite {
  specs?: Array<{ file: string; tests: Array<{ status: string }> }>;
  suites?: PlaywrightSuite[];
}

/** A Playwright JSON report, as far as the summary reads it. */
export interface PlaywrightReport {
  config: { rootDir?: string };
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  suites: PlaywrightSuite[];
}

/** Totals from both reports, and one line per missing program with the number of tests it skipped. */
export declare function summarize(input: {
  root: string;
  vitest: VitestReport | null;
  playwright: PlaywrightReport | null;
  skipLog: string;
}): {
  totals: { passed: number; failed: number; skipped: number };
  skippedLines: string[];
};
