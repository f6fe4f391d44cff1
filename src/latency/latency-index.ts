/**
 * The latency index: the fresh figures of a published latency snapshot, by colo, network, edge
 * sample and probe, built once per snapshot (and again when an entry goes stale); model.ts reads it.
 */
import { BUILTIN_REGIONS } from '../location/regions';
import { type MeasuredNetwork, parseCidr } from './networks';
import { MIN_SAMPLES, SAMPLE_MAX_AGE_SECONDS } from './sampled';
import type { LatencySnapshot } from './snapshot';

export interface Measured {
  readonly rttMs: number;
  /** Epoch ms. */
  readonly measuredAt: number;
}

export interface Sampled extends Measured {
  readonly samples: number;
}

export interface Probed extends Sampled {
  readonly checker: string;
  readonly latitude: number;
  readonly longitude: number;
}

export interface LatencyIndex {
  /** colo (uppercase IATA) → region → newest fresh measurement. */
  readonly colos: ReadonlyMap<string, ReadonlyMap<string, Measured>>;
  /** colo → region → the edge's own EWMA, for cells with MIN_SAMPLES fresh samples. */
  readonly sampled: ReadonlyMap<string, ReadonlyMap<string, Sampled>>;
  /** health check id → usable probe cells from each checker region (cell-kinds.ts). */
  readonly probed: ReadonlyMap<string, readonly Probed[]>;
  /** client /24 or /48 (cell-kinds.ts beaconNetworkOf) → region → usable client-beacon cell. */
  readonly clientNetworks: ReadonlyMap<string, ReadonlyMap<string, Sampled>>;
  /** region → measured networks, most specific first. */
  readonly networks: ReadonlyMap<string, readonly (MeasuredNetwork & Measured)[]>;
  /** Epoch ms after which some entry here is stale: rebuild the index by then. Infinity if none. */
  readonly validUntil: number;
  /** Entries skipped: older than maxAgeSeconds, or unusable (bad CIDR, time or RTT). */
  readonly stale: number;
  readonly invalid: number;
}

export const EMPTY_LATENCY_INDEX: LatencyIndex = {
  colos: new Map(),
  sampled: new Map(),
  probed: new Map(),
  clientNetworks: new Map(),
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
  const sampleMaxAgeMs = SAMPLE_MAX_AGE_SECONDS * 1000;
  /** A published EWMA cell as a usable figure; null (counted) when invalid, stale or too thin. */
  const usable = (
    cell: { rttMs: number; samples: number; updatedAt: string },
    key: string,
  ): Sampled | null => {
    const measuredAt = Date.parse(cell.updatedAt);
    if (!Number.isFinite(measuredAt) || !Number.isFinite(cell.rttMs) || cell.rttMs < 0 || !key) {
      invalid++;
      return null;
    }
    if (now - measuredAt > sampleMaxAgeMs) {
      stale++;
      return null;
    }
    // Too few samples yet: not stale, not used.
    if (!(cell.samples >= MIN_SAMPLES)) return null;
    validUntil = Math.min(validUntil, measuredAt + sampleMaxAgeMs);
    return { rttMs: cell.rttMs, measuredAt, samples: cell.samples };
  };
  const sampled = new Map<string, Map<string, Sampled>>();
  for (const cell of snapshot.sampled ?? []) {
    const figure = usable(cell, cell.region && cell.colo);
    if (figure !== null) nested(sampled, cell.colo.toUpperCase()).set(cell.region, figure);
  }
  const clientNetworks = new Map<string, Map<string, Sampled>>();
  for (const cell of snapshot.networks ?? []) {
    const figure = usable(cell, cell.region && cell.network);
    if (figure !== null) nested(clientNetworks, cell.network).set(cell.region, figure);
  }
  const probed = new Map<string, Probed[]>();
  for (const cell of snapshot.probed ?? []) {
    const at = BUILTIN_REGIONS.get(cell.checker);
    const figure = usable(cell, at === undefined ? '' : cell.checkId);
    if (figure === null || at === undefined) continue;
    const list = probed.get(cell.checkId) ?? [];
    probed.set(cell.checkId, list);
    list.push({ ...figure, checker: cell.checker, latitude: at.latitude, longitude: at.longitude });
  }
  // Most specific first; for the same block, the newest first.
  for (const list of networks.values())
    list.sort((a, b) => b.length - a.length || b.measuredAt - a.measuredAt);
  return { colos, sampled, probed, clientNetworks, networks, validUntil, stale, invalid };
}

function nested<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = outer.get(key);
  if (inner === undefined) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}
