/**
 * `npm run bench:load`: edgesteer under load in workerd, beside a hello-world Worker run the same
 * way (the floor). Both are bundled and served by workerd through Miniflare's API on direct
 * sockets (no wrangler, no proxy worker), state on local disk in a temp dir. The server process is
 * pinned to core 1 and wrk (one thread, 16 connections) to core 0; each edgesteer run is followed
 * by a floor run and a DoH echo run (the DoH I/O floor: read the query, echo it with edgesteer's
 * headers; runtime.ts DOH_ECHO_SOURCE). Server CPU time comes from /proc/<workerd pid>/stat around
 * each run.
 * Finally a 100,000-record zone is loaded and the workerd RSS stated before and after.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startUpstreamServer, type UpstreamServer } from '../../test/support/upstream-server';
import { report, type Target } from '../harness';
import { runH2load } from './h2load';
import { cpuSeconds, pinToCore, rssBytes } from './procfs';
import {
  bundleWorker,
  dohEchoOptions,
  edgesteerOptions,
  helloWorldOptions,
  type Runtime,
  startRuntime,
} from './runtime';
import {
  LARGE_ZONE,
  LARGE_ZONE_PROBE,
  LARGE_ZONE_RECORDS,
  largeZoneFile,
  latencyGroupBatch,
  QUERY_KINDS,
  UPSTREAM_SCENARIO,
  waitUntilAnswered,
  ZONE,
  zoneFile,
} from './scenario';
import { dohRequests, type HttpRequest, latencyMs, runWrk, type WrkResult } from './wrk';

const SERVER_CORE = 1;
const LOAD_CORE = 0;
const CONNECTIONS = 16;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 4);
const WARM_SECONDS = 1;
/** The whole run stops (and cleans up) after this, whatever happens. */
const DEADLINE_MS = 240_000;
const TARGET_PER_CPU = 0.8;
const TARGET_P99_MS = 2;

/** One load run: wrk's, or h2load's (which has no corrected histogram). */
type LoadRun = Omit<WrkResult, 'corrected'> & { readonly corrected?: WrkResult['corrected'] };

interface Measured {
  readonly run: LoadRun;
  readonly cpu: number;
}

interface Row extends Measured {
  readonly name: string;
  readonly floor?: Measured;
  /** The DoH I/O floor (runtime.ts DOH_ECHO_SOURCE) with the same requests. */
  readonly echo?: Measured;
}

/** A load run with the server's CPU seconds around it. */
async function withCpu(server: Runtime, load: () => Promise<LoadRun>): Promise<Measured> {
  const before = cpuSeconds(server.pid);
  const run = await load();
  return { run, cpu: cpuSeconds(server.pid) - before };
}

const wrkRun = (server: Runtime, requests: readonly HttpRequest[], scriptPath: string) =>
  withCpu(server, () =>
    runWrk({
      url: server.url,
      requests,
      seconds: SECONDS,
      connections: CONNECTIONS,
      core: LOAD_CORE,
      scriptPath,
    }),
  );

const h2loadRun = (server: Runtime, path: string, logPath: string) =>
  withCpu(server, () =>
    runH2load({
      url: `${server.url}${path}`,
      seconds: SECONDS,
      connections: CONNECTIONS,
      core: LOAD_CORE,
      logPath,
    }),
  );

async function api(server: Runtime, token: string, method: string, path: string, body: string, type: string) {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body,
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
}

const perCpu = (r: Measured) => r.run.requests / r.cpu;
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

function tableRows(rows: readonly Row[]): string[][] {
  const header = [
    'scenario (GET+POST, 16 connections)',
    'qps',
    'p50 ms',
    'p99 ms',
    "wrk's p99 ms (CO-corrected)",
    'answers per server CPU-s',
    'floor per CPU-s',
    '% of floor per CPU-s',
    'DoH echo per CPU-s',
    '% of DoH echo',
    'errors',
  ];
  return [
    header,
    ...rows.map((r) => {
      const { p50, p99 } = latencyMs(r.run.measured);
      const floor = r.floor ? perCpu(r.floor) : undefined;
      const echo = r.echo ? perCpu(r.echo) : undefined;
      return [
        r.name,
        (r.run.requests / r.run.seconds).toFixed(0),
        p50.toFixed(2),
        p99.toFixed(2),
        r.run.corrected ? latencyMs(r.run.corrected).p99.toFixed(2) : '-',
        perCpu(r).toFixed(0),
        floor === undefined ? '-' : floor.toFixed(0),
        floor === undefined ? '-' : `${((100 * perCpu(r)) / floor).toFixed(0)}%`,
        echo === undefined ? '-' : echo.toFixed(0),
        echo === undefined ? '-' : `${((100 * perCpu(r)) / echo).toFixed(0)}%`,
        String(r.run.errors),
      ];
    }),
  ];
}

export default async function run(): Promise<boolean> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'edgesteer-load-'));
  const token = randomBytes(32).toString('hex');
  const loadStart = loadavg()[0]!;
  const started: Runtime[] = [];
  let upstream: UpstreamServer | undefined;
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
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
  const watchdog = setTimeout(() => {
    console.error(`bench:load: still running after ${DEADLINE_MS / 1000} s, stopping`);
    killAll();
    process.exit(1);
  }, DEADLINE_MS);
  watchdog.unref();

  try {
    upstream = await startUpstreamServer();
    const upstreamBase = `http://127.0.0.1:${upstream.port}`;
    await fetch(`${upstreamBase}/_control/${UPSTREAM_SCENARIO}`, {
      method: 'POST',
      body: JSON.stringify({ behaviour: 'answer', ttl: 3600 }),
    });
    const phases: string[] = [];
    let phaseStart = Date.now();
    const phase = (name: string) => {
      phases.push(`${name} ${((Date.now() - phaseStart) / 1000).toFixed(1)} s`);
      // Progress on stderr, so a run the watchdog stops shows how far it got.
      console.error(`bench:load: ${phases[phases.length - 1]}`);
      phaseStart = Date.now();
    };
    const entry = bundleWorker(root, join(dir, 'bundle'));
    phase('bundle');
    const options = edgesteerOptions(root, entry, {
      ADMIN_TOKEN: token,
      HEALTH_TICK_ON_WRITE: 'false',
      FORWARDING: 'on',
      UPSTREAMS: `${upstreamBase}/${UPSTREAM_SCENARIO}/dns-query`,
      FORWARD_ALLOW_INSECURE_UPSTREAMS: 'true',
      ...(process.env.LOAD_SAMPLING === 'off' ? { LATENCY_SAMPLE_SECONDS: '0' } : {}),
    });
    const edgesteer = await startRuntime(options, join(dir, 'state'));
    started.push(edgesteer);
    phase('edgesteer started');
    const floor = await startRuntime(helloWorldOptions(options), join(dir, 'state-floor'));
    started.push(floor);
    const echo = await startRuntime(dohEchoOptions(options), join(dir, 'state-echo'));
    started.push(echo);
    for (const r of started) pinToCore(r.pid, SERVER_CORE);

    await api(edgesteer, token, 'PUT', `/zones/${ZONE}`, zoneFile(), 'text/dns');
    await api(
      edgesteer,
      token,
      'POST',
      `/zones/${ZONE}/changes`,
      JSON.stringify(latencyGroupBatch()),
      'application/json',
    );
    await waitUntilAnswered(edgesteer.url, QUERY_KINDS, 30_000);
    phase('start and load');

    const script = join(dir, 'load.lua');
    const all = QUERY_KINDS.flatMap((k) => dohRequests(k.wire));
    const floorRequests = dohRequests(QUERY_KINDS[0]!.wire);
    for (const [server, requests] of [
      [edgesteer, all],
      [floor, floorRequests],
      [echo, floorRequests],
    ] as const) {
      await runWrk({
        url: server.url,
        requests,
        seconds: WARM_SECONDS,
        connections: CONNECTIONS,
        core: LOAD_CORE,
        scriptPath: script,
      });
    }
    const upstreamBefore = await upstreamCount(upstreamBase);

    phase('warm-up');
    const rows: Row[] = [];
    const scenarios = [
      ...QUERY_KINDS.map((k) => ({ name: k.name, requests: dohRequests(k.wire) })),
      { name: 'mix of the four', requests: all },
    ];
    for (const s of scenarios) {
      const own = await wrkRun(edgesteer, s.requests, script);
      // The floor runs right after, with the same requests: same client work, same pinning.
      const base = await wrkRun(floor, s.requests, script);
      const doh = await wrkRun(echo, s.requests, script);
      rows.push({ name: s.name, ...own, floor: base, echo: doh });
    }
    const latencyGet = dohRequests(QUERY_KINDS[2]!.wire)[0]!.path;
    const log = join(dir, 'h2load.log');
    const crossCheck = await h2loadRun(edgesteer, latencyGet, log);
    rows.push({
      name: 'cross-check: latency-routed A, GET only, h2load --h1',
      ...crossCheck,
      floor: await h2loadRun(floor, latencyGet, log),
      echo: await h2loadRun(echo, latencyGet, log),
    });
    const lastWrk = rows[scenarios.length - 1]!;
    rows.push({ name: 'hello-world floor (last wrk run)', ...lastWrk.floor! });
    rows.push({ name: 'DoH echo floor (last wrk run)', ...lastWrk.echo!, floor: lastWrk.floor! });
    const upstreamDuring = (await upstreamCount(upstreamBase)) - upstreamBefore;
    phase(`${rows.length - 1} measured runs and their floors`);

    const rssBefore = rssBytes(edgesteer.pid);
    const t0 = Date.now();
    await api(edgesteer, token, 'PUT', `/zones/${LARGE_ZONE}`, largeZoneFile(), 'text/dns');
    await waitUntilAnswered(edgesteer.url, [LARGE_ZONE_PROBE, ...QUERY_KINDS], 60_000);
    const loadMs = Date.now() - t0;
    phase('100,000-record zone');
    const rssAfter = rssBytes(edgesteer.pid);

    const latencyRow = rows[2]!;
    const ratio = perCpu(latencyRow) / perCpu(latencyRow.floor!);
    const echoRatio = perCpu(latencyRow) / perCpu(latencyRow.echo!);
    const worstP99 = Math.max(...rows.slice(0, scenarios.length).map((r) => latencyMs(r.run.measured).p99));
    const errors = rows.reduce((sum, r) => sum + r.run.errors, 0);
    const targets: Target[] = [
      {
        what: `latency-routed answers per server CPU-second ≥ ${TARGET_PER_CPU * 100}% of the hello-world floor`,
        met: ratio >= TARGET_PER_CPU,
        detail: `${(ratio * 100).toFixed(0)}% (${(echoRatio * 100).toFixed(0)}% of the DoH echo floor, which itself reaches ${((100 * perCpu(latencyRow.echo!)) / perCpu(latencyRow.floor!)).toFixed(0)}% of hello world)`,
      },
      {
        what: `p99 ≤ ${TARGET_P99_MS} ms at ${CONNECTIONS} connections (every edgesteer scenario, measured samples)`,
        met: worstP99 <= TARGET_P99_MS,
        detail: `worst p99 ${worstP99.toFixed(2)} ms`,
      },
      { what: 'no errors (non-2xx, socket errors, timeouts)', met: errors === 0, detail: `${errors}` },
      {
        what: 'forwarded answers are isolate cache hits while measured (upstream requests)',
        met: upstreamDuring === 0,
        detail: `${upstreamDuring}`,
      },
    ];
    const ok = report(
      `Load, workerd ${runtimeVersions(root)} direct sockets; server on core ${SERVER_CORE}, wrk on core ${LOAD_CORE}; ${SECONDS} s per run`,
      tableRows(rows),
      targets,
    );
    console.log(
      `RSS of the edgesteer workerd process (query isolate and Durable Objects): ${mb(rssBefore)} MiB with the` +
        ` small zone; ${mb(rssAfter)} MiB with a ${LARGE_ZONE_RECORDS.toLocaleString('en-US')}-record zone` +
        ` loaded too (PUT to first answer ${loadMs} ms); the floor: ${mb(rssBytes(floor.pid))} MiB`,
    );
    console.log(`Time: ${phases.join(', ')}.`);
    console.log(
      `Load average (1 min) on this machine's ${availableParallelism()} cores: ${loadStart.toFixed(1)} at the` +
        ` start, ${loadavg()[0]!.toFixed(1)} at the end (anything well above 0 means other work shared the cores).`,
    );
    return ok;
  } finally {
    await Promise.allSettled(started.map((r) => r.stop()));
    await upstream?.close();
    rmSync(dir, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
}

/** `1.20260815.1 (Miniflare 5.…)`: the runtime that served the run. */
function runtimeVersions(root: string): string {
  const version = (name: string) =>
    (
      JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  return `${version('workerd')} (Miniflare ${version('miniflare')})`;
}

async function upstreamCount(base: string): Promise<number> {
  const answer = (await (await fetch(`${base}/_control/${UPSTREAM_SCENARIO}`)).json()) as { count: number };
  return answer.count;
}
