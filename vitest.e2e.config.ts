import { defineConfig } from 'vitest/config';

// End-to-end tests run in plain Node against a real `wrangler dev` (test/support/e2e/wrangler-dev.ts) and
// drive it with real clients: curl and the edgesteer CLI. One file at a time: each starts its own
// server, and wrangler's startup is heavy.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
    // CI also writes a JSON summary (.ci/run prints one closing line from it).
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test/.tmp/results-e2e.json' }]]
      : ['default'],
  },
});
