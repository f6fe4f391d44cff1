/**
 * `npm run bench:profile [-- <scenario>]`: where workerd's CPU goes while it answers one load
 * scenario. edgesteer is bundled and served as in `bench:load` (runtime.ts), with V8's inspector
 * open; wrk drives the scenario's GET+POST mix while the inspector's sampling profiler runs, and
 * the samples are summed by function (self time) and by where the code lives: edgesteer's own
 * source, a dependency, the runtime's JavaScript, garbage collection, or `(program)` (native code
 * outside JavaScript: workerd's HTTP, Request/Response and the event loop).
 *
 * Scenarios are bench/load/scenario.ts QUERY_KINDS by index or name prefix (default: the
 * latency-routed A). Needs wrk (Debian).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinToCore } from './procfs';
import { bundleWorker, dohEchoOptions, edgesteerOptions, startRuntime } from './runtime';
import { loadScenario, QUERY_KINDS, scenarioVars, startScenarioUpstream } from './scenario';
import { dohRequests, runWrk } from './wrk';

const SECONDS = Number(process.env.PROFILE_SECONDS ?? 4);
const INSPECTOR_PORT = 9329;
/** The sampling interval (µs): V8's default is 1,000, too coarse for ~100 µs requests. */
const SAMPLE_US = 50;
const TOP = 30;

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** The WebSocket Node 20 has behind --experimental-websocket (the npm script passes it). */
interface Socket {
  onopen: (() => void) | null;
  onerror: ((e: unknown) => void) | null;
  onmessage: ((e: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
}

/** A minimal Chrome DevTools Protocol client over the inspector's WebSocket. */
async function devtools(url: string) {
  const WebSocketClass = (globalThis as unknown as { WebSocket?: new (url: string) => Socket }).WebSocket;
  if (WebSocketClass === undefined) throw new Error('no WebSocket: run with node --experimental-websocket');
  const socket = new WebSocketClass(url);
  await new Promise<void>((resolve, reject) => {
    socket.onopen = () => resolve();
    socket.onerror = reject;
  });
  let next = 1;
  const pending = new Map<number, (result: unknown) => void>();
  socket.onmessage = ({ data }) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: unknown };
    if (message.id === undefined) return;
    pending.get(message.id)?.(message.error ? Promise.reject(message.error) : message.result);
    pending.delete(message.id);
  };
  return {
    send: <T>(method: string, params: Record<string, unknown> = {}) =>
      new Promise<T>((resolve) => {
        const id = next++;
        pending.set(id, resolve as (result: unknown) => void);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

/** Where a frame's code lives. */
function placeOf(frame: ProfileNode['callFrame']): string {
  const name = frame.functionName;
  if (name === '(garbage collector)' || name === '(program)' || name === '(idle)') return name;
  if (frame.url === '') return 'runtime JavaScript / builtins';
  return 'the Worker bundle';
}

/** Self time by key, in ms, largest first. */
function sum(profile: CpuProfile, key: (node: ProfileNode) => string): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  for (const [i, id] of profile.samples.entries()) {
    const k = key(byId.get(id)!);
    totals.set(k, (totals.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/** Inclusive time (ms) of the frames whose name matches, counted once per sample. */
function inclusive(profile: CpuProfile, names: readonly string[]): [string, number][] {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>(names.map((n) => [n, 0]));
  for (const [i, leaf] of profile.samples.entries()) {
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id)!.callFrame.functionName;
      if (totals.has(name) && !seen.has(name)) {
        seen.add(name);
        totals.set(name, totals.get(name)! + (profile.timeDeltas[i] ?? 0) / 1000);
      }
    }
  }
  return [...totals];
}

function pick(arg: string | undefined) {
  if (arg === undefined) return QUERY_KINDS[2]!;
  const index = Number(arg);
  const kind = Number.isInteger(index) ? QUERY_KINDS[index] : QUERY_KINDS.find((k) => k.name.startsWith(arg));
  if (!kind) throw new Error(`no scenario ${arg}: ${QUERY_KINDS.map((k, i) => `${i} ${k.name}`).join(', ')}`);
  return kind;
}

export default async function main(): Promise<boolean> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const kind = pick(process.argv[3]);
  const dir = mkdtempSync(join(tmpdir(), 'edgesteer-profile-'));
  const token = randomBytes(24).toString('hex');
  const { upstream, base } = await startScenarioUpstream();
  const entry = bundleWorker(root, join(dir, 'bundle'));
  const options = edgesteerOptions(root, entry, scenarioVars(token, base));
  // PROFILE_WORKER=echo profiles the DoH echo floor (runtime.ts) with the same requests instead.
  const echo = process.env.PROFILE_WORKER === 'echo';
  const server = await startRuntime(
    echo ? dohEchoOptions(options) : options,
    join(dir, 'state'),
    INSPECTOR_PORT,
  );
  try {
    pinToCore(server.pid, 1);
    if (!echo) await loadScenario(server, token);
    const requests = dohRequests(kind.wire);
    const script = join(dir, 'load.lua');
    const load = (seconds: number) =>
      runWrk({ url: server.url, requests, seconds, connections: 16, core: 0, scriptPath: script });
    await load(2);

    const targets = (await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json/list`)).json()) as {
      title: string;
      webSocketDebuggerUrl: string;
    }[];
    const target = targets.find((t) => t.title.includes(echo ? 'doh-echo' : 'edgesteer')) ?? targets[0];
    if (!target) throw new Error('no inspector target');
    const cdp = await devtools(target.webSocketDebuggerUrl);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLE_US });
    await cdp.send('Profiler.start');
    const run = await load(SECONDS);
    const { profile } = await cdp.send<{ profile: CpuProfile }>('Profiler.stop');
    const heap = await cdp.send<{ usedSize: number; totalSize: number }>('Runtime.getHeapUsage');
    cdp.close();

    const total = (profile.endTime - profile.startTime) / 1000;
    const perRequest = (ms: number) => ((ms * 1000) / run.requests).toFixed(1);
    console.log(`\n${kind.name}: ${run.requests} requests in ${SECONDS} s, profile ${total.toFixed(0)} ms`);
    const mib = (n: number) => (n / 2 ** 20).toFixed(1);
    console.log(`V8 heap of the isolate: ${mib(heap.usedSize)} MiB used of ${mib(heap.totalSize)} MiB`);
    console.log('\nself time by place (ms, µs per request, share):');
    for (const [place, ms] of sum(profile, (n) => placeOf(n.callFrame))) {
      console.log(
        `  ${place.padEnd(32)} ${ms.toFixed(0).padStart(6)}  ${perRequest(ms).padStart(6)}  ${((100 * ms) / total).toFixed(1)}%`,
      );
    }
    console.log(`\nself time by function, top ${TOP} (ms, µs per request):`);
    const fn = (n: ProfileNode) =>
      `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url ? `${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}` : ''}`;
    for (const [name, ms] of sum(profile, fn).slice(0, TOP)) {
      console.log(`  ${ms.toFixed(0).padStart(6)}  ${perRequest(ms).padStart(6)}  ${name}`);
    }
    console.log('\nself time of runtime frames (no source URL) by caller, top 15 (ms, µs per request):');
    const parentOf = new Map<number, ProfileNode>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n);
    const caller = (n: ProfileNode) => {
      if (n.callFrame.url !== '' || n.callFrame.functionName.startsWith('(')) return '';
      const p = parentOf.get(n.id);
      return `${fn(n)} ← ${p ? fn(p) : '?'}`;
    };
    for (const [name, ms] of sum(profile, caller)
      .filter(([k]) => k !== '')
      .slice(0, 15)) {
      console.log(`  ${ms.toFixed(0).padStart(6)}  ${perRequest(ms).padStart(6)}  ${name}`);
    }
    const names = (
      process.env.PROFILE_INCLUSIVE ??
      'serveDoh,handleQuery,answerQuery,resolve,encodeAnswer,decodeMessage,wireReply,messageFromPost,messageFromGet,snapshotsFor,afterAnswer'
    ).split(',');
    console.log('\ninclusive time of named functions (ms, µs per request):');
    for (const [name, ms] of inclusive(profile, names)) {
      console.log(`  ${ms.toFixed(0).padStart(6)}  ${perRequest(ms).padStart(6)}  ${name}`);
    }
    return true;
  } finally {
    await server.stop();
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
