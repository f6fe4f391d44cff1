/**
 * One prober shard (probe-jobs.ts): a Durable Object named `<region>/<interval>/<n>`, created with
 * its region's location hint, that probes its checks every interval on its own alarm and reports
 * each round to HealthState in one call. The scheduler (scheduler.ts) hands it its checks; a shard
 * given none forgets them and stops.
 *
 * The next alarm is armed before a round starts, at the round's start + the interval (a fixed
 * cadence, so a slow round does not stretch the failover time); a round that outlasts the interval
 * is followed at once by the next. A failed report loses that round only.
 */
import { connect } from 'cloudflare:sockets';
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import { type OutboundPolicy, outboundPolicy } from '../outbound/targets';
import { OPEN_CONNECTIONS } from '../platform-limits';
import { healthState } from './client';
import { probe } from './probe';
import type { ProbeJob, ShardAssignment } from './probe-jobs';
import { forbiddenTarget } from './probe-target';
import type { ProbeDeps } from './probe-types';
import type { ProbeReport, RoundReport } from './round-report';

/** Probes in flight at once: more would only queue for a connection. */
export const PROBE_CONCURRENCY = OPEN_CONNECTIONS;

export const ASSIGNMENT_KEY = 'assignment';

/** Runs `work` over `items` with at most `limit` at once; results in input order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

export class HealthProber extends DurableObject<Env> {
  /** The clock (tests move it). */
  now: () => number = () => Date.now();
  /** How probes reach the network (tests may wrap it). */
  deps: ProbeDeps = {
    fetch: (input, init) => fetch(input, init),
    connect,
    now: () => this.now(),
  };
  /** Where probes may go, from the vars at each round (tests close it). */
  outbound: () => OutboundPolicy = () => outboundPolicy(this.env);
  /** Where rounds go (tests may capture them). */
  deliver: (round: RoundReport) => Promise<void> = (round) => healthState(this.env).report(round);

  /** Takes a new assignment (null: stop). Starts probing now unless a round is already due. */
  async assign(assignment: ShardAssignment | null): Promise<{ readonly alarmAt: number | null }> {
    const storage = this.ctx.storage;
    if (assignment === null || assignment.jobs.length === 0) {
      await storage.delete(ASSIGNMENT_KEY);
      await storage.deleteAlarm();
      return { alarmAt: null };
    }
    await storage.put(ASSIGNMENT_KEY, assignment);
    const current = await storage.getAlarm();
    if (current !== null) return { alarmAt: current };
    const at = this.now();
    await storage.setAlarm(at);
    return { alarmAt: at };
  }

  async assignment(): Promise<ShardAssignment | null> {
    return (await this.ctx.storage.get<ShardAssignment>(ASSIGNMENT_KEY)) ?? null;
  }

  override async alarm(): Promise<void> {
    const assignment = await this.assignment();
    if (assignment === null) return;
    const startedAt = this.now();
    await this.ctx.storage.setAlarm(startedAt + assignment.intervalSeconds * 1000);
    const results = await this.round(assignment.jobs);
    try {
      await this.deliver({
        shard: assignment.key,
        region: assignment.region,
        intervalSeconds: assignment.intervalSeconds,
        results,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`health prober ${assignment.key}: report of ${results.length} probes failed: ${message}`);
    }
  }

  /** Probes every job once, at most PROBE_CONCURRENCY at a time; a refused target is not probed. */
  async round(jobs: readonly ProbeJob[]): Promise<ProbeReport[]> {
    const outbound = this.outbound();
    return mapLimited(jobs, PROBE_CONCURRENCY, async (job) => {
      const refused = forbiddenTarget(job.spec, outbound, this.now());
      const { startedAt, ...result } = refused ?? (await probe(job.spec, this.deps));
      return {
        id: job.id,
        at: startedAt,
        ...result,
        ...(job.measureLatency ? { measureLatency: true } : {}),
      };
    });
  }
}
