/**
 * `npm run bench:load`: edgesteer under load in workerd, beside a hello-world Worker run the same
 * way (the floor). Both are bundled and served by workerd through Miniflare's API on direct
 * sockets (no wrangler, no proxy worker), state on local disk in a temp dir. The server process is
 * pinned to core 1 and wrk (one thread, 16 connections) to core 0; each edgesteer run is followed
 * by a floor run and a DoH echo run (the DoH I/O floor: read the query, echo it with edgesteer's
 * headers; runtime.ts DOH_ECHO_SOURCE). Server CPU time comes from /proc/<workerd pid>/stat around
 * each run; a round whose runs lost more than 5% of the server core to the hypervisor (steal) is
 * run again, at most twice. A paced h2load run measures latency below saturation.
 * Finally a 100,000-record zone is loaded and the workerd RSS stated before and after.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UpstreamServer } from '../../test/support/upstream-server';
import { report } from '../harness';
import { runH2load } from './h2load';
import { type LoadRun, loadTargets, type Measured, type Round, type Row, tableRows } from './load-table';
import { coreTicks, cpuSeconds, pinToCore, rssBytes } from './procfs';
import {
  api,
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
  loadScenario,
  QUERY_KINDS,
  scenarioVars,
  startScenarioUpstream,
  UPSTREAM_SCENARIO,
  waitUntilAnswered,
} from './scenario';
import { dohRequests, type HttpRequest, runWrk } from './wrk';

const SERVER_CORE = 1;
const LOAD_CORE = 0;
const CONNECTIONS = 16;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 3);
/**
 * Each scenario runs this many times, interleaved with the others and each beside its floors, and
 * the table gives medians: on a shared VM one run's ratio moves by up to 2x.
 */
const ROUNDS = Math.max(1, Number(process.env.LOAD_ROUNDS ?? 3));
const WARM_SECONDS = 1;
/** A round where the hypervisor took more of the server core than this (any of its runs) is redone. */
const MAX_STEAL = 0.05;
const RETRIES = 2;
const stealOf = (r: Round) => Math.max(r.own.steal, r.floor.steal, r.echo.steal);
/** The whole run stops (and cleans up) after this, whatever happens. */
const DEADLINE_MS = 600_000;
/**
 * The paced run: every connection sends this many requests a second (h2load --rps), so the server
 * is not saturated and its latency is its own, not the queue's. At 16 connections a saturated
 * server's latency is the queue by Little's law (16 / qps: 1.5 ms at 10,500 qps), whatever it does.
 */
const PACED_RPS = Number(process.env.LOAD_PACED_RPS ?? 250);
const PACED_QPS = PACED_RPS * CONNECTIONS;

/** A load run with the server's CPU seconds (and its core's steal) around it. */
async function withCpu(server: Runtime, load: () => Promise<LoadRun>): Promise<Measured> {
  const before = cpuSeconds(server.pid);
  const ticks = coreTicks(SERVER_CORE);
  const run = await load();
  const after = coreTicks(SERVER_CORE);
  return {
    run,
    cpu: cpuSeconds(server.pid) - before,
    steal: (after.steal - ticks.steal) / Math.max(after.total - ticks.total, 1),
  };
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

const h2loadRun = (server: Runtime, path: string, logPath: string, rps?: number) =>
  withCpu(server, () =>
    runH2load({
      url: `${server.url}${path}`,
      seconds: SECONDS,
      connections: CONNECTIONS,
      core: LOAD_CORE,
      logPath,
      ...(rps === undefined ? {} : { rps }),
    }),
  );

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

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
    const local = await startScenarioUpstream();
    upstream = local.upstream;
    const upstreamBase = local.base;
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
      ...scenarioVars(token, upstreamBase),
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

    await loadScenario(edgesteer, token);
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
    const scenarios = [
      ...QUERY_KINDS.map((k) => ({ name: k.name, requests: dohRequests(k.wire) })),
      { name: 'mix of the four', requests: all },
    ];
    const latencyGet = dohRequests(QUERY_KINDS[2]!.wire)[0]!.path;
    const log = join(dir, 'h2load.log');
    const measurers: { name: string; measure: (server: Runtime) => Promise<Measured> }[] = [
      ...scenarios.map((s) => ({
        name: s.name,
        measure: (server: Runtime) => wrkRun(server, s.requests, script),
      })),
      {
        name: 'cross-check: latency-routed A, GET only, h2load --h1',
        measure: (server: Runtime) => h2loadRun(server, latencyGet, log),
      },
      {
        name: `paced: latency-routed A, GET only, h2load --h1 at ${PACED_QPS} qps`,
        measure: (server: Runtime) => h2loadRun(server, latencyGet, log, PACED_RPS),
      },
    ];
    const rounds = measurers.map(() => [] as Round[]);
    let retried = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, m] of measurers.entries()) {
        // The floors run beside edgesteer with the same requests, same client work, same pinning;
        // who goes first turns each round, so a drift of the machine lands on each in turn. A round
        // in which the hypervisor took more than MAX_STEAL of the server core from any of the three
        // is run again (up to RETRIES times; the least disturbed attempt is kept).
        const servers = [edgesteer, floor, echo];
        const order = [...servers.slice(round % 3), ...servers.slice(0, round % 3)];
        let best: Round | undefined;
        for (let attempt = 0; attempt <= RETRIES; attempt++) {
          if (attempt > 0) retried++;
          const measured = new Map<Runtime, Measured>();
          for (const server of order) measured.set(server, await m.measure(server));
          const tried: Round = {
            own: measured.get(edgesteer)!,
            floor: measured.get(floor)!,
            echo: measured.get(echo)!,
          };
          if (best === undefined || stealOf(tried) < stealOf(best)) best = tried;
          if (stealOf(best) <= MAX_STEAL) break;
        }
        rounds[i]!.push(best!);
      }
      phase(`round ${round + 1} of ${ROUNDS}`);
    }
    const rows: Row[] = measurers.map((m, i) => ({ name: m.name, rounds: rounds[i]! }));
    const upstreamDuring = (await upstreamCount(upstreamBase)) - upstreamBefore;

    const rssBefore = rssBytes(edgesteer.pid);
    const t0 = Date.now();
    await api(edgesteer, token, 'PUT', `/zones/${LARGE_ZONE}`, largeZoneFile(), 'text/dns');
    await waitUntilAnswered(edgesteer.url, [LARGE_ZONE_PROBE, ...QUERY_KINDS], 60_000);
    const loadMs = Date.now() - t0;
    phase('100,000-record zone');
    const rssAfter = rssBytes(edgesteer.pid);

    const targets = loadTargets(rows, {
      scenarios: scenarios.length,
      upstreamDuring,
      connections: CONNECTIONS,
      rounds: ROUNDS,
      pacedQps: PACED_QPS,
    });
    const ok = report(
      `Load, workerd ${runtimeVersions(root)} direct sockets; server on core ${SERVER_CORE}, wrk on core ${LOAD_CORE}; ${SECONDS} s per run, ${ROUNDS} rounds`,
      tableRows(rows, CONNECTIONS, ROUNDS),
      targets,
    );
    console.log(
      `RSS of the edgesteer workerd process (query isolate and Durable Objects): ${mb(rssBefore)} MiB with the` +
        ` small zone; ${mb(rssAfter)} MiB with a ${LARGE_ZONE_RECORDS.toLocaleString('en-US')}-record zone` +
        ` loaded too (PUT to first answer ${loadMs} ms); the floor: ${mb(rssBytes(floor.pid))} MiB`,
    );
    console.log(`Time: ${phases.join(', ')}.`);
    console.log(
      `Rounds redone for steal over ${MAX_STEAL * 100}% of the server core: ${retried} (the steal column shows the worst run kept).`,
    );
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
