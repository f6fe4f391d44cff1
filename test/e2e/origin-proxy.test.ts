/**
 * Origin steering seen by a real client: curl asks `wrangler dev --local-protocol https` for a
 * proxied hostname; the edge (wrangler dev's placeholder colo, DFW) resolves the latency-routed
 * origin over three regions and fetches the closest healthy one. Each region is a local origin
 * server on its own loopback address (127.0.0.2–4, one port); stopping the chosen one mid-run
 * moves the next requests to the next-closest region with no client-visible error.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, freePort, runProcess } from '../support/e2e/processes';
import { startWranglerDev, type WranglerDev } from '../support/e2e/wrangler-dev';

const ZONE = 'proxy-e2e.example';
const HOST = `www.${ZONE}`;
/** From DFW: us-east-1 is closest, then eu-central-1, then ap-southeast-1 (built-in latency model). */
const REGIONS = [
  { region: 'us-east-1', address: '127.0.0.2' },
  { region: 'eu-central-1', address: '127.0.0.3' },
  { region: 'ap-southeast-1', address: '127.0.0.4' },
];

let server: WranglerDev;
let originPort: number;
const origins = new Map<string, Server>();

function startRegion(region: string, address: string, port: number): Promise<Server> {
  const s = createServer((req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' })
      .end(`${region} ${req.url}\n`);
  });
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(port, address, () => resolve(s));
  });
}

async function stopRegion(region: string): Promise<void> {
  const s = origins.get(region);
  origins.delete(region);
  if (!s) return;
  s.closeAllConnections();
  await new Promise<void>((done) => s.close(() => done()));
}

function curl(args: readonly string[]) {
  return runProcess(
    'curl',
    ['--silent', '--show-error', '--noproxy', '*', '--max-time', '30', '-k', ...args],
    {
      env: cleanEnv(),
    },
  );
}

/** GET https://HOST:port/path through curl, HOST pinned to 127.0.0.1 (`--resolve`). */
async function proxied(path: string, extra: readonly string[] = []) {
  const run = await curl([
    '--resolve',
    `${HOST}:${server.port}:127.0.0.1`,
    '-D',
    '-',
    ...extra,
    `https://${HOST}:${server.port}${path}`,
  ]);
  const text = run.stdout.toString('utf8');
  const [head = '', body = ''] = text.split(/\r?\n\r?\n/);
  const status = Number(/^HTTP\/[\d.]+ (\d+)/.exec(head)?.[1] ?? 0);
  return { code: run.code, stderr: run.stderr, head, body, status };
}

async function api(method: string, path: string, body: string, type: string) {
  const run = await curl([
    '-X',
    method,
    '-H',
    `authorization: Bearer ${server.token}`,
    '-H',
    `content-type: ${type}`,
    '--data-binary',
    body,
    '-w',
    '\n%{http_code}',
    `${server.url}/api/v1${path}`,
  ]);
  const out = run.stdout.toString('utf8');
  expect(out.trim().split('\n').pop(), `${method} ${path}: ${out}\n${server.output()}`).toMatch(/^20\d$/);
}

beforeAll(async () => {
  originPort = await freePort();
  for (const { region, address } of REGIONS)
    origins.set(region, await startRegion(region, address, originPort));
  server = await startWranglerDev({ vars: { SNAPSHOT_REFRESH_SECONDS: '1', ORIGIN_DIRECT_IP: 'true' } });
  const zone = [
    `$ORIGIN ${ZONE}.`,
    '$TTL 60',
    `@ SOA ns.${ZONE}. hostmaster.${ZONE}. 1 3600 600 86400 60`,
    `@ NS ns.${ZONE}.`,
    'ns A 192.0.2.53',
    '',
  ].join('\n');
  await api('PUT', `/zones/${ZONE}`, zone, 'text/dns');
  const batch = {
    Changes: REGIONS.map(({ region, address }) => ({
      Action: 'UPSERT',
      ResourceRecordSet: {
        Name: `origin.${ZONE}`,
        Type: 'A',
        TTL: 60,
        SetIdentifier: region,
        Region: region,
        ResourceRecords: [{ Value: address }],
      },
    })),
  };
  await api('POST', `/zones/${ZONE}/changes`, JSON.stringify(batch), 'application/json');
  const origin = {
    OriginName: `origin.${ZONE}`,
    Scheme: 'http',
    Port: originPort,
    TimeoutMs: 2000,
    Retry: { Attempts: 3, BudgetMs: 8000, On5xx: true },
    CacheMode: 'bypass',
  };
  await api('PUT', `/origins/${HOST}`, JSON.stringify(origin), 'application/json');
  // Published; the isolate picks the snapshot up on its next background refresh (1 s here).
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && (await proxied('/ready')).status !== 200) {
    await new Promise((r) => setTimeout(r, 250));
  }
});

afterAll(async () => {
  await server?.stop();
  for (const region of [...origins.keys()]) await stopRegion(region);
});

describe('curl through the edge to a latency-routed origin', () => {
  it('lands on the region closest to the edge, path and query kept', async () => {
    const r = await proxied('/hello?x=1');
    expect(r.status, `${r.stderr}\n${r.head}\n${server.output()}`).toBe(200);
    expect(r.body).toBe('us-east-1 /hello?x=1\n');
    expect(r.head).toMatch(/^server-timing: .*origin/im);
  });

  it('the decision header is only for the admin token', async () => {
    const anonymous = await proxied('/');
    expect(anonymous.head).not.toMatch(/^x-edgesteer-origin:/im);
    const admin = await proxied('/', ['-H', `authorization: Bearer ${server.token}`]);
    expect(admin.head).toMatch(/^x-edgesteer-origin: .*us-east-1/im);
  });

  it('stopping the chosen region mid-run: every GET still succeeds, and moves to the next region', async () => {
    const bodies: string[] = [];
    for (let i = 0; i < 20; i++) {
      if (i === 5) await stopRegion('us-east-1');
      const r = await proxied(`/run/${i}`);
      expect(r.status, `request ${i}: ${r.stderr}\n${r.head}\n${r.body}`).toBe(200);
      bodies.push(r.body.split(' ')[0]!);
    }
    expect(bodies.slice(0, 5)).toEqual(Array(5).fill('us-east-1'));
    expect(bodies.slice(5)).toEqual(Array(15).fill('eu-central-1'));
  });
});
