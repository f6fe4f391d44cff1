/**
 * The client beacon in a real browser: Debian's headless firefox-esr loads an operator's page that
 * embeds `<script src="https://<worker>/beacon.js">`, and the script, a second after load, fetches
 * a plan, times each region's beacon twice and reports to the Worker, whose latency table then
 * holds the browser's /24 × region cells. Skipped when firefox-esr, certutil or openssl is missing.
 *
 * Three local servers, as in production three parties:
 *   - wrangler dev (HTTPS, a certificate signed by a CA the profile trusts), run with a random
 *     CLIENT_BEACON_SECRET passed as `--var` at run time (never written to a file), and
 *     CLIENT_BEACON_SECONDS=0 / LATENCY_SAMPLE_FLUSH_SECONDS=0 so a report reaches LatencyState at once;
 *   - the page's origin, plain HTTP on another port, so the script is cross-origin. HTTP on purpose:
 *     an https page loading the https script is fine too, but the script skips http: beacons on
 *     https pages (mixed content), and the beacons here are plain HTTP; an http page loading an
 *     https script and fetching https and http URLs involves no mixed content at all;
 *   - the beacons: one HTTP server whose /slow answers after 250 ms and /fast after 10 ms, the
 *     endpoints of two health checks on the latency records of us-east-1 and ap-northeast-1.
 * Under wrangler dev, CF-Connecting-IP is the TCP peer (miniflare sets it), so the browser's
 * network is 127.0.0.0/24; the test reads it from a plan rather than assuming it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browse, certificates, firefoxAvailable, firefoxProfile } from '../support/e2e/firefox';
import { type Origin, startOrigin } from '../support/e2e/origin';
import { cleanEnv, runProcess } from '../support/e2e/processes';
import { startWranglerDev, type WranglerDev } from '../support/e2e/wrangler-dev';
import { listen } from '../support/listen';
import { latencyZoneRoute53 } from '../support/policy-fixtures';

const ZONE = 'beacon-e2e.example';
const SLOW = { region: 'us-east-1', setId: 'virginia', path: '/slow', delayMs: 250 } as const;
const FAST = { region: 'ap-northeast-1', setId: 'tokyo', path: '/fast', delayMs: 10 } as const;
const available = firefoxAvailable();

let dir: string;
let headerFile: string;
let server: WranglerDev;
let page: Origin;
let beacons: Beacons;
let profile = '';
/** The network a plan was issued to (the browser's, as it connects from 127.0.0.1 too). */
let network = '';

interface Hit {
  readonly path: string;
  readonly userAgent: string;
  readonly fetchMode: string;
}

interface Beacons {
  readonly port: number;
  readonly hits: Hit[];
  close(): Promise<void>;
}

/** The beacon endpoints: SLOW and FAST answer 204 after their delays; every request is recorded. */
async function startBeacons(): Promise<Beacons> {
  const hits: Hit[] = [];
  const sockets = new Set<Socket>();
  const delays = new Map<string, number>([
    [SLOW.path, SLOW.delayMs],
    [FAST.path, FAST.delayMs],
  ]);
  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    hits.push({
      path,
      userAgent: req.headers['user-agent'] ?? '',
      fetchMode: String(req.headers['sec-fetch-mode'] ?? ''),
    });
    const ms = delays.get(path);
    if (ms === undefined) return void res.writeHead(404).end();
    setTimeout(() => res.writeHead(204, { 'cache-control': 'no-store' }).end(), ms);
  });
  http.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(http, 0);
  return {
    port,
    hits,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => http.close(() => resolve()));
    },
  };
}

/** curl with the admin token read from a file (never on a command line or in output). */
async function curl(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const args = ['--silent', '--show-error', '--noproxy', '*', '-k', '-X', method];
  if (path.startsWith('/api/')) args.push('-H', `@${headerFile}`);
  if (body !== undefined)
    args.push('-H', 'Content-Type: application/json', '--data-binary', JSON.stringify(body));
  args.push('-w', '\n%{http_code}', `${server.url}${path}`);
  const run = await runProcess('curl', args, { env: cleanEnv() });
  expect(run.code, run.stderr).toBe(0);
  const text = run.stdout.toString('utf8');
  const cut = text.lastIndexOf('\n');
  return { status: Number(text.slice(cut + 1)), json: JSON.parse(text.slice(0, cut) || 'null') };
}

async function createCheck(path: string): Promise<string> {
  const { status, json } = await curl('POST', '/api/v1/health-checks', {
    HealthCheckConfig: { Type: 'HTTP', IPAddress: '127.0.0.1', Port: beacons.port, ResourcePath: path },
  });
  expect(status, JSON.stringify(json)).toBe(201);
  return (json as { HealthCheck: { Id: string } }).HealthCheck.Id;
}

interface Plan {
  readonly Network: string;
  readonly Targets: { Region: string; Url: string }[];
}

/** Polls GET /beacon/plan until the published snapshot gives both regions' beacons. */
async function waitForPlan(): Promise<Plan> {
  let last: unknown;
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
    const { status, json } = await curl('GET', '/beacon/plan');
    last = json;
    if (status === 200 && (json as Plan).Targets.length === 2) return json as Plan;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the plan never listed both beacons: ${JSON.stringify(last)}\n${server.output()}`);
}

interface NetworkCell {
  readonly Network: string;
  readonly Region: string;
  readonly RttMs: number;
  readonly Samples: number;
}

async function networkCells(): Promise<{ count: number; cells: NetworkCell[] }> {
  const { status, json } = await curl('GET', '/api/v1/latency');
  expect(status).toBe(200);
  const networks = (json as { Networks: { Count: number; Cells: NetworkCell[] } }).Networks;
  return { count: networks.Count, cells: networks.Cells };
}

/**
 * After a report that did not show up: one more plan (which flushes a due batch) and a look at the
 * table. Cells that appear only now were buffered by the report but not sent by it, although
 * LATENCY_SAMPLE_FLUSH_SECONDS=0 makes every batch due at once.
 */
async function flushedLate(): Promise<string> {
  await curl('GET', '/beacon/plan');
  for (const deadline = Date.now() + 3_000; Date.now() < deadline; ) {
    const { cells } = await networkCells();
    if (cells.some((c) => c.Network === network)) {
      return `the cells appeared only after another plan: POST /beacon/report buffered the samples but did not flush them (it checks batcher.due with the time taken before its awaits); cells ${JSON.stringify(cells)}\n`;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return 'no cells even after another plan\n';
}

beforeAll(async () => {
  if (!available) return;
  dir = await mkdtemp(join(tmpdir(), 'edgesteer-e2e-beacon-'));
  const { ca, key, cert } = await certificates(dir);
  beacons = await startBeacons();
  server = await startWranglerDev({
    vars: {
      SNAPSHOT_REFRESH_SECONDS: '1',
      CLIENT_BEACON_SECRET: randomBytes(32).toString('hex'),
      CLIENT_BEACON_SECONDS: '0',
      LATENCY_SAMPLE_FLUSH_SECONDS: '0',
    },
    args: ['--https-key-path', key, '--https-cert-path', cert],
  });
  headerFile = join(dir, 'auth.header');
  await writeFile(headerFile, `Authorization: Bearer ${server.token}\n`, { mode: 0o600 });
  const checks = { [SLOW.setId]: await createCheck(SLOW.path), [FAST.setId]: await createCheck(FAST.path) };
  const put = await curl('PUT', `/api/v1/zones/${ZONE}`, latencyZoneRoute53(ZONE, checks));
  expect(put.status, JSON.stringify(put.json)).toBe(201);
  const plan = await waitForPlan();
  expect(plan.Targets).toEqual([
    { Region: FAST.region, Url: `http://127.0.0.1:${beacons.port}${FAST.path}` },
    { Region: SLOW.region, Url: `http://127.0.0.1:${beacons.port}${SLOW.path}` },
  ]);
  network = plan.Network;
  page = await startOrigin(
    `<!doctype html><title>edgesteer beacon e2e</title><script src="${server.url}/beacon.js"></script>ok`,
    'text/html',
  );
  profile = await firefoxProfile(dir, ca, {
    'network.trr.mode': 5, // no DoH: every URL here is an IP literal
    'dom.security.https_first': false,
    'browser.aboutwelcome.enabled': false,
    'browser.startup.homepage_override.mstone': 'ignore',
  });
});

afterAll(async () => {
  await server?.stop();
  await page?.close();
  await beacons?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!available)('firefox-esr runs the client beacon of a page that embeds it', () => {
  it('times each region twice and reports; the fast region gets the lower RTT for its /24', async () => {
    expect(network).toBe('127.0.0.0/24');
    const started = Date.now();
    let seen: { count: number; cells: NetworkCell[] } = { count: 0, cells: [] };
    const reported = await browse({
      dir,
      profile,
      url: `http://127.0.0.1:${page.port}/page.html`,
      until: async () => {
        seen = await networkCells();
        return seen.cells.filter((c) => c.Network === network).length >= 2;
      },
      timeoutMs: 15_000,
    });
    // Tells a report that was accepted but never flushed (see flushedLate) from one that never came.
    const late = reported ? '' : await flushedLate();
    const fromBrowser = beacons.hits.filter((h) => h.userAgent.includes('Firefox'));
    const perPath = Object.fromEntries(
      [SLOW.path, FAST.path].map((p) => [p, fromBrowser.filter((h) => h.path === p).length]),
    );
    const log = server.output().replace(/^.*GET \/api\/v1\/latency 200.*\n/gm, '');
    const context = `${late}page origin saw ${JSON.stringify(page.hosts)}; beacons saw ${JSON.stringify(beacons.hits)}; latency ${JSON.stringify(seen)}\n--- wrangler (latency polls left out) ---\n${log}`;
    // The browser's side: the page, the script, the plan, each beacon twice (no-cors), the report.
    expect(page.hosts, context).toContain(`127.0.0.1:${page.port}`);
    expect(log, context).toMatch(/GET \/beacon\.js 200/);
    expect(perPath, context).toEqual({ [SLOW.path]: 2, [FAST.path]: 2 });
    expect(new Set(fromBrowser.map((h) => h.fetchMode)), context).toEqual(new Set(['no-cors']));
    expect(log, context).toMatch(/POST \/beacon\/report 202/);
    // The Worker's side: the report reached LatencyState, one cell per region for the browser's /24.
    expect(reported, context).toBe(true);
    expect(seen.count, context).toBeGreaterThanOrEqual(2);
    const cell = (region: string) => seen.cells.find((c) => c.Network === network && c.Region === region);
    const slow = cell(SLOW.region);
    const fast = cell(FAST.region);
    expect(slow?.Samples, context).toBe(1);
    expect(fast?.Samples, context).toBe(1);
    expect(slow?.RttMs ?? 0, context).toBeGreaterThanOrEqual(SLOW.delayMs - 50);
    expect(fast?.RttMs ?? Number.POSITIVE_INFINITY, context).toBeLessThan(slow?.RttMs ?? 0);
    console.log(
      `browser beacon: reported in ${Date.now() - started} ms from launch; ${network} → ${SLOW.region} ${slow?.RttMs} ms, ${FAST.region} ${fast?.RttMs} ms`,
    );
  });
});
