import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// Unit and integration tests run inside workerd with the bindings from wrangler.toml (real KV and
// Durable Objects, state isolated per test file).
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: { ADMIN_TOKEN: 'test-admin-token-0123456789abcdef', SNAPSHOT_REFRESH_SECONDS: '5' },
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**'],
    // CI also writes a JSON summary (.ci/run prints one closing line from it).
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test/.tmp/results-unit.json' }]]
      : ['default'],
  },
});
