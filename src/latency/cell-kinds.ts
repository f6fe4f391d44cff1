/**
 * The three kinds of sampled latency cell LatencyState keeps (issue 11), each an EWMA (sampled.ts)
 * under a two-part key, each with its own SQLite table, bound and published form:
 *
 *   edge      colo × region        the edge's own samples (edge-sampler.ts)
 *   probe     checker × check      health-probe RTTs from a checker region to a check's endpoint,
 *                                  for checks with MeasureLatency (spec §5.5; probe-feed.ts)
 *   network   client /24|/48 × region   RTTs browsers report through the client beacon
 *                                  (client-beacons.ts)
 *
 * One descriptor per kind, so storing, folding, expiring and publishing are written once
 * (latency-store.ts, latency-state.ts) for all three.
 */
import { CHECKER_REGIONS } from '../health/check-config-fields';
import { REGION_ID } from '../location/regions';
import { parseCidr } from './networks';
import {
  type Ewma,
  type LatencySample,
  MAX_SAMPLED_CELLS,
  rttProblem,
  type SampledCell,
  sampleProblem,
} from './sampled';

/** A probe RTT: from checker region `checker` to health check `checkId`'s endpoint. */
export interface ProbeSample {
  readonly checker: string;
  readonly checkId: string;
  readonly rttMs: number;
  readonly at: number;
}

export interface ProbedCell extends Ewma {
  readonly checker: string;
  readonly checkId: string;
}

/** An RTT a browser in `network` (canonical /24 or /48) measured to `region`'s beacon. */
export interface NetworkSample {
  readonly network: string;
  readonly region: string;
  readonly rttMs: number;
  readonly at: number;
}

export interface NetworkCell extends Ewma {
  readonly network: string;
  readonly region: string;
}

/** How one kind of cell is keyed, checked, stored and bounded. `C` is the cell, `S` its sample. */
export interface CellKind<S extends { readonly rttMs: number; readonly at: number }, C extends Ewma> {
  readonly name: 'edge' | 'probe' | 'network';
  /** SQLite table and its two key columns (sampled.ts's EWMA columns follow). */
  readonly table: string;
  readonly columns: readonly [string, string];
  /** The cell's two key values, in column order. */
  readonly keyOf: (item: S | C) => readonly [string, string];
  readonly cell: (a: string, b: string, ewma: Ewma) => C;
  readonly problem: (sample: S, now: number) => string | null;
  /** Cells kept; samples that would start a new cell beyond this are dropped (counted). */
  readonly maxCells: number;
}

export const cellKeyOf = <S extends { rttMs: number; at: number }, C extends Ewma>(
  kind: CellKind<S, C>,
  item: S | C,
): string => kind.keyOf(item).join(' ');

/** 8 checker regions × 512 checks that measure latency. */
export const MAX_PROBED_CELLS = 4_096;
/** Client networks × regions kept in the Durable Object (≈ 8 MB of SQLite at most). */
export const MAX_NETWORK_CELLS = 50_000;
/**
 * Network cells in the published snapshot: only usable ones (sampled.ts cellUsable), the most
 * recently updated first. ≈ 110 bytes each: ≤ 220 KB of JSON that every isolate parses once per version.
 */
export const MAX_PUBLISHED_NETWORK_CELLS = 2_000;

export const EDGE_CELLS: CellKind<LatencySample, SampledCell> = {
  name: 'edge',
  table: 'sampled',
  columns: ['colo', 'region'],
  keyOf: (c) => [c.colo, c.region],
  cell: (colo, region, ewma) => ({ colo, region, ...ewma }),
  problem: sampleProblem,
  maxCells: MAX_SAMPLED_CELLS,
};

const CHECK_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const PROBE_CELLS: CellKind<ProbeSample, ProbedCell> = {
  name: 'probe',
  table: 'probed',
  columns: ['checker', 'check_id'],
  keyOf: (c) => [c.checker, c.checkId],
  cell: (checker, checkId, ewma) => ({ checker, checkId, ...ewma }),
  problem: (s, now) => {
    if (typeof s.checker !== 'string' || !(CHECKER_REGIONS as readonly string[]).includes(s.checker)) {
      return `"${s.checker}" is not a checker region`;
    }
    if (typeof s.checkId !== 'string' || !CHECK_ID.test(s.checkId)) return `"${s.checkId}" is not a check id`;
    return rttProblem(s.rttMs, s.at, now);
  },
  maxCells: MAX_PROBED_CELLS,
};

/**
 * The network a client address belongs to for beacon cells: its /24 (IPv4) or /48 (IPv6), as
 * canonical CIDR text (`203.0.113.0/24`, `2001:db8:5::/48`); undefined when `length` is shorter.
 */
export function beaconNetworkOf(network: {
  readonly family: 4 | 6;
  readonly address: Uint8Array;
  readonly length: number;
}): string | undefined {
  const a = network.address;
  if (network.family === 4) {
    return network.length >= 24 ? `${a[0]}.${a[1]}.${a[2]}.0/24` : undefined;
  }
  if (network.length < 48) return undefined;
  const word = (i: number) => (((a[i] ?? 0) << 8) | (a[i + 1] ?? 0)).toString(16);
  const words = [word(0), word(2), word(4)];
  // RFC 5952: trailing zero words fold into the "::" that ends the prefix.
  while (words.length > 0 && words[words.length - 1] === '0') words.pop();
  return words.length === 0 ? '::/48' : `${words.join(':')}::/48`;
}

export const NETWORK_CELLS: CellKind<NetworkSample, NetworkCell> = {
  name: 'network',
  table: 'networked',
  columns: ['network', 'region'],
  keyOf: (c) => [c.network, c.region],
  cell: (network, region, ewma) => ({ network, region, ...ewma }),
  problem: (s, now) => {
    const parsed = typeof s.network === 'string' ? parseCidr(s.network) : undefined;
    if (parsed === undefined || beaconNetworkOf(parsed) !== s.network) {
      return `"${s.network}" is not a canonical /24 or /48 network`;
    }
    if (typeof s.region !== 'string' || !REGION_ID.test(s.region)) return `"${s.region}" is not a region id`;
    return rttProblem(s.rttMs, s.at, now);
  },
  maxCells: MAX_NETWORK_CELLS,
};
