/**
 * Probe RTTs into the latency table (spec §5.5, issue 11): the prober shards of health/prober.ts,
 * with each round also sent to LatencyState when it holds checks with MeasureLatency. Health does
 * not know latency (the import rules), so this subclass, exported by the Worker as `HealthProber`,
 * adds the feed: one recordProbes call per round (≤ 18 probes), after the health report, whose
 * failure it never affects.
 *
 * A probe counts when it timed the path: an HTTP(S) answer with any status, or an opened socket
 * (TCP). Timeouts and refused targets give no RTT.
 */
import type { Env } from '../env';
import { HealthProber } from '../health/prober';
import type { RoundReport } from '../health/round-report';
import type { ProbeSample } from './cell-kinds';
import { latencyState } from './latency-api-client';

/** The probe samples of one round: reached probes of checks that measure latency. */
export function probeSamplesOf(round: RoundReport): ProbeSample[] {
  const samples: ProbeSample[] = [];
  for (const r of round.results) {
    if (r.measureLatency !== true || r.rttMs === null) continue;
    if (r.statusCode === null && r.reason !== 'connected') continue;
    samples.push({ checker: round.region, checkId: r.id, rttMs: Math.max(r.rttMs, 0.1), at: r.at });
  }
  return samples;
}

export class MeasuringProber extends HealthProber {
  /** Where probe samples go (tests may capture them). */
  sendProbes: (samples: readonly ProbeSample[]) => Promise<unknown>;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sendProbes = (samples) => latencyState(env).recordProbes(samples);
    const report = this.deliver;
    this.deliver = async (round) => {
      try {
        await report(round);
      } finally {
        await this.feed(round);
      }
    };
  }

  private async feed(round: RoundReport): Promise<void> {
    const samples = probeSamplesOf(round);
    if (samples.length === 0) return;
    try {
      await this.sendProbes(samples);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`health prober ${round.shard}: ${samples.length} latency samples lost: ${message}`);
    }
  }
}
