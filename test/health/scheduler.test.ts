/**
 * The scheduler's fan-out under the Workers limits: more shards than one invocation may call are
 * handed out over the scheduler's alarm, a shard's round keeps ≤ 6 probes in flight and makes
 * ≤ 18 + 1 subrequests, and shards no longer needed stop.
 */
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { controlPlane, controlPlaneResources } from '../../src/control/client';
import type { HealthCheckConfig } from '../../src/health/check-config';
import { CHECKER_REGIONS } from '../../src/health/check-config';
import type { HealthProber } from '../../src/health/prober';
import type { RoundReport } from '../../src/health/round-report';
import { PUSH_BATCH, probeScheduler } from '../../src/health/scheduler';
import { assignmentOf, newTarget, setTarget, shard, shardKeys } from '../support/health-check-driver';

let port: number;
const ids: string[] = [];

const config = (port: number, interval: 10 | 30): HealthCheckConfig => ({
  Type: 'HTTP',
  FullyQualifiedDomainName: 'localhost',
  Port: port,
  ResourcePath: '/',
  RequestInterval: interval,
  FailureThreshold: 3,
  MeasureLatency: false,
  Inverted: false,
  Disabled: false,
});

beforeAll(async () => {
  port = await newTarget();
  // 36 checks at 10 s from all eight regions (no Regions, HEALTH_REGIONS unset): 6 shards a region.
  for (let i = 0; i < 36; i++) {
    const created = await controlPlane(env).createHealthCheck(undefined, config(port, 10), {});
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    ids.push(created.value.check.value.id);
  }
}, 60_000);

describe('scheduler fan-out', () => {
  it(`48 shards: ${PUSH_BATCH} from the tick, the rest from the alarm it arms`, async () => {
    const summary = await probeScheduler(env).tick();
    expect(summary).toMatchObject({ checks: 36, shards: 48, pushed: PUSH_BATCH, remaining: 8 });
    expect(summary.regions).toEqual([...CHECKER_REGIONS]);
    // The alarm is armed for now: the runtime may have run it already; if not, run it.
    await runDurableObjectAlarm(probeScheduler(env));
    const keys = await shardKeys();
    expect(keys).toHaveLength(48);
    for (const key of keys) expect((await assignmentOf(key))?.jobs).toHaveLength(6);
  });

  it('a round keeps at most 6 probes in flight and makes 6 probe subrequests + 1 report', async () => {
    await setTarget(port, { delayMs: 150 });
    const key = 'eu-west-1/10/0';
    const seen = { fetches: 0, inFlight: 0, peak: 0, reports: [] as RoundReport[] };
    await runInDurableObject(shard(key), (instance: HealthProber) => {
      const real = instance.deps.fetch;
      instance.deps = {
        ...instance.deps,
        fetch: async (input, init) => {
          seen.fetches++;
          seen.peak = Math.max(seen.peak, ++seen.inFlight);
          try {
            return await real(input, init);
          } finally {
            seen.inFlight--;
          }
        },
      };
      instance.deliver = async (round) => {
        seen.reports.push(round);
      };
    });
    await runDurableObjectAlarm(shard(key));
    expect(seen.fetches).toBe(6);
    expect(seen.peak).toBeLessThanOrEqual(6);
    expect(seen.reports).toHaveLength(1);
    expect(seen.reports[0]?.results.map((r) => r.healthy)).toEqual(Array(6).fill(true));
    await setTarget(port, { delayMs: 0 });
  });

  it('a tick that finds the shards already assigned changes nothing and keeps their alarms', async () => {
    const before = await runInDurableObject(shard('us-east-1/10/0'), (_, state) => state.storage.getAlarm());
    await probeScheduler(env).tick();
    await runDurableObjectAlarm(probeScheduler(env));
    const after = await runInDurableObject(shard('us-east-1/10/0'), (_, state) => state.storage.getAlarm());
    expect(after).toBe(before);
  });

  it('shards no longer needed are stopped: deleting the checks empties them', async () => {
    const keys = await shardKeys();
    for (const id of ids) {
      const deleted = await controlPlaneResources(env).deleteResource('health-check', id, {});
      expect(deleted.ok).toBe(true);
    }
    const summary = await probeScheduler(env).tick();
    expect(summary).toMatchObject({ checks: 0, shards: 0, pushed: PUSH_BATCH, remaining: 8 });
    await runDurableObjectAlarm(probeScheduler(env));
    for (const key of keys) {
      expect(await assignmentOf(key)).toBeNull();
      const alarm = await runInDurableObject(shard(key), (_, state) => state.storage.getAlarm());
      expect(alarm).toBeNull();
    }
  });

  it('writes ask for a tick; a burst of requests shares one, run by the alarm a second later', async () => {
    const created = await controlPlane(env).createHealthCheck(undefined, config(port, 30), {});
    expect(created.ok).toBe(true);
    for (let i = 0; i < 3; i++) await probeScheduler(env).requestTick();
    const alarm = await runInDurableObject(probeScheduler(env), (_, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThan(Date.now() - 5_000);
    await runDurableObjectAlarm(probeScheduler(env));
    const keys = await shardKeys();
    expect(keys).toHaveLength(8); // one 30 s shard in each of the eight regions
    expect((await assignmentOf(keys[0] ?? ''))?.jobs).toHaveLength(1);
  });
});
