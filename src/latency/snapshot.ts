/**
 * Measured latency the query path reads (docs/DESIGN.md, latency model): colo × region round-trip times,
 * imported through the API now and filled by probes later. Figures older than `maxAgeSeconds` are
 * ignored and the distance model answers instead.
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
