/**
 * The reverse proxy end to end inside workerd: a latency-routed origin.example.com over three
 * local origin servers (test/support/origin-servers-setup.ts: virginia 127.0.0.1, frankfurt
 * 127.0.0.2, tokyo 127.0.0.3), snapshots with `origins` put straight into KV the way the control
 * plane publishes them, requests with injected `request.cf` colos through the Worker's fetch.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { configOf, type Env } from '../../src/env';
import { HEALTH_KEY, type HealthSnapshot } from '../../src/health/snapshot';
import worker from '../../src/index';
import { passiveHealth } from '../../src/proxy/passive-health';
import { CONFIG_POINTER_KEY, configStoreFor } from '../../src/store/config-store';
import { signalStoresFor } from '../../src/store/signal-stores';
import type { SnapshotOrigin } from '../../src/zones/snapshot';
import { counted } from '../support/counted';
import { type RoutedSet, routedSnapshot, SOA_ZONE } from '../support/routed';

const PORT = inject('originPort');
const MEMBERS = [
  ['virginia', 'us-east-1', '127.0.0.1'],
  ['frankfurt', 'eu-central-1', '127.0.0.2'],
  ['tokyo', 'ap-northeast-1', '127.0.0.3'],
] as const;
type Name = (typeof MEMBERS)[number][0];
const ADDRESS = Object.fromEntries(MEMBERS.map(([n, , a]) => [n, a])) as Record<Name, string>;
const TOKEN = `Bearer ${env.ADMIN_TOKEN}`;

const ROUTED: RoutedSet[] = MEMBERS.map(([id, region, ip]) => ({
  name: 'origin.example.com.',
  type: 'A',
  setId: id,
  routing: { kind: 'latency', region },
  values: [ip],
  healthCheckId: `hc-${id}`,
}));

function originFor(host: string, extra: Partial<SnapshotOrigin> = {}): SnapshotOrigin {
  return {
    host,
    originName: 'origin.example.com.',
    scheme: 'http',
    port: PORT,
    timeoutMs: 400,
    retry: { attempts: 3, budgetMs: 1500, on5xx: true },
    cacheMode: 'bypass',
    addHeaders: [{ name: 'x-added', value: 'by-edgesteer' }],
    passClientIp: true,
    hostHeader: 'client',
    ...extra,
  };
}

const ORIGINS: SnapshotOrigin[] = [
  originFor('www.example.com'),
  originFor('cached.example.com', { cacheMode: 'origin' }),
  originFor('tight.example.com', { timeoutMs: 300, retry: { attempts: 3, budgetMs: 450, on5xx: true } }),
  originFor('own-host.example.com', { hostHeader: 'origin', passClientIp: false, addHeaders: [] }),
  // edge.example.com is a CNAME that leaves hosted data: fetched by that hostname.
  originFor('by-name.example.com', { originName: 'edge.example.com.', hostHeader: 'origin' }),
  originFor('nowhere.example.com', { originName: 'missing.example.com.' }),
];

let configVersion = 0;
let healthVersion = 0;

async function publishConfig(): Promise<void> {
  configVersion++;
  const snapshot = {
    ...routedSnapshot(
      { 'example.com.': `${SOA_ZONE('example.com.')}edge CNAME localhost.\n` },
      ROUTED,
      [],
      configVersion,
    ),
    origins: ORIGINS,
  };
  const key = `config/v/${configVersion}`;
  await env.SNAPSHOTS.put(key, JSON.stringify(snapshot));
  await env.SNAPSHOTS.put(
    CONFIG_POINTER_KEY,
    JSON.stringify({ version: configVersion, key, committedAt: snapshot.committedAt }),
  );
  await configStoreFor(env.SNAPSHOTS, configOf(env).snapshotRefreshMs).refresh();
}

/** A new health snapshot (as the probes publish it): every check healthy unless named. */
async function publishHealth(unhealthy: Name[] = []): Promise<void> {
  healthVersion++;
  const checks = Object.fromEntries(
    MEMBERS.map(([id]) => [
      `hc-${id}`,
      { healthy: !unhealthy.includes(id), since: '2026-01-01T00:00:00.000Z', source: 'probe' as const },
    ]),
  );
  const snapshot: HealthSnapshot = {
    format: 1,
    version: healthVersion,
    updatedAt: new Date().toISOString(),
    checks,
  };
  await env.SNAPSHOTS.put(HEALTH_KEY, JSON.stringify(snapshot));
  await signalStoresFor(env.SNAPSHOTS, configOf(env).snapshotRefreshMs).health.refresh();
}

async function setMode(name: Name, mode: string, cacheControl?: string): Promise<void> {
  const res = await fetch(`http://${ADDRESS[name]}:${PORT}/_control`, {
    method: 'POST',
    body: JSON.stringify({ mode, ...(cacheControl ? { cacheControl } : {}) }),
  });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

async function hits(name: Name): Promise<number> {
  const res = await fetch(`http://${ADDRESS[name]}:${PORT}/_control`);
  return ((await res.json()) as { hits: number }).hits;
}

interface Echo {
  name: Name;
  method: string;
  path: string;
  host: string;
  headers: Record<string, string>;
  body: string;
}

async function get(
  url: string,
  colo: string,
  init: RequestInit = {},
  workerEnv: Env = env,
): Promise<{ res: Response; text: string; echo: Echo | null }> {
  const ctx = createExecutionContext();
  const request = new Request(url, { ...init, cf: { colo } } as RequestInit);
  const res = await worker.fetch!(request as Request<unknown, IncomingRequestCfProperties>, workerEnv, ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  let echo: Echo | null = null;
  try {
    echo = JSON.parse(text) as Echo;
  } catch {}
  return { res, text, echo };
}

function debugOf(res: Response) {
  const header = res.headers.get('x-edgesteer-origin');
  return header === null
    ? null
    : (JSON.parse(header) as Record<string, unknown> & {
        member: { setId: string; target: string } | null;
        attempts: { setId: string; outcome: string; ms: number }[];
        counters: { requests: number; failures: number; down: boolean } | null;
        trace: { policy: string; chosen: string[]; candidates: unknown[] }[];
      });
}

beforeEach(async () => {
  for (const [name] of MEMBERS) await setMode(name, 'ok');
  passiveHealth.clear();
  if (configVersion === 0) await publishConfig();
  await publishHealth();
});

describe('resolution from the colo', () => {
  it.each([
    ['IAD', 'virginia'],
    ['FRA', 'frankfurt'],
    ['NRT', 'tokyo'],
  ] as const)('colo %s lands on %s (built-in latency model)', async (colo, name) => {
    const { res, echo } = await get('http://www.example.com/hello?x=1', colo);
    expect(res.status).toBe(200);
    expect(echo?.name).toBe(name);
    expect(echo?.path).toBe('/hello?x=1');
    expect(res.headers.get('Server-Timing')).toMatch(
      new RegExp(`^origin-1;desc="${name} ${ADDRESS[name]} ok";dur=\\d+, total;dur=\\d+$`),
    );
  });

  it('a check the health snapshot marks unhealthy is skipped (the next lowest latency)', async () => {
    await publishHealth(['frankfurt']);
    const { echo } = await get('http://www.example.com/', 'FRA');
    expect(echo?.name).toBe('virginia');
  });

  it('/api/… and /dns-query on a proxied host are not proxied', async () => {
    expect((await get('http://www.example.com/api/v1/zones', 'FRA')).res.status).toBe(401);
    const doh = await get('http://www.example.com/dns-query?name=origin.example.com&type=A', 'FRA');
    expect(doh.res.headers.get('Content-Type')).toContain('application/dns-json');
    expect(await hits('frankfurt')).toBe(0);
  });

  it('steady state: no KV or Durable Object call per proxied request', async () => {
    const calls: string[] = [];
    const watched: Env = {
      ...env,
      SNAPSHOTS: counted(env.SNAPSHOTS, calls),
      CONTROL: counted(env.CONTROL, calls),
      HEALTH: counted(env.HEALTH, calls),
      LATENCY: counted(env.LATENCY, calls),
    };
    await get('http://www.example.com/', 'FRA', {}, watched); // a fresh store for this binding loads once
    expect(calls).toContain('get');
    calls.length = 0;
    for (let i = 0; i < 5; i++)
      expect((await get('http://www.example.com/', 'FRA', {}, watched)).res.status).toBe(200);
    expect(calls).toEqual([]);
  });

  it('a host that is not declared is a 404, not proxied', async () => {
    expect((await get('http://other.example.com/', 'FRA')).res.status).toBe(404);
  });
});

describe('headers', () => {
  it('client IP, Host per hostHeader, addHeaders, hop-by-hop stripped both ways, admin token never passed on', async () => {
    const { res, echo } = await get('http://www.example.com/h', 'FRA', {
      headers: {
        'CF-Connecting-IP': '203.0.113.9',
        'X-Forwarded-For': '198.51.100.1',
        Connection: 'x-private',
        'x-private': 'secret',
        'x-kept': 'yes',
        Authorization: TOKEN,
      },
    });
    // workerd takes Host from the URL: an IP member sees its address; the client's Host is forwarded.
    expect(echo?.host).toBe(`127.0.0.2:${PORT}`);
    expect(echo?.headers['x-forwarded-host']).toBe('www.example.com');
    expect(echo?.headers['x-forwarded-for']).toBe('198.51.100.1, 203.0.113.9');
    // CF-Connecting-IP is the platform's header: workerd drops it on subrequests (README).
    expect(echo?.headers['x-added']).toBe('by-edgesteer');
    expect(echo?.headers['x-kept']).toBe('yes');
    expect(echo?.headers['x-private']).toBeUndefined();
    expect(echo?.headers['authorization']).toBeUndefined();
    expect(res.headers.get('keep-alive')).toBeNull();
  });

  it("hostHeader 'origin' sends the member's address; no client IP without passClientIp", async () => {
    const { echo } = await get('http://own-host.example.com/h', 'FRA', {
      headers: { 'CF-Connecting-IP': '203.0.113.9', 'X-Forwarded-For': '198.51.100.1' },
    });
    expect(echo?.host).toBe(`127.0.0.2:${PORT}`);
    expect(echo?.headers['x-forwarded-for']).toBeUndefined();
    expect(echo?.headers['cf-connecting-ip']).toBeUndefined();
  });

  it('redirects are passed through, not followed', async () => {
    const { res } = await get('http://www.example.com/redirect', 'FRA');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/elsewhere');
  });

  it('x-edgesteer-origin only with the admin token: member, attempts, counters, decision trace', async () => {
    const plain = await get('http://www.example.com/', 'FRA');
    expect(plain.res.headers.get('x-edgesteer-origin')).toBeNull();
    const wrong = await get('http://www.example.com/', 'FRA', { headers: { Authorization: 'Bearer nope' } });
    expect(wrong.res.headers.get('x-edgesteer-origin')).toBeNull();
    const { res } = await get('http://www.example.com/', 'FRA', { headers: { Authorization: TOKEN } });
    const debug = debugOf(res)!;
    expect(debug.member).toEqual({ setId: 'frankfurt', target: '127.0.0.2' });
    expect(debug.attempts).toHaveLength(1);
    expect(debug.counters).toEqual({ requests: 3, failures: 0, down: false });
    expect(debug.trace[0]?.policy).toBe('latency');
    expect(debug.trace[0]?.chosen).toEqual(['frankfurt']);
    expect(debug.trace[0]?.candidates).toHaveLength(3);
  });

  it('a CNAME that leaves hosted data is fetched by its hostname, also without ORIGIN_DIRECT_IP', async () => {
    const { res, echo } = await get(
      'http://by-name.example.com/n',
      'FRA',
      {},
      { ...env, ORIGIN_DIRECT_IP: 'false' },
    );
    expect(res.status).toBe(200);
    expect(echo?.host).toBe(`localhost:${PORT}`);
    expect(res.headers.get('Server-Timing')).toMatch(/^origin-1;desc="- localhost ok"/);
  });

  it('an origin name with no address is a 502 that says so', async () => {
    const { res, text } = await get('http://nowhere.example.com/', 'FRA');
    expect(res.status).toBe(502);
    expect(text).toBe('502 origin unavailable: missing.example.com. has no A or AAAA (NXDOMAIN)\n');
  });

  it('an IP member without ORIGIN_DIRECT_IP is a 502 that says why', async () => {
    const { res, text } = await get(
      'http://www.example.com/',
      'FRA',
      {},
      { ...env, ORIGIN_DIRECT_IP: 'false' },
    );
    expect(res.status).toBe(502);
    expect(text).toContain('ORIGIN_DIRECT_IP');
    expect(await hits('frankfurt')).toBe(0);
  });
});

describe('failover inside the request', () => {
  it('a member killed mid-run: zero client-visible errors, traffic moves, passive marking after 3, back when its check is healthy again', async () => {
    const served: string[] = [];
    const attempts: number[] = [];
    for (let i = 0; i < 10; i++) {
      if (i === 3) await setMode('frankfurt', 'reset');
      const { res, echo } = await get('http://www.example.com/loop', 'FRA', {
        headers: { Authorization: TOKEN },
      });
      expect(res.status).toBe(200);
      served.push(echo!.name);
      attempts.push(debugOf(res)!.attempts.length);
    }
    expect(served).toEqual([...Array(3).fill('frankfurt'), ...Array(7).fill('virginia')]);
    // Three requests fail over (frankfurt, then virginia); from then on frankfurt is passively down.
    expect(attempts).toEqual([1, 1, 1, 2, 2, 2, 1, 1, 1, 1]);
    expect(await hits('frankfurt')).toBe(3);

    await setMode('frankfurt', 'ok');
    expect((await get('http://www.example.com/loop', 'FRA')).echo?.name).toBe('virginia'); // still down
    await publishHealth(); // a newer health snapshot says frankfurt's check is healthy
    expect((await get('http://www.example.com/loop', 'FRA')).echo?.name).toBe('frankfurt');
  });

  it('a 5xx fails over (on5xx); every member failing is a 502 with a short text body', async () => {
    await setMode('frankfurt', '5xx');
    expect((await get('http://www.example.com/', 'FRA')).echo?.name).toBe('virginia');
    await setMode('virginia', '5xx');
    await setMode('tokyo', '5xx');
    const { res, text } = await get('http://www.example.com/', 'FRA');
    expect(res.status).toBe(502);
    expect(res.headers.get('Content-Type')).toContain('text/plain');
    expect(text).toMatch(/^502 origin unavailable: every attempt failed: /);
    expect(res.headers.get('Server-Timing')).toMatch(/origin-3;desc="[a-z]+ 127\.0\.0\.\d 5xx"/);
  });

  it('POST is tried once: not replayed on another member', async () => {
    await setMode('frankfurt', 'reset');
    const { res } = await get('http://www.example.com/form', 'FRA', { method: 'POST', body: 'a=1' });
    expect(res.status).toBe(502);
    expect(await hits('frankfurt')).toBe(1);
    expect(await hits('virginia')).toBe(0);
    await setMode('frankfurt', 'ok');
    const ok = await get('http://www.example.com/form', 'FRA', { method: 'POST', body: 'a=1' });
    expect(ok.echo).toMatchObject({ name: 'frankfurt', method: 'POST', body: 'a=1' });
  });

  it('PUT (idempotent) with a body is replayed on the next member', async () => {
    await setMode('frankfurt', 'reset');
    const { echo } = await get('http://www.example.com/doc', 'FRA', {
      method: 'PUT',
      body: 'v=2',
      headers: { 'Content-Length': '3' },
    });
    expect(echo).toMatchObject({ name: 'virginia', method: 'PUT', body: 'v=2' });
  });

  it('timeouts: each attempt gets min(timeoutMs, budget left); all timed out is a 504', async () => {
    for (const [name] of MEMBERS) await setMode(name, 'hang');
    const started = Date.now();
    const { res, text } = await get('http://tight.example.com/', 'FRA', {
      headers: { Authorization: TOKEN },
    });
    const elapsed = Date.now() - started;
    expect(res.status).toBe(504);
    expect(text).toMatch(/^504 origin timed out: /);
    const debug = debugOf(res)!;
    // 300 ms, then the 150 ms left of the 450 ms budget; no third attempt.
    expect(debug.attempts.map((a) => a.outcome)).toEqual(['timeout', 'timeout']);
    expect(debug.attempts[1]!.ms).toBeLessThan(300);
    expect(elapsed).toBeLessThan(1500);
  });
});

describe('caching', () => {
  it("cacheMode 'origin': a cached GET survives a failover (keyed by the client URL)", async () => {
    for (const [name] of MEMBERS) await setMode(name, 'ok', 'public, max-age=60');
    const first = await get('http://cached.example.com/asset', 'FRA');
    expect(first.echo?.name).toBe('frankfurt');
    expect(first.res.headers.get('Server-Timing')).toMatch(/^cache;desc=miss, origin-1/);
    await setMode('frankfurt', 'reset');
    const again = await get('http://cached.example.com/asset', 'FRA');
    expect(again.res.status).toBe(200);
    expect(again.echo?.name).toBe('frankfurt');
    expect(again.res.headers.get('Server-Timing')).toMatch(/^cache;desc=hit, total;dur=\d+$/);
    expect(await hits('frankfurt')).toBe(0);
    // Another URL is not cached: it fails over to virginia.
    expect((await get('http://cached.example.com/other', 'FRA')).echo?.name).toBe('virginia');
  });

  it("no-store is not cached; 'bypass' never caches", async () => {
    const a = await get('http://cached.example.com/fresh', 'FRA');
    const b = await get('http://cached.example.com/fresh', 'FRA');
    expect([a.echo?.name, b.echo?.name]).toEqual(['frankfurt', 'frankfurt']);
    expect(b.res.headers.get('Server-Timing')).toMatch(/^cache;desc=miss/);
    await setMode('frankfurt', 'ok', 'public, max-age=60');
    await get('http://www.example.com/b', 'FRA');
    await get('http://www.example.com/b', 'FRA');
    expect(await hits('frankfurt')).toBe(2);
  });
});
