/**
 * The Worker's edge sampler (edge-sampler.ts): one per isolate and Env, probing with the health
 * probes' own code and sending batches to the LatencyState Durable Object. The DoH routes call
 * `afterAnswer` with each answered request.
 *
 * Vars: LATENCY_SAMPLE_SECONDS (default 60; 0 or "off" turns sampling off) and
 * LATENCY_SAMPLE_FLUSH_SECONDS (default 30).
 */
import { connect } from 'cloudflare:sockets';
import { configOf, type Env } from '../env';
import { probe } from '../health/probe';
import type { Beacon } from '../latency/beacons';
import { DEFAULT_FLUSH_MS, DEFAULT_SAMPLE_INTERVAL_MS, EdgeSampler } from '../latency/edge-sampler';
import { latencyState } from '../latency/latency-api-client';
import { outboundPolicy } from '../outbound/targets';
import { configStoreFor } from '../store/config-store';

export type SamplingVars = Pick<Env, 'LATENCY_SAMPLE_SECONDS' | 'LATENCY_SAMPLE_FLUSH_SECONDS'>;

/** A var in seconds → ms; `fallback` when absent or unreadable; 0 for "0" or "off". */
function secondsVar(raw: string | undefined, fallback: number): number {
  const text = raw?.trim().toLowerCase();
  if (text === undefined || text === '') return fallback;
  if (text === 'off') return 0;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n * 1000 : fallback;
}

export function samplingIntervals(vars: SamplingVars): { intervalMs: number; flushMs: number } {
  return {
    intervalMs: secondsVar(vars.LATENCY_SAMPLE_SECONDS, DEFAULT_SAMPLE_INTERVAL_MS),
    flushMs: secondsVar(vars.LATENCY_SAMPLE_FLUSH_SECONDS, DEFAULT_FLUSH_MS),
  };
}

const samplers = new WeakMap<Env, EdgeSampler | null>();

/** This isolate's sampler for `env`; null when sampling is off. */
export function edgeSamplerFor(env: Env): EdgeSampler | null {
  let sampler = samplers.get(env);
  if (sampler !== undefined) return sampler;
  const { intervalMs, flushMs } = samplingIntervals(env);
  sampler =
    intervalMs === 0
      ? null
      : new EdgeSampler({
          probe,
          probeDeps: { fetch: (input, init) => fetch(input, init), connect, now: () => Date.now() },
          send: (batch) => latencyState(env).recordSamples(batch),
          outbound: () => outboundPolicy(env),
          now: () => Date.now(),
          intervalMs,
          flushMs,
        });
  samplers.set(env, sampler);
  return sampler;
}

const COLO = /^[A-Z]{3}$/;
const NO_BEACONS: ReadonlyMap<string, Beacon> = new Map();

/** The request's edge colo (`request.cf.colo`), if it is an IATA code. */
function coloOf(request: Request): string | undefined {
  const colo = (request.cf as { colo?: unknown } | undefined)?.colo;
  return typeof colo === 'string' && COLO.test(colo) ? colo : undefined;
}

/** Whether this isolate's sampler would check for due samples now (a clock read, a comparison). */
export function samplingDue(env: Env): boolean {
  return edgeSamplerFor(env)?.due() ?? false;
}

/**
 * After a DoH request was answered: lets the sampler start what is due. Costs a clock read and a
 * comparison on almost every request; never throws into the query path.
 */
export function afterAnswer(request: Request, env: Env, ctx: ExecutionContext): void {
  try {
    const sampler = edgeSamplerFor(env);
    if (sampler === null) return;
    const waitUntil = (p: Promise<unknown>) => ctx.waitUntil(p);
    sampler.tick(
      () => coloOf(request),
      () =>
        configStoreFor(env.SNAPSHOTS, configOf(env).snapshotRefreshMs).held(waitUntil)?.beacons ?? NO_BEACONS,
      waitUntil,
    );
  } catch (error) {
    console.error('latency sampling failed:', error instanceof Error ? error.message : String(error));
  }
}
