/**
 * What a prober shard (prober.ts) reports to HealthState after each round. Its own module because
 * both sides import it: the shard calls HealthState through its client, and HealthState must not
 * import the shard back.
 */
import type { ProbeResult } from './probe-types';

/** One probe's outcome as HealthState receives it. */
export interface ProbeReport extends Omit<ProbeResult, 'startedAt'> {
  readonly id: string;
  /** Epoch ms when the probe started. */
  readonly at: number;
  /** The check measures latency (MeasureLatency): latency/probe-feed.ts folds its RTT. */
  readonly measureLatency?: true;
}

export interface RoundReport {
  readonly shard: string;
  readonly region: string;
  readonly intervalSeconds: number;
  readonly results: readonly ProbeReport[];
}
