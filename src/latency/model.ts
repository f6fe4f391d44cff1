/**
 * latency(client, region) (docs/DESIGN.md "Latency model"; docs/routing-semantics.md §4.3): a fresh measured
 * RTT for the client's network or colo and that region, else an estimate from the great-circle
 * distance, else unknown. The source of every figure is part of the answer, for explanations.
 *
 * edgesteer decides the order, the client's own path first and live figures before imported ones:
 *   1. sampled-network: browsers in the client's /24 or /48 reported it (client beacon);
 *   2. measured-network: an imported value for a network containing the client's (most specific wins);
 *   3. sampled-colo: the edge's own samples from the client's colo;
 *   4. probed-checker: probe RTTs of a health check linked to the region, from the checker region
 *      nearest the client (within PROBE_NEAR_KM);
 *   5. measured-colo: an imported value for the colo;
 *   6. estimated: the great-circle distance.
 * Every sampled figure (1, 3, 4) needs MIN_SAMPLES samples, the newest within an hour (sampled.ts).
 */
import type { ClientLocation } from '../location/types';
import { beaconNetworkOf } from './cell-kinds';
import { distanceKm, estimateRttMs, type Point } from './distance';
import type { LatencyIndex, Probed } from './latency-index';
import { networkContains } from './networks';

export { BASE_RTT_MS, distanceKm, estimateRttMs, RTT_MS_PER_KM } from './distance';

/**
 * A probe figure stands for clients within this distance of its checker region's coordinates
 * (issue 11: "for the colos near them"); beyond it the checker's path says little about theirs.
 */
export const PROBE_NEAR_KM = 1_000;

export type LatencySource =
  | 'sampled-network'
  | 'measured-network'
  | 'sampled-colo'
  | 'probed-checker'
  | 'measured-colo'
  | 'estimated'
  | 'unknown';

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

/** The probe cell of `checks` whose checker is nearest the client, within PROBE_NEAR_KM. */
function nearestProbe(
  index: LatencyIndex,
  client: ClientLocation,
  checks: readonly string[],
): { cell: Probed; km: number; checkId: string } | undefined {
  if (client.latitude === undefined || client.longitude === undefined) return undefined;
  let best: { cell: Probed; km: number; checkId: string } | undefined;
  for (const checkId of checks) {
    for (const cell of index.probed.get(checkId) ?? []) {
      const km = distanceKm(client as Point, cell);
      if (km <= PROBE_NEAR_KM && (best === undefined || km < best.km)) best = { cell, km, checkId };
    }
  }
  return best;
}

const NO_CHECKS: readonly string[] = [];

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
  checks: readonly string[] = NO_CHECKS,
): LatencyFigure {
  const network = client.network;
  if (network && index.clientNetworks.size > 0) {
    const key = beaconNetworkOf(network);
    const cell = key === undefined ? undefined : index.clientNetworks.get(key)?.get(region.id);
    if (cell) {
      return {
        ms: cell.rttMs,
        source: 'sampled-network',
        detail: explain
          ? `sampled ${round(cell.rttMs)} ms from network ${key} to ${region.id} (EWMA of ${cell.samples} client-beacon reports, newest at ${new Date(cell.measuredAt).toISOString()})`
          : '',
      };
    }
  }
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
  if (checks.length > 0 && index.probed.size > 0) {
    const found = nearestProbe(index, client, checks);
    if (found) {
      const { cell, km, checkId } = found;
      return {
        ms: cell.rttMs,
        source: 'probed-checker',
        detail: explain
          ? `probed ${round(cell.rttMs)} ms from checker ${cell.checker} (${Math.round(km)} km from the client) to health check ${checkId} of ${region.id} (EWMA of ${cell.samples} probes, newest at ${new Date(cell.measuredAt).toISOString()})`
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
