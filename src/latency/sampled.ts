/**
 * Sampled latency (issue 11): round-trip times the edge measures itself, kept per colo × region as
 * an exponentially weighted moving average with a sample count and the time of the newest sample.
 *
 * The arithmetic is here and pure; LatencyState (latency-state.ts) stores the cells in SQLite
 * (latency-store.ts, table `sampled`) and publishes them in `latency/current`; the latency model
 * (model.ts) uses a cell once it holds MIN_SAMPLES samples younger than SAMPLE_MAX_AGE_SECONDS.
 *
 * How fast a cell follows a change: after k samples of a new RTT `b`, a cell that held `a` holds
 * b + (a − b)·(1 − α)^k. With α = 0.3, a region that jumps from 20 ms to 200 ms passes a rival at
 * 50 ms after 1 sample and one at 150 ms after 4 (README, Measured latency).
 */
import { REGION_ID } from '../location/regions';
import { MAX_RTT_MS } from './latency-store-limits';

/** Weight of the newest sample. */
export const EWMA_ALPHA = 0.3;
/** A cell routes queries once it holds this many samples… */
export const MIN_SAMPLES = 3;
/** …and its newest is at most this old. An older cell restarts from its next sample. */
export const SAMPLE_MAX_AGE_SECONDS = 3_600;
/** Cells LatencyState keeps (≈ 330 colos × 60 regions); samples for new cells beyond are dropped. */
export const MAX_SAMPLED_CELLS = 20_000;
/** Samples in one LatencyState.recordSamples call (one isolate's batch). */
export const MAX_SAMPLE_BATCH = 500;
/** The count saturates here: it says "plenty", and keeps the JSON short. */
export const MAX_SAMPLE_COUNT = 1_000_000;

/** One measurement of the edge: from colo to region's beacon, time to response headers. */
export interface LatencySample {
  /** Edge colo, uppercase IATA code. */
  readonly colo: string;
  readonly region: string;
  readonly rttMs: number;
  /** Epoch ms of the measurement. */
  readonly at: number;
}

/** A colo × region cell as stored and published. */
export interface SampledCell extends Ewma {
  readonly colo: string;
  readonly region: string;
}

export const cellKey = (colo: string, region: string): string => `${colo} ${region}`;

const COLO = /^[A-Z]{3}$/;

/** Why a sample cannot be recorded at `now`, or null: colo, region, RTT and time must all be sane. */
export function sampleProblem(sample: LatencySample, now: number): string | null {
  if (typeof sample.colo !== 'string' || !COLO.test(sample.colo))
    return `colo "${sample.colo}" is not an IATA code`;
  if (typeof sample.region !== 'string' || !REGION_ID.test(sample.region))
    return `"${sample.region}" is not a region id`;
  return rttProblem(sample.rttMs, sample.at, now);
}

/** The moving part of every sampled cell: the EWMA, how many samples it holds, the newest's time. */
export interface Ewma {
  /** The EWMA, ms. */
  readonly rttMs: number;
  readonly samples: number;
  /** Epoch ms of the newest sample. */
  readonly updatedAt: number;
}

/** `cell` after one sample of `rttMs` at `at`: it moves by α toward it; a stale or absent cell starts from it. */
export function ewmaStep(cell: Ewma | undefined, rttMs: number, at: number): Ewma {
  const fresh = cell !== undefined && at - cell.updatedAt <= SAMPLE_MAX_AGE_SECONDS * 1000;
  if (!fresh) return { rttMs, samples: 1, updatedAt: at };
  return {
    rttMs: cell.rttMs + EWMA_ALPHA * (rttMs - cell.rttMs),
    samples: Math.min(MAX_SAMPLE_COUNT, cell.samples + 1),
    updatedAt: Math.max(cell.updatedAt, at),
  };
}

/** The cell after `sample` (ewmaStep). */
export function addSample(cell: SampledCell | undefined, sample: LatencySample): SampledCell {
  return { colo: sample.colo, region: sample.region, ...ewmaStep(cell, sample.rttMs, sample.at) };
}

/** Why an RTT measured at `at` cannot be recorded at `now`, or null. */
export function rttProblem(rttMs: number, at: number, now: number): string | null {
  if (!Number.isFinite(rttMs) || rttMs <= 0 || rttMs > MAX_RTT_MS) {
    return `RTT ${rttMs} ms is outside (0, ${MAX_RTT_MS}]`;
  }
  if (!Number.isFinite(at) || at > now + 60_000 || now - at > SAMPLE_MAX_AGE_SECONDS * 1000) {
    return `sample time ${at} is not within the last ${SAMPLE_MAX_AGE_SECONDS} s`;
  }
  return null;
}

/**
 * Samples of RTT `to` after which a cell that held `from` holds more than `rival` (from < rival < to):
 * the smallest k with to − (to − from)·(1 − α)^k > rival.
 */
export function samplesToPass(from: number, to: number, rival: number): number {
  return Math.max(1, Math.ceil(Math.log((to - rival) / (to - from)) / Math.log(1 - EWMA_ALPHA)));
}

/** Whether `cell` may route a query at `now`. */
export const cellUsable = (cell: Ewma, now: number): boolean =>
  cell.samples >= MIN_SAMPLES && now - cell.updatedAt <= SAMPLE_MAX_AGE_SECONDS * 1000;
