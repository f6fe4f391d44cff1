/**
 * Measured latency the query path reads (docs/DESIGN.md, latency model): colo × region round-trip times,
 * imported through the API (`measurements`) and sampled by the edge itself (`sampled`, sampled.ts).
 * Imported figures older than `maxAgeSeconds` are ignored; sampled cells follow sampled.ts's rules.
 *
 * KV key: `latency/current` → LatencySnapshot JSON.
 */
export const LATENCY_KEY = 'latency/current';

export interface LatencySnapshot {
  readonly format: 1;
  readonly version: number;
  readonly updatedAt: string;
  /** Measurements older than this are not used (default 86400). */
  readonly maxAgeSeconds: number;
  readonly measurements: readonly LatencyMeasurement[];
  /** Cells the edge sampled itself (sampled.ts), sorted by colo then region; absent when none. */
  readonly sampled?: readonly PublishedSampledCell[];
  /** Probe RTTs from checker regions to checks with MeasureLatency (cell-kinds.ts); absent when none. */
  readonly probed?: readonly PublishedProbedCell[];
  /** Usable client-beacon cells (cell-kinds.ts), at most MAX_PUBLISHED_NETWORK_CELLS; absent when none. */
  readonly networks?: readonly PublishedNetworkCell[];
}

interface PublishedEwma {
  /** EWMA, ms (rounded to 0.1). */
  readonly rttMs: number;
  readonly samples: number;
  /** Time of the newest sample, ISO UTC. */
  readonly updatedAt: string;
}

export interface PublishedProbedCell extends PublishedEwma {
  /** Checker region (health/vantages.ts). */
  readonly checker: string;
  readonly checkId: string;
}

export interface PublishedNetworkCell extends PublishedEwma {
  /** Client network, canonical /24 or /48. */
  readonly network: string;
  readonly region: string;
}

export interface PublishedSampledCell extends PublishedEwma {
  readonly colo: string;
  readonly region: string;
}

export interface LatencyMeasurement {
  /** Where the client is: an edge colo (IATA code, uppercase) or a network (CIDR). Exactly one. */
  readonly colo?: string;
  readonly network?: string;
  /** Region id: a built-in cloud region (`us-east-1`, `europe-west1`, `eastus`) or an operator region. */
  readonly region: string;
  readonly rttMs: number;
  readonly measuredAt: string;
}
