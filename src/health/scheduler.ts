/**
 * The probe scheduler (docs/routing-semantics.md §5.2, §5.4): one Durable Object ("primary") that the
 * cron trigger ticks every minute, and the management API after every health-check write. A tick
 * reads the definitions from the control plane, syncs them to HealthState, and hands every prober
 * shard (probe-jobs.ts) its checks; shards that are no longer needed are told to stop.
 *
 * Fan-out stays inside the subrequest limit of every invocation (50 on Workers Free): a tick or an
 * alarm makes at most 2 reads/syncs + PUSH_BATCH shard calls, and continues with the rest on its
 * own alarm. Handing a shard the checks it already has costs nothing and revives it if its alarm
 * chain was ever lost, so every tick is also a watchdog.
 */
import { DurableObject } from 'cloudflare:workers';
import { controlPlaneResources } from '../control/client';
import { stubByName } from '../durable/stub';
import type { Env } from '../env';
import { healthState } from './client';
import { type DefinedCheck, planShards, type ShardAssignment } from './probe-jobs';
import type { HealthProber } from './prober';
import { type CheckerRegion, defaultRegions } from './vantages';

/** Shard calls per invocation; with the control-plane read and the HealthState sync, 42. */
export const PUSH_BATCH = 40;

/** Writes within this long share one tick. */
export const TICK_COALESCE_MS = 1_000;

const SHARDS_KEY = 'shards';
const TICK_KEY = 'tick-requested';
const CURSOR_KEY = 'cursor';

export interface TickSummary {
  readonly checks: number;
  readonly shards: number;
  /** Shard calls made by this invocation (assignments and stops). */
  readonly pushed: number;
  /** Calls left for the following alarms. */
  readonly remaining: number;
  readonly regions: readonly CheckerRegion[];
  /** A configuration problem (e.g. HEALTH_REGIONS), reported and worked around. */
  readonly warning?: string;
}

export const PROBE_SCHEDULER_NAME = 'primary';

export function probeScheduler(env: Env): DurableObjectStub<ProbeScheduler> {
  return stubByName<ProbeScheduler>(env.PROBES, PROBE_SCHEDULER_NAME);
}

/** A prober shard's stub, created in its region on first use. */
export function proberShard(
  env: Env,
  key: string,
  hint: DurableObjectLocationHint | undefined,
): DurableObjectStub<HealthProber> {
  return stubByName<HealthProber>(env.PROBERS, key, hint === undefined ? undefined : { locationHint: hint });
}

export class ProbeScheduler extends DurableObject<Env> {
  /** A full pass: sync HealthState, then push the first batch of assignments. */
  async tick(): Promise<TickSummary> {
    const { checks, shards, regions, warning } = await this.plan();
    await healthState(this.env).sync(checks, regions);
    const previous = (await this.ctx.storage.get<string[]>(SHARDS_KEY)) ?? [];
    const current = new Set(shards.map((shard) => shard.key));
    const retired = previous.filter((key) => !current.has(key));
    // Retired shards are stopped first: they are not in the next plan to be found again.
    await this.ctx.storage.put({ [SHARDS_KEY]: [...current], [CURSOR_KEY]: 0, retired });
    const pushed = await this.push(shards, retired);
    return {
      checks: checks.length,
      shards: shards.length,
      pushed: pushed.count,
      remaining: pushed.remaining,
      regions,
      ...(warning === undefined ? {} : { warning }),
    };
  }

  /**
   * Asks for a tick about a second from now (health-check writes): a burst of writes, such as an
   * import of a thousand checks, costs one pass instead of one per write.
   */
  async requestTick(): Promise<void> {
    await this.ctx.storage.put(TICK_KEY, true);
    const at = Date.now() + TICK_COALESCE_MS;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  /** A requested tick, or the continuation of a pass that had more shards than one invocation may call. */
  override async alarm(): Promise<void> {
    if ((await this.ctx.storage.get<boolean>(TICK_KEY)) === true) {
      await this.ctx.storage.delete(TICK_KEY);
      await this.tick();
      return;
    }
    const { shards } = await this.plan();
    const retired = (await this.ctx.storage.get<string[]>('retired')) ?? [];
    await this.push(shards, retired);
  }

  private async plan() {
    const rows = await controlPlaneResources(this.env).listResources('health-check');
    const checks: DefinedCheck[] = rows.map((row) => ({ id: row.value.id, config: row.value.config }));
    const { regions, error } = defaultRegions(this.env.HEALTH_REGIONS);
    if (error !== undefined) console.error(`health scheduler: ${error}`);
    return { checks, shards: planShards(checks, regions), regions, warning: error };
  }

  /** Calls the next PUSH_BATCH shards (retired ones first); re-arms for the rest. */
  private async push(
    shards: readonly ShardAssignment[],
    retired: readonly string[],
  ): Promise<{ count: number; remaining: number }> {
    const cursor = (await this.ctx.storage.get<number>(CURSOR_KEY)) ?? 0;
    const calls: (() => Promise<unknown>)[] = [
      ...retired.map((key) => () => proberShard(this.env, key, undefined).assign(null)),
      ...shards.map((shard) => () => proberShard(this.env, shard.key, shard.hint).assign(shard)),
    ];
    const batch = calls.slice(cursor, cursor + PUSH_BATCH);
    const outcomes = await Promise.allSettled(batch.map((call) => call()));
    const failed = outcomes.filter((outcome) => outcome.status === 'rejected').length;
    if (failed > 0) console.error(`health scheduler: ${failed} of ${batch.length} shard calls failed`);
    const next = cursor + batch.length;
    const remaining = calls.length - next;
    await this.ctx.storage.put(CURSOR_KEY, next);
    if (remaining > 0) await this.ctx.storage.setAlarm(Date.now());
    return { count: batch.length, remaining };
  }
}
