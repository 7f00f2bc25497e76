import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Builds the import worker from the sources for the tests that import files.
    globalSetup: ['tests/support/importWorker.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: the crash-safety test spawns child processes of its own.
    maxWorkers: 2,
    // In CI one second try for a test that fails once (servers restarted, processes killed on a shared machine);
    // npm test names each that needed it (scripts/lib/testSummary.mjs). Locally none.
    retry: process.env.CI ? 1 : 0,
  },
});
