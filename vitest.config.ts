import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// Unit and integration tests run inside workerd with the bindings from wrangler.toml (real KV and
// Durable Objects, state isolated per test file).
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        // Health-check writes do not start probes here: tests tick the scheduler themselves.
        // FORWARDING off: tests have no internet. Forwarding tests pass their own env, with
        // UPSTREAMS pointing at the local upstream of test/support/upstream-setup.ts.
        // OUTBOUND_ALLOW_PRIVATE: health and webhook targets listen on 127.0.0.1; the tests of the
        // guard itself (test/http/api/outbound-targets.test.ts) close it in the env they pass.
        bindings: {
          ADMIN_TOKEN: 'test-admin-token-0123456789abcdef',
          SNAPSHOT_REFRESH_SECONDS: '5',
          HEALTH_TICK_ON_WRITE: 'false',
          FORWARDING: 'off',
          OUTBOUND_ALLOW_PRIVATE: 'true',
          // The reverse-proxy tests' origins are IP members on 127.0.0.x (test/proxy).
          ORIGIN_DIRECT_IP: 'true',
          // No edge latency sampling from other tests' queries: the sampling tests pass their own env.
          LATENCY_SAMPLE_SECONDS: '0',
        },
      },
    }),
  ],
  test: {
    // Local HTTP/TCP endpoints the health-probe tests switch up, down, slow or wrong.
    // Local HTTP targets the health tests switch up and down, and a local upstream DoH resolver the
    // forwarding tests configure per scenario.
    globalSetup: [
      './test/support/probe-endpoints-setup.ts',
      './test/support/health-targets-setup.ts',
      './test/support/upstream-setup.ts',
      './test/support/origin-servers-setup.ts',
      // A beacon whose path names its delay, for the edge latency sampling tests (test/latency).
      './test/support/beacon-server-setup.ts',
    ],
    // Leaves no Durable Object alarm armed when a test file ends (test/support/stop-alarms.ts).
    setupFiles: ['./test/support/stop-alarms.ts'],
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**'],
    // The first request of a test file loads the whole Worker, 4 MB of geolocation tables included:
    // a few seconds on 2 busy cores. Timeouts here guard against hangs, not speed (that is the bench).
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // CI also writes a JSON summary (.ci/run prints one closing line from it).
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test/.tmp/results-unit.json' }]]
      : ['default'],
  },
});
