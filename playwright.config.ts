import './tests/support/oneYjs';
import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { chromiumPath } from './tests/support/outside';

// The services the harness binds parse imports on a worker thread: the one the build puts beside the app.
process.env.COPYDESK_IMPORT_WORKER ??= join(__dirname, 'out', 'main', 'importWorker.js');

/**
 * Browser end-to-end tests: the built renderer in Debian's Chromium, with
 * the real services bound in place of Electron's IPC (tests/e2e/harness.ts).
 * Never `playwright install`: the browser comes from the system
 * (tests/support/outside.ts finds it; without one the specs skip, saying so).
 */
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/playwright',
  // Generous: these machines are shared and two cores go a long way only when nothing else runs.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // In CI one second try, so a test that fails only under a loaded machine does not block a landing; npm test
  // names every test that needed it (scripts/lib/testSummary.mjs), so a flake is seen, not hidden. Locally none.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: chromiumPath() ?? undefined,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
