/**
 * Outbound targets (SSRF guards) at write time, through the Worker's fetch with the switch off (as in
 * production): health-check targets and webhook URLs in reserved address blocks, local names and
 * edgesteer's own hostnames get a 400 naming the field; public targets are accepted.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../../src/env';
import worker from '../../../src/index';
import { authHeaders, BASE } from '../../support/api';

/** Production's defaults, with two served hostnames; the API is called on edgesteer.test. */
const CLOSED: Env = {
  ...env,
  OUTBOUND_ALLOW_PRIVATE: 'false',
  SERVED_HOSTNAMES: 'doh.example.com, DNS.example.net.',
};
const OPEN: Env = { ...CLOSED, OUTBOUND_ALLOW_PRIVATE: 'true' };

interface Problem {
  readonly path: string;
  readonly message: string;
}

async function post(e: Env, path: string, body: unknown, base = BASE): Promise<Response> {
  const request = new Request(`${base}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: authHeaders({ 'Content-Type': 'application/json' }),
  });
  const ctx = createExecutionContext();
  const res = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, e, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const check = (e: Env, config: Record<string, unknown>, base = BASE) =>
  post(e, '/health-checks', { HealthCheckConfig: { Type: 'HTTP', ...config } }, base);

async function problemsOf(res: Response): Promise<Problem[]> {
  expect(res.status).toBe(400);
  return (await res.json<{ errors: Problem[] }>()).errors;
}

const IP_PATH = '/HealthCheckConfig/IPAddress';
const FQDN_PATH = '/HealthCheckConfig/FullyQualifiedDomainName';

describe('health-check targets', () => {
  it.each([
    ['127.0.0.1', '127.0.0.0/8'],
    ['10.1.2.3', '10.0.0.0/8'],
    ['172.16.0.1', '172.16.0.0/12'],
    ['192.168.1.1', '192.168.0.0/16'],
    ['169.254.169.254', '169.254.0.0/16'],
    ['100.64.0.1', '100.64.0.0/10'],
    ['0.1.2.3', '0.0.0.0/8'],
    ['224.0.0.1', '224.0.0.0/4'],
    ['255.255.255.255', '240.0.0.0/4'],
    ['::1', '::1/128'],
    ['fd00::1', 'fc00::/7'],
    ['fe80::1', 'fe80::/10'],
    ['ff02::1', 'ff00::/8'],
    ['::ffff:127.0.0.1', '::ffff:0:0/96 embedding 127.0.0.0/8'],
    ['::ffff:169.254.169.254', '::ffff:0:0/96 embedding 169.254.0.0/16'],
    ['::ffff:8.8.8.8', '::ffff:0:0/96'],
    ['64:ff9b::a00:1', '64:ff9b::/96 embedding 10.0.0.0/8'],
    ['64:ff9b:1::1', '64:ff9b:1::/48'],
    ['::7f00:1', '::/96'],
  ])('IPAddress %s → 400 naming %s', async (ip, block) => {
    const problems = await problemsOf(await check(CLOSED, { IPAddress: ip }));
    expect(problems).toEqual([{ path: IP_PATH, message: expect.stringContaining(`in ${block} (`) }]);
  });

  it.each([
    ['localhost', 'a local name'],
    ['api.localhost', 'a local name'],
    ['printer.local', 'a local name'],
    ['metadata.google.internal', 'a local name'],
    ['intranet', 'no dot'],
    ['doh.example.com', "edgesteer's own hostname"],
    ['dns.example.net.', "edgesteer's own hostname"],
    ['EdgeSteer.test', "edgesteer's own hostname"],
  ])('FullyQualifiedDomainName %s → 400 (%s)', async (fqdn, why) => {
    const problems = await problemsOf(await check(CLOSED, { FullyQualifiedDomainName: fqdn }));
    expect(problems).toEqual([{ path: FQDN_PATH, message: expect.stringContaining(why) }]);
  });

  it('lists every refused target of one check', async () => {
    const problems = await problemsOf(
      await check(CLOSED, { IPAddress: '10.0.0.1', FullyQualifiedDomainName: 'localhost' }),
    );
    expect(problems.map((p) => p.path)).toEqual([IP_PATH, FQDN_PATH]);
  });

  it.each([
    { IPAddress: '8.8.8.8' },
    { IPAddress: '2606:4700:4700::1111' },
    { IPAddress: '64:ff9b::808:808' },
    { FullyQualifiedDomainName: 'www.example.com' },
    { FullyQualifiedDomainName: 'doh.example.com.evil.example' },
  ])('accepts the public target %j', async (config) => {
    const res = await check(CLOSED, config);
    expect(res.status, await res.clone().text()).toBe(201);
  });

  it('OUTBOUND_ALLOW_PRIVATE=true allows local targets, never edgesteer itself', async () => {
    for (const config of [{ IPAddress: '127.0.0.1' }, { FullyQualifiedDomainName: 'localhost' }]) {
      const res = await check(OPEN, { ...config, Port: 8080 });
      expect(res.status, await res.clone().text()).toBe(201);
    }
    const own = await problemsOf(await check(OPEN, { FullyQualifiedDomainName: 'doh.example.com' }));
    expect(own).toEqual([{ path: FQDN_PATH, message: expect.stringContaining('own hostname') }]);
  });

  it('an unset switch is closed', async () => {
    const { OUTBOUND_ALLOW_PRIVATE: _, ...unset } = CLOSED;
    expect(await problemsOf(await check(unset as Env, { IPAddress: '127.0.0.1' }))).toHaveLength(1);
  });
});

describe('webhook URLs', () => {
  const hook = (e: Env, url: string) => post(e, '/webhooks', { Url: url });

  it.each([
    ['http://127.0.0.1:8080/hook', '127.0.0.0/8'],
    ['http://2130706433/hook', '127.0.0.0/8'],
    ['http://0x7f.1/hook', '127.0.0.0/8'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.0.0/16'],
    ['http://[::1]/hook', '::1/128'],
    ['http://[::ffff:10.0.0.1]/hook', '::ffff:0:0/96 embedding 10.0.0.0/8'],
    ['http://[fd12::1]/hook', 'fc00::/7'],
    ['http://localhost:8787/hook', 'local name'],
    ['https://hooks.internal/hook', 'local name'],
    ['https://doh.example.com/hook', 'own hostname'],
    ['https://dns.example.net:8443/hook', 'own hostname'],
    ['https://edgesteer.test/hook', 'own hostname'],
    ['https://edgesteer.test:8443/hook', 'own hostname'],
  ])('%s → 400 (%s)', async (url, why) => {
    const problems = await problemsOf(await hook(CLOSED, url));
    expect(problems).toEqual([{ path: '/Url', message: expect.stringContaining(why) }]);
  });

  it('accepts a public URL; with the switch on, a local one', async () => {
    expect((await hook(CLOSED, 'https://hooks.example.com/in')).status).toBe(201);
    expect((await hook(OPEN, 'http://127.0.0.1:8080/hook')).status).toBe(201);
    expect((await hook(OPEN, 'https://doh.example.com/hook')).status).toBe(400);
  });

  it("with the switch on, the request's own host is refused on its own port only (local receivers)", async () => {
    const local = 'http://127.0.0.1:8787/api/v1';
    const other = await post(OPEN, '/webhooks', { Url: 'http://127.0.0.1:9000/hook' }, local);
    expect(other.status, await other.clone().text()).toBe(201);
    const self = await post(OPEN, '/webhooks', { Url: 'http://127.0.0.1:8787/hook' }, local);
    expect(await problemsOf(self)).toEqual([
      { path: '/Url', message: expect.stringContaining('own hostname') },
    ]);
    const checks = await Promise.all(
      [9000, 8787].map((Port) => check(OPEN, { IPAddress: '127.0.0.1', Port }, local)),
    );
    expect(checks.map((res) => res.status)).toEqual([201, 400]);
  });
});
