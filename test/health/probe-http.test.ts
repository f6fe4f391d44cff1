/** probeHttp against a real Node HTTP server (test/support/probe-endpoints-setup.ts), with workerd's real fetch(). */
import { beforeEach, describe, expect, it } from 'vitest';
import { type ProbeSpec, probeHttp } from '../../src/health/probe';
import {
  httpDown,
  lastRequest,
  realDeps,
  resetServers,
  servers,
  setHttpMode,
} from '../support/probe-endpoints';

const spec = (extra: Partial<ProbeSpec> = {}): ProbeSpec => ({
  type: 'HTTP',
  fullyQualifiedDomainName: 'localhost',
  port: servers.http,
  ...extra,
});

beforeEach(resetServers);

describe('probeHttp via fetch() to the FQDN (§5.1)', () => {
  it('up: healthy, with status, RTT, path, Host and extra headers', async () => {
    const result = await probeHttp(
      spec({ resourcePath: 'health?deep=1', headers: { 'X-Probe': 'yes' } }),
      realDeps(),
    );
    expect(result).toMatchObject({ healthy: true, statusCode: 200, reason: 'status 200' });
    expect(result.rttMs).toBeGreaterThanOrEqual(0);
    const seen = await lastRequest();
    expect(seen?.url).toBe('/health?deep=1');
    expect(seen?.headers.host).toBe(`localhost:${servers.http}`);
    expect(seen?.headers['x-probe']).toBe('yes');
  });

  it('wrong status: unhealthy with the reason', async () => {
    await setHttpMode({ status: 503 });
    const result = await probeHttp(spec(), realDeps());
    expect(result).toMatchObject({
      healthy: false,
      failure: 'status',
      statusCode: 503,
      reason: 'status 503 not in 200-399',
    });
  });

  it('3xx is healthy and not followed', async () => {
    await setHttpMode({ status: 302, headers: { location: '/elsewhere' } });
    const result = await probeHttp(spec({ resourcePath: '/start' }), realDeps());
    expect(result).toMatchObject({ healthy: true, statusCode: 302 });
    expect((await lastRequest())?.url).toBe('/start');
  });

  it('custom expected ranges', async () => {
    await setHttpMode({ status: 204 });
    const result = await probeHttp(
      spec({
        expectedStatus: [
          { min: 200, max: 200 },
          { min: 300, max: 302 },
        ],
      }),
      realDeps(),
    );
    expect(result.reason).toBe('status 204 not in 200, 300-302');
  });

  // workerd's fetch() reports a refused connection only as "Network connection lost." (the
  // refusal shows in workerd's own log), so the probe cannot name it; connect() can (below).
  it('down: unhealthy, connection failed', async () => {
    await httpDown();
    const result = await probeHttp(spec(), realDeps());
    expect(result).toMatchObject({ healthy: false, failure: 'network', rttMs: null, statusCode: null });
    expect(result.reason).toBe('connection failed: Network connection lost.');
  });

  it('slow: timeout (deadline shortened 20×, reason names the real deadline)', async () => {
    await setHttpMode({ delayMs: 1_000 });
    const result = await probeHttp(spec(), realDeps());
    expect(result).toMatchObject({ healthy: false, failure: 'timeout', reason: 'timeout after 6000 ms' });
  });

  it('slow: the real 6 s deadline', { timeout: 15_000 }, async () => {
    await setHttpMode({ delayMs: 10_000 });
    const started = Date.now();
    const result = await probeHttp(spec(), realDeps(true));
    expect(result.reason).toBe('timeout after 6000 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_900);
    // Well before the target's 10 s answer (a margin for a loaded machine's late timers).
    expect(Date.now() - started).toBeLessThan(9_000);
  });
});

describe('HTTP_STR_MATCH via fetch() (first 5,120 bytes, case-sensitive)', () => {
  const match = (searchString: string): ProbeSpec => spec({ type: 'HTTP_STR_MATCH', searchString });
  const padded = (before: number, marker: string): string =>
    `${'x'.repeat(before)}${marker}${'y'.repeat(8_000)}`;

  it('found', async () => {
    await setHttpMode({ body: padded(3_000, 'ALIVE') });
    expect(await probeHttp(match('ALIVE'), realDeps())).toMatchObject({ healthy: true, statusCode: 200 });
  });

  it('case-sensitive', async () => {
    await setHttpMode({ body: padded(10, 'ALIVE') });
    expect((await probeHttp(match('alive'), realDeps())).reason).toBe(
      'search string not found in the first 5120 bytes',
    );
  });

  it('wholly inside: ends exactly at byte 5,120 → found; one byte later → not found', async () => {
    await setHttpMode({ body: padded(5_115, 'ALIVE') });
    expect((await probeHttp(match('ALIVE'), realDeps())).healthy).toBe(true);
    await setHttpMode({ body: padded(5_116, 'ALIVE') });
    expect(await probeHttp(match('ALIVE'), realDeps())).toMatchObject({
      healthy: false,
      failure: 'search-string',
    });
  });

  it('wrong body', async () => {
    await setHttpMode({ body: 'maintenance' });
    expect((await probeHttp(match('ALIVE'), realDeps())).healthy).toBe(false);
  });
});
