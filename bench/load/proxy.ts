/**
 * `npm run bench:proxy`: origin steering's cost per request, beside a plain pass-through Worker in
 * the same run. Both are served by workerd through Miniflare's API on direct sockets (runtime.ts),
 * pinned to core 1; wrk (one thread, 16 connections, GET with the proxied Host) and a small Node
 * origin server share core 0. edgesteer resolves `origin.proxy.test` (latency-routed over three
 * regions, every member 127.0.0.1) per request and fetches it by IP (ORIGIN_DIRECT_IP=true, as in
 * the tests); the pass-through Worker does `fetch(new Request(origin + path, request))` and no
 * more. The difference in server CPU per request is what steering costs: resolution, failover
 * bookkeeping, headers, Server-Timing.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { report, type Target } from '../harness';
import { cpuSeconds, pinToCore } from './procfs';
import { api, bundleWorker, edgesteerOptions, type Runtime, startRuntime } from './runtime';
import { type HttpRequest, latencyMs, runWrk, type WrkResult } from './wrk';

const SERVER_CORE = 1;
const LOAD_CORE = 0;
const CONNECTIONS = 16;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 4);
const DEADLINE_MS = 120_000;
const HOST = 'www.proxy.test';
const ZONE = 'proxy.test';
const REGIONS = ['us-east-1', 'eu-central-1', 'ap-southeast-1'];
/** Steering may cost this much server CPU per request over the pass-through. */
const TARGET_RATIO = 1.5;

const PASS_THROUGH_SOURCE = `
export default {
  fetch(request, env) {
    const url = new URL(request.url);
    return fetch(new Request(env.ORIGIN + url.pathname + url.search, request));
  },
};`;

/** The origin: a fixed small 200 that no one may cache (every request reaches it). */
async function startOrigin(): Promise<{ server: Server; port: number }> {
  const body = Buffer.from('origin says hello\n');
  const server = createServer((_, response) => {
    response
      .writeHead(200, {
        'content-type': 'text/plain',
        'content-length': body.length,
        'cache-control': 'no-store',
      })
      .end(body);
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a !== null ? a.port : 0);
    }),
  );
  return { server, port };
}

/** One GET with a Host header (fetch cannot set Host); status and body. */
function get(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

function zoneFile(): string {
  return [
    `$ORIGIN ${ZONE}.`,
    '$TTL 60',
    `@ SOA ns.${ZONE}. hostmaster.${ZONE}. 1 3600 600 86400 60`,
    `@ NS ns.${ZONE}.`,
    'ns A 192.0.2.53',
    '',
  ].join('\n');
}

const latencyGroup = {
  Changes: REGIONS.map((region) => ({
    Action: 'UPSERT',
    ResourceRecordSet: {
      Name: `origin.${ZONE}`,
      Type: 'A',
      TTL: 60,
      SetIdentifier: region,
      Region: region,
      ResourceRecords: [{ Value: '127.0.0.1' }],
    },
  })),
};

async function waitUntilProxied(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const r = await get(`${url}/`, HOST);
      if (r.status === 200 && r.body === 'origin says hello\n') return;
      last = `HTTP ${r.status} ${r.body.slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not proxied after ${timeoutMs} ms: ${last}`);
}

interface Measured {
  readonly run: WrkResult;
  readonly cpu: number;
}

async function measured(server: Runtime, requests: readonly HttpRequest[], script: string, seconds: number) {
  const before = cpuSeconds(server.pid);
  const run = await runWrk({
    url: server.url,
    requests,
    seconds,
    connections: CONNECTIONS,
    core: LOAD_CORE,
    scriptPath: script,
  });
  return { run, cpu: cpuSeconds(server.pid) - before };
}

const cpuUs = (m: Measured) => (1e6 * m.cpu) / m.run.requests;

export default async function run(): Promise<boolean> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'edgesteer-proxy-'));
  const token = randomBytes(32).toString('hex');
  const loadStart = loadavg()[0]!;
  const started: Runtime[] = [];
  const killAll = () => {
    for (const r of started) {
      try {
        process.kill(r.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', killAll);
  const watchdog = setTimeout(() => {
    console.error(`bench:proxy: still running after ${DEADLINE_MS / 1000} s, stopping`);
    killAll();
    process.exit(1);
  }, DEADLINE_MS);
  watchdog.unref();
  const origin = await startOrigin();
  try {
    const entry = bundleWorker(root, join(dir, 'bundle'));
    const options = edgesteerOptions(root, entry, {
      ADMIN_TOKEN: token,
      HEALTH_TICK_ON_WRITE: 'false',
      ORIGIN_DIRECT_IP: 'true',
    });
    const edgesteer = await startRuntime(options, join(dir, 'state'));
    started.push(edgesteer);
    const passThrough = await startRuntime(
      {
        name: 'pass-through',
        modules: [{ type: 'ESModule', path: 'pass-through.js', contents: PASS_THROUGH_SOURCE }],
        compatibilityDate: options.compatibilityDate,
        compatibilityFlags: options.compatibilityFlags,
        bindings: { ORIGIN: `http://127.0.0.1:${origin.port}` },
      } as typeof options,
      join(dir, 'state-pass'),
    );
    started.push(passThrough);
    for (const r of started) pinToCore(r.pid, SERVER_CORE);

    await api(edgesteer, token, 'PUT', `/zones/${ZONE}`, zoneFile(), 'text/dns');
    await api(edgesteer, token, 'POST', `/zones/${ZONE}/changes`, latencyGroup, 'application/json');
    await api(
      edgesteer,
      token,
      'PUT',
      `/origins/${HOST}`,
      { OriginName: `origin.${ZONE}`, Scheme: 'http', Port: origin.port, CacheMode: 'bypass' },
      'application/json',
    );
    await waitUntilProxied(edgesteer.url, 30_000);
    await waitUntilProxied(passThrough.url, 10_000);

    const script = join(dir, 'proxy.lua');
    const requests: HttpRequest[] = [{ method: 'GET', path: '/', headers: { Host: HOST } }];
    for (const r of started) await measured(r, requests, script, 1);
    // Interleaved rounds: each ratio compares runs made seconds apart.
    const rounds: { own: Measured; base: Measured }[] = [];
    for (let i = 0; i < 2; i++) {
      rounds.push({
        own: await measured(edgesteer, requests, script, SECONDS),
        base: await measured(passThrough, requests, script, SECONDS),
      });
    }
    const rows = [
      ['run', 'qps', 'p50 ms', 'p99 ms', 'server CPU µs/request', 'errors'],
      ...rounds.flatMap(({ own, base }, i) =>
        (
          [
            [`edgesteer proxy, round ${i + 1}`, own],
            [`pass-through Worker, round ${i + 1}`, base],
          ] as const
        ).map(([name, m]) => {
          const { p50, p99 } = latencyMs(m.run.measured);
          return [
            name,
            (m.run.requests / m.run.seconds).toFixed(0),
            p50.toFixed(2),
            p99.toFixed(2),
            cpuUs(m).toFixed(0),
            String(m.run.errors),
          ];
        }),
      ),
    ];
    const ratios = rounds.map((r) => cpuUs(r.own) / cpuUs(r.base));
    const overhead = rounds.map((r) => cpuUs(r.own) - cpuUs(r.base));
    const errors = rounds.reduce((n, r) => n + r.own.run.errors + r.base.run.errors, 0);
    const best = Math.min(...ratios);
    const targets: Target[] = [
      {
        what: `proxied request ≤ ${TARGET_RATIO}× the pass-through Worker's server CPU`,
        met: best <= TARGET_RATIO,
        detail: `${ratios.map((r) => `${r.toFixed(2)}×`).join(', ')} (+${overhead.map((o) => o.toFixed(0)).join(', +')} µs per request)`,
      },
      { what: 'no errors (non-2xx, socket errors, timeouts)', met: errors === 0, detail: String(errors) },
    ];
    const ok = report(
      `Origin steering, GET through the proxy vs a pass-through Worker; server on core ${SERVER_CORE}, wrk and the origin on core ${LOAD_CORE}; ${SECONDS} s per run`,
      rows,
      targets,
    );
    console.log(
      `Load average (1 min): ${loadStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end (well above 0: other work shared the cores).`,
    );
    return ok;
  } finally {
    await Promise.allSettled(started.map((r) => r.stop()));
    origin.server.close();
    rmSync(dir, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
}
