/**
 * Edge latency sampling (issue 11): a query-serving isolate measures, after it has answered, its
 * colo's latency to each region's beacon (beacons.ts) and sends the samples to LatencyState in
 * batches. Nothing here runs before an answer: `tick` is called once the response exists and
 * hands every fetch to `waitUntil`.
 *
 * Budget, per isolate (README, Measured latency):
 *   - at most one sample per colo × region per `intervalMs` (LATENCY_SAMPLE_SECONDS, default 60);
 *   - at most MAX_SAMPLES_PER_TICK beacon requests started by one request, MAX_IN_FLIGHT at once
 *     (Workers allow 50 subrequests per request on the free plan: a request spends ≤ 3 here);
 *   - the due-check itself runs at most once per CHECK_EVERY_MS, so the steady-state cost on the
 *     query path is one clock read and one comparison;
 *   - samples wait in a buffer of at most MAX_BUFFERED and go to LatencyState in one call per
 *     BATCH_SIZE samples or per `flushMs` (LATENCY_SAMPLE_FLUSH_SECONDS, default 30), one call in
 *     flight; a failed call keeps its samples (space permitting) for the next.
 */

import { forbiddenTarget } from '../health/probe-target';
import type { ProbeDeps, ProbeResult, ProbeSpec } from '../health/probe-types';
import type { OutboundPolicy } from '../outbound/targets';
import type { Beacon } from './beacons';
import { type BatchCounters, rememberBounded, SampleBatcher } from './sample-batcher';
import { cellKey, type LatencySample } from './sampled';

export { BATCH_SIZE, MAX_BUFFERED } from './sample-batcher';

export const DEFAULT_SAMPLE_INTERVAL_MS = 60_000;
export const DEFAULT_FLUSH_MS = 30_000;
export const MAX_SAMPLES_PER_TICK = 2;
export const MAX_IN_FLIGHT = 4;
export const CHECK_EVERY_MS = 1_000;
/** colo × region keys remembered; past this the oldest half is forgotten (an isolate sees few colos). */
export const MAX_TRACKED = 4_096;

export interface SamplerDeps {
  readonly probe: (spec: ProbeSpec, deps: ProbeDeps) => Promise<ProbeResult>;
  readonly probeDeps: ProbeDeps;
  /** One LatencyState.recordSamples call. */
  readonly send: (batch: readonly LatencySample[]) => Promise<unknown>;
  readonly outbound: () => OutboundPolicy;
  readonly now: () => number;
  readonly intervalMs: number;
  readonly flushMs: number;
}

export interface SamplerCounters extends BatchCounters {
  /** Beacon requests started. */
  started: number;
  /** Beacon requests that gave no RTT (timeout, refused, DNS, forbidden target). */
  failed: number;
  /** Due samples not started because MAX_IN_FLIGHT were running. */
  busy: number;
}

export class EdgeSampler {
  readonly counters: SamplerCounters = {
    started: 0,
    sampled: 0,
    failed: 0,
    busy: 0,
    dropped: 0,
    batches: 0,
    batchFailures: 0,
  };
  /** colo × region → when its last sample started (epoch ms). Insertion order is age order. */
  private readonly lastStarted = new Map<string, number>();
  private nextCheck = 0;
  private inFlight = 0;
  private readonly batcher: SampleBatcher<LatencySample>;

  constructor(private readonly deps: SamplerDeps) {
    this.batcher = new SampleBatcher(deps.send, deps.now, deps.flushMs, this.counters);
  }

  /**
   * After a request was answered: starts the samples that are due (in `waitUntil`) from the
   * request's colo to the beacons, and sends a due batch. Both are getters, read only when a check
   * is due (reading `request.cf` parses it). Returns how many beacon requests it started.
   */
  tick(
    coloOf: () => string | undefined,
    beaconsOf: () => ReadonlyMap<string, Beacon>,
    waitUntil: (p: Promise<unknown>) => void,
  ): number {
    const now = this.deps.now();
    if (now < this.nextCheck) return 0;
    this.nextCheck = now + CHECK_EVERY_MS;
    let started = 0;
    const colo = coloOf();
    const beacons = colo === undefined ? undefined : beaconsOf();
    if (colo !== undefined && beacons !== undefined) {
      for (const beacon of beacons.values()) {
        const key = cellKey(colo, beacon.region);
        const last = this.lastStarted.get(key);
        if (last !== undefined && now - last < this.deps.intervalMs) continue;
        if (started >= MAX_SAMPLES_PER_TICK) break;
        if (this.inFlight >= MAX_IN_FLIGHT) {
          this.counters.busy++;
          break;
        }
        rememberBounded(this.lastStarted, key, now, MAX_TRACKED);
        started++;
        waitUntil(this.sample(colo, beacon));
      }
    }
    if (started === 0 && this.batcher.due(now)) waitUntil(this.flush());
    return started;
  }

  /** Whether `tick` would check for due samples now. */
  due(): boolean {
    return this.deps.now() >= this.nextCheck;
  }

  /** Samples buffered and not yet sent. */
  get buffered(): number {
    return this.batcher.buffered;
  }

  /** Sends the buffered samples now (one call; none if one is in flight or nothing is buffered). */
  flush(): Promise<void> {
    return this.batcher.flush();
  }

  private async sample(colo: string, beacon: Beacon): Promise<void> {
    this.inFlight++;
    this.counters.started++;
    try {
      const at = this.deps.now();
      const refused = forbiddenTarget(beacon.spec, this.deps.outbound(), at);
      const result = refused ?? (await this.deps.probe(beacon.spec, this.deps.probeDeps));
      // Any answer times the path, a 404 or a 503 as well as a 200; no answer gives no sample.
      const reached = result.rttMs !== null && (result.statusCode !== null || beacon.spec.type === 'TCP');
      if (!reached || result.rttMs === null) {
        this.counters.failed++;
        return;
      }
      this.batcher.add({ colo, region: beacon.region, rttMs: Math.max(result.rttMs, 0.1), at });
    } finally {
      this.inFlight--;
    }
    if (this.batcher.due(this.deps.now())) await this.flush();
  }
}
