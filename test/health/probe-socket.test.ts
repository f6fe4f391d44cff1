/** IP-only HTTP checks (HTTP/1.1 over connect()) and TCP checks, against real local servers. */
import type { connect } from 'cloudflare:sockets';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ProbeSpec, probeHttp, probeTcp } from '../../src/health/probe';
import {
  httpDown,
  lastRequest,
  realDeps,
  resetServers,
  servers,
  setHttpMode,
  tcpDown,
} from '../support/probe-endpoints';

beforeEach(resetServers);

const ipSpec = (extra: Partial<ProbeSpec> = {}): ProbeSpec => ({
  type: 'HTTP',
  ipAddress: '127.0.0.1',
  port: servers.http,
  ...extra,
});

describe('IP-only HTTP over connect() (§5.1)', () => {
  it('up: healthy, Host is IP:port, path gets a leading /', async () => {
    const result = await probeHttp(
      ipSpec({ resourcePath: 'status', headers: { 'X-Probe': 'ip' } }),
      realDeps(),
    );
    expect(result).toMatchObject({ healthy: true, statusCode: 200, reason: 'status 200' });
    expect(result.rttMs).toBeGreaterThanOrEqual(0);
    const seen = await lastRequest();
    expect(seen).toMatchObject({ method: 'GET', url: '/status' });
    expect(seen?.headers.host).toBe(`127.0.0.1:${servers.http}`);
    expect(seen?.headers['x-probe']).toBe('ip');
  });

  it('IP and FQDN: connects to the IP, Host is the FQDN', async () => {
    await probeHttp(ipSpec({ fullyQualifiedDomainName: 'www.example.com' }), realDeps());
    expect((await lastRequest())?.headers.host).toBe(`www.example.com:${servers.http}`);
  });

  it('wrong status', async () => {
    await setHttpMode({ status: 500 });
    expect(await probeHttp(ipSpec(), realDeps())).toMatchObject({
      healthy: false,
      statusCode: 500,
      reason: 'status 500 not in 200-399',
    });
  });

  it('string match over a chunked body', async () => {
    await setHttpMode({ chunked: true, body: `${'a'.repeat(4_000)}READY${'b'.repeat(6_000)}` });
    const match = (searchString: string): ProbeSpec => ipSpec({ type: 'HTTP_STR_MATCH', searchString });
    expect(await probeHttp(match('READY'), realDeps())).toMatchObject({ healthy: true, statusCode: 200 });
    await setHttpMode({ chunked: true, body: `${'a'.repeat(5_200)}READY` });
    expect((await probeHttp(match('READY'), realDeps())).reason).toBe(
      'search string not found in the first 5120 bytes',
    );
  });

  it('string match with Content-Length', async () => {
    await setHttpMode({ body: `${'a'.repeat(5_000)}READY` });
    expect(
      (await probeHttp(ipSpec({ type: 'HTTP_STR_MATCH', searchString: 'READY' }), realDeps())).healthy,
    ).toBe(true);
  });

  it('down: connection refused', async () => {
    await httpDown();
    expect(await probeHttp(ipSpec(), realDeps())).toMatchObject({
      healthy: false,
      failure: 'refused',
      reason: 'connection refused',
    });
  });

  it('slow: timeout', async () => {
    await setHttpMode({ delayMs: 1_000 });
    expect(await probeHttp(ipSpec(), realDeps())).toMatchObject({
      healthy: false,
      reason: 'timeout after 6000 ms',
    });
  });

  it('HTTPS with only an IP is rejected (needs the FQDN)', async () => {
    const result = await probeHttp({ type: 'HTTPS', ipAddress: '127.0.0.1' }, realDeps());
    expect(result).toMatchObject({ healthy: false, failure: 'invalid-spec' });
  });
});

describe('TCP checks over connect()', () => {
  it('up: healthy with the time to socket open', async () => {
    const result = await probeTcp({ type: 'TCP', ipAddress: '127.0.0.1', port: servers.tcp }, realDeps());
    expect(result).toMatchObject({ healthy: true, reason: 'connected', statusCode: null });
    expect(result.rttMs).toBeGreaterThanOrEqual(0);
  });

  it('down: connection refused', async () => {
    await tcpDown();
    const result = await probeTcp({ type: 'TCP', ipAddress: '127.0.0.1', port: servers.tcp }, realDeps());
    expect(result).toMatchObject({
      healthy: false,
      failure: 'refused',
      reason: 'connection refused',
      rttMs: null,
    });
  });

  it('never opens: timeout after 10000 ms (a socket that hangs, injected)', async () => {
    const hanging: typeof connect = () => {
      const never = new Promise<never>(() => undefined);
      return { opened: never, closed: never, close: async () => undefined } as unknown as ReturnType<
        typeof connect
      >;
    };
    const result = await probeTcp(
      { type: 'TCP', ipAddress: '192.0.2.1', port: 443 },
      { ...realDeps(), connect: hanging, deadline: () => AbortSignal.timeout(20) },
    );
    expect(result).toMatchObject({ healthy: false, failure: 'timeout', reason: 'timeout after 10000 ms' });
  });

  it('needs a port', async () => {
    expect((await probeTcp({ type: 'TCP', ipAddress: '127.0.0.1' }, realDeps())).failure).toBe(
      'invalid-spec',
    );
  });
});
