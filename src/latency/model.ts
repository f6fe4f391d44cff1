/**
 * latency(client, region) (docs/DESIGN.md "Latency model"; docs/routing-semantics.md §4.3): a fresh measured
 * RTT for the client's network or colo and that region, else an estimate from the great-circle
 * distance, else unknown. The source of every figure is part of the answer, for explanations.
 *
 * edgesteer decides the order: an imported value for a network containing the client's network (the
 * most specific block wins) describes the client's own path and comes first; then the edge's own
 * samples from the client's colo (sampled.ts: at least MIN_SAMPLES, the newest within an hour), which
 * are live; then an imported value for the colo; then the distance estimate.
 */
import type { ClientLocation } from '../location/types';
import { distanceKm, estimateRttMs, type Point } from './distance';
import { type MeasuredNetwork, networkContains, parseCidr } from './networks';
import { MIN_SAMPLES, SAMPLE_MAX_AGE_SECONDS } from './sampled';
import type { LatencySnapshot } from './snapshot';

export { BASE_RTT_MS, distanceKm, estimateRttMs, RTT_MS_PER_KM } from './distance';

interface Measured {
  readonly rttMs: number;
  /** Epoch ms. */
  readonly measuredAt: number;
}

interface Sampled extends Measured {
  readonly samples: number;
}

export interface LatencyIndex {
  /** colo (uppercase IATA) → region → newest fresh measurement. */
  readonly colos: ReadonlyMap<string, ReadonlyMap<string, Measured>>;
  /** colo → region → the edge's own EWMA, for cells with MIN_SAMPLES fresh samples. */
  readonly sampled: ReadonlyMap<string, ReadonlyMap<string, Sampled>>;
  /** region → measured networks, most specific first. */
  readonly networks: ReadonlyMap<string, readonly (MeasuredNetwork & Measured)[]>;
  /** Epoch ms after which some entry here is stale: rebuild the index by then. Infinity if none. */
  readonly validUntil: number;
  /** Entries skipped: older than maxAgeSeconds, or unusable (bad CIDR, time or RTT). */
  readonly stale: number;
  readonly invalid: number;
}

export type LatencySource = 'measured-network' | 'sampled-colo' | 'measured-colo' | 'estimated' | 'unknown';

export interface LatencyFigure {
  /** RTT in ms; Infinity when unknown, so unknown regions sort last. */
  readonly ms: number;
  readonly source: LatencySource;
  readonly detail: string;
}

export interface RegionPoint {
  readonly id: string;
  readonly latitude: number;
  readonly longitude: number;
}

export const EMPTY_LATENCY_INDEX: LatencyIndex = {
  colos: new Map(),
  sampled: new Map(),
  networks: new Map(),
  validUntil: Number.POSITIVE_INFINITY,
  stale: 0,
  invalid: 0,
};

/** Indexes the fresh measurements of `snapshot` as of `now` (epoch ms). */
export function buildLatencyIndex(snapshot: LatencySnapshot | null, now: number): LatencyIndex {
  if (!snapshot) return EMPTY_LATENCY_INDEX;
  const maxAgeMs = Math.max(0, snapshot.maxAgeSeconds) * 1000;
  const colos = new Map<string, Map<string, Measured>>();
  const networks = new Map<string, (MeasuredNetwork & Measured)[]>();
  let validUntil = Number.POSITIVE_INFINITY;
  let stale = 0;
  let invalid = 0;
  for (const m of snapshot.measurements) {
    const measuredAt = Date.parse(m.measuredAt);
    if (!Number.isFinite(measuredAt) || !Number.isFinite(m.rttMs) || m.rttMs < 0 || !m.region) {
      invalid++;
      continue;
    }
    if (now - measuredAt > maxAgeMs) {
      stale++;
      continue;
    }
    const entry = { rttMs: m.rttMs, measuredAt };
    if (m.colo !== undefined && m.network === undefined) {
      const byRegion = colos.get(m.colo.toUpperCase()) ?? new Map<string, Measured>();
      colos.set(m.colo.toUpperCase(), byRegion);
      const previous = byRegion.get(m.region);
      if (!previous || previous.measuredAt < measuredAt) byRegion.set(m.region, entry);
    } else if (m.network !== undefined && m.colo === undefined) {
      const network = parseCidr(m.network);
      if (!network) {
        invalid++;
        continue;
      }
      const list = networks.get(m.region) ?? [];
      networks.set(m.region, list);
      list.push({ ...network, ...entry });
    } else {
      invalid++;
      continue;
    }
    validUntil = Math.min(validUntil, measuredAt + maxAgeMs);
  }
  const sampled = new Map<string, Map<string, Sampled>>();
  const sampleMaxAgeMs = SAMPLE_MAX_AGE_SECONDS * 1000;
  for (const cell of snapshot.sampled ?? []) {
    const measuredAt = Date.parse(cell.updatedAt);
    if (!Number.isFinite(measuredAt) || !Number.isFinite(cell.rttMs) || cell.rttMs < 0 || !cell.region) {
      invalid++;
      continue;
    }
    if (now - measuredAt > sampleMaxAgeMs) {
      stale++;
      continue;
    }
    // Too few samples yet: not stale, not used.
    if (!(cell.samples >= MIN_SAMPLES)) continue;
    const colo = cell.colo.toUpperCase();
    const byRegion = sampled.get(colo) ?? new Map<string, Sampled>();
    sampled.set(colo, byRegion);
    byRegion.set(cell.region, { rttMs: cell.rttMs, measuredAt, samples: cell.samples });
    validUntil = Math.min(validUntil, measuredAt + sampleMaxAgeMs);
  }
  // Most specific first; for the same block, the newest first.
  for (const list of networks.values())
    list.sort((a, b) => b.length - a.length || b.measuredAt - a.measuredAt);
  return { colos, sampled, networks, validUntil, stale, invalid };
}

const round = (ms: number): string => (Math.round(ms * 10) / 10).toString();

/**
 * The latency figure for `client` → `region`, with where it came from. `detail` (words for the
 * explain trace) is only written when `explain` is set: the query path does not pay for it.
 */
export function latencyFor(
  index: LatencyIndex,
  client: ClientLocation,
  region: RegionPoint,
  explain = true,
): LatencyFigure {
  const network = client.network;
  if (network && index.networks.size > 0) {
    const match = index.networks.get(region.id)?.find((entry) => networkContains(entry, network));
    if (match) {
      return {
        ms: match.rttMs,
        source: 'measured-network',
        detail: explain
          ? `measured ${round(match.rttMs)} ms from ${match.text} to ${region.id} at ${new Date(match.measuredAt).toISOString()}`
          : '',
      };
    }
  }
  if (client.colo !== undefined && index.sampled.size > 0) {
    const cell = index.sampled.get(client.colo.toUpperCase())?.get(region.id);
    if (cell) {
      return {
        ms: cell.rttMs,
        source: 'sampled-colo',
        detail: explain
          ? `sampled ${round(cell.rttMs)} ms from colo ${client.colo} to ${region.id} (EWMA of ${cell.samples} edge samples, newest at ${new Date(cell.measuredAt).toISOString()})`
          : '',
      };
    }
  }
  if (client.colo !== undefined && index.colos.size > 0) {
    const measured = index.colos.get(client.colo.toUpperCase())?.get(region.id);
    if (measured) {
      return {
        ms: measured.rttMs,
        source: 'measured-colo',
        detail: explain
          ? `measured ${round(measured.rttMs)} ms from colo ${client.colo} to ${region.id} at ${new Date(measured.measuredAt).toISOString()}`
          : '',
      };
    }
  }
  if (client.latitude !== undefined && client.longitude !== undefined) {
    const km = distanceKm(client as Point, region);
    const ms = estimateRttMs(km);
    return {
      ms,
      source: 'estimated',
      detail: explain
        ? `estimated ${round(ms)} ms from ${Math.round(km)} km great-circle to ${region.id} (client coordinates from ${client.coordinatesFrom ?? 'unknown'})`
        : '',
    };
  }
  return {
    ms: Number.POSITIVE_INFINITY,
    source: 'unknown',
    detail: `no measurement and no client coordinates for ${region.id}`,
  };
}
