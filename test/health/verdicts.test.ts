/**
 * HealthState's probe side, fed rounds directly (no network): per-checker thresholds, the quorum
 * rule across regions, inverted / disabled / calculated checks, manual statuses over probes, what
 * a removed check leaves, webhook hand-over, and KV written only when a status changes.
 */
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { healthState } from '../../src/health/client';
import type { HealthState } from '../../src/health/health-state';
import type { DefinedCheck } from '../../src/health/probe-jobs';
import type { ProbeReport } from '../../src/health/round-report';
import type { HealthEvent } from '../../src/health/webhook-event';
import { instrument, setClock, T0 } from '../support/signals';

const stub = () => healthState(env);
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-1'] as const;

function http(id: string, extra: Record<string, unknown> = {}): DefinedCheck {
  return {
    id,
    config: {
      Type: 'HTTP',
      FullyQualifiedDomainName: 'app.example',
      Port: 80,
      ResourcePath: '/',
      RequestInterval: 30,
      FailureThreshold: 2,
      MeasureLatency: false,
      Inverted: false,
      Disabled: false,
      Regions: [...REGIONS],
      ...extra,
    } as DefinedCheck['config'],
  };
}

function result(id: string, healthy: boolean, at: number): ProbeReport {
  return {
    id,
    at,
    healthy,
    reason: healthy ? 'status 200' : 'connection refused',
    rttMs: healthy ? 12 : null,
    connectMs: null,
    statusCode: healthy ? 200 : null,
    ...(healthy ? {} : { failure: 'refused' as const }),
  };
}

/** One round from `region` with the given verdicts. */
async function round(region: string, verdicts: Record<string, boolean>, at: number): Promise<void> {
  await stub().report({
    shard: `${region}/30/0`,
    region,
    intervalSeconds: 30,
    results: Object.entries(verdicts).map(([id, healthy]) => result(id, healthy, at)),
  });
}

async function status(id: string) {
  return (await stub().detail(id)).status;
}

describe('per-checker thresholds and the quorum across regions', () => {
  it('a new check is healthy; FailureThreshold failures in a row flip a checker', async () => {
    await instrument(stub(), T0);
    await stub().sync([http('q1')], [...REGIONS]);
    expect(await status('q1')).toMatchObject({ healthy: true, source: 'probe' });
    for (const region of REGIONS) await round(region, { q1: false }, T0 + 1);
    expect((await status('q1'))?.healthy).toBe(true); // 1 of 2 failures
    for (const region of REGIONS) await round(region, { q1: false }, T0 + 2);
    expect(await status('q1')).toMatchObject({ healthy: false, reason: '0 of 3 checkers healthy (≤ 18%)' });
  });

  it('one checker of three that says healthy keeps it healthy (more than 18%)', async () => {
    await stub().sync([http('q2')], [...REGIONS]);
    for (const at of [1, 2, 3]) {
      await round('us-east-1', { q2: true }, T0 + at);
      await round('eu-west-1', { q2: false }, T0 + at);
      await round('ap-southeast-1', { q2: false }, T0 + at);
    }
    expect(await status('q2')).toMatchObject({ healthy: true });
    expect((await stub().detail('q2')).verdict?.reason).toBe('1 of 3 checkers healthy (> 18%)');
  });

  it('QuorumPercent 50 needs a majority', async () => {
    await stub().sync([http('q3', { QuorumPercent: 50 })], [...REGIONS]);
    for (const at of [1, 2]) {
      await round('us-east-1', { q3: true }, T0 + at);
      await round('eu-west-1', { q3: false }, T0 + at);
      await round('ap-southeast-1', { q3: false }, T0 + at);
    }
    expect(await status('q3')).toMatchObject({ healthy: false, reason: '1 of 3 checkers healthy (≤ 50%)' });
  });

  it('separate up/down counts: ConsecutiveDown 1, ConsecutiveUp 3', async () => {
    await stub().sync(
      [http('q4', { ConsecutiveDown: 1, ConsecutiveUp: 3, Regions: undefined })],
      ['us-east-1'],
    );
    await round('us-east-1', { q4: false }, T0 + 1);
    expect((await status('q4'))?.healthy).toBe(false);
    await round('us-east-1', { q4: true }, T0 + 2);
    await round('us-east-1', { q4: true }, T0 + 3);
    expect((await status('q4'))?.healthy).toBe(false);
    await round('us-east-1', { q4: true }, T0 + 4);
    expect((await status('q4'))?.healthy).toBe(true);
  });

  it('a report from a region the check does not use is ignored', async () => {
    await stub().sync([http('q5', { FailureThreshold: 1 })], [...REGIONS]);
    await round('sa-east-1', { q5: false }, T0 + 1);
    expect((await status('q5'))?.healthy).toBe(true);
    expect((await stub().detail('q5')).checkers.map((c) => c.region)).toEqual([...REGIONS]);
  });
});

describe('Inverted, Disabled, CALCULATED', () => {
  it('an inverted new check is unhealthy until probes say otherwise', async () => {
    await stub().sync([http('inv', { Inverted: true, FailureThreshold: 1 })], [...REGIONS]);
    expect((await status('inv'))?.healthy).toBe(false);
    for (const region of REGIONS) await round(region, { inv: false }, T0 + 1);
    expect((await status('inv'))?.healthy).toBe(true);
  });

  it('a disabled check is healthy whatever its checkers last said', async () => {
    await stub().sync([http('dis', { FailureThreshold: 1 })], [...REGIONS]);
    for (const region of REGIONS) await round(region, { dis: false }, T0 + 1);
    expect((await status('dis'))?.healthy).toBe(false);
    await stub().sync([http('dis', { FailureThreshold: 1, Disabled: true })], [...REGIONS]);
    expect(await status('dis')).toMatchObject({ healthy: true, reason: 'disabled' });
  });

  it("a calculated check follows its children's published statuses (HealthThreshold)", async () => {
    const parent: DefinedCheck = {
      id: 'calc',
      config: {
        Type: 'CALCULATED',
        HealthThreshold: 2,
        ChildHealthChecks: ['c1', 'c2', 'c3'],
        Inverted: false,
        Disabled: false,
      },
    };
    const children = ['c1', 'c2', 'c3'].map((id) => http(id, { FailureThreshold: 1 }));
    await stub().sync([...children, parent], [...REGIONS]);
    expect((await status('calc'))?.healthy).toBe(true);
    for (const region of REGIONS) await round(region, { c1: false, c2: true, c3: true }, T0 + 1);
    // Still healthy: the published reason stays that of the last flip; the verdict says why now.
    expect((await status('calc'))?.healthy).toBe(true);
    expect((await stub().detail('calc')).verdict?.reason).toBe('2 of 3 children healthy ≥ threshold 2');
    for (const region of REGIONS) await round(region, { c1: false, c2: false, c3: true }, T0 + 2);
    expect(await status('calc')).toMatchObject({
      healthy: false,
      reason: '1 of 3 children healthy < threshold 2',
    });
  });
});

describe('manual statuses, removed checks', () => {
  it('a manual status overrides the probes until cleared, then the verdict returns', async () => {
    await stub().sync([http('man', { FailureThreshold: 1 })], [...REGIONS]);
    await stub().setStatus('man', { healthy: false, reason: 'maintenance' });
    for (const region of REGIONS) await round(region, { man: true }, T0 + 1);
    expect(await status('man')).toMatchObject({ healthy: false, source: 'manual' });
    await stub().clearStatus('man');
    expect(await status('man')).toMatchObject({ healthy: true, source: 'probe' });
    const flips = (await stub().detail('man')).transitions.map((t) => [t.source, t.healthy]);
    expect(flips).toEqual([
      ['probe', true],
      ['manual', false],
    ]);
  });

  it('a check removed from the definitions loses its probe status and checkers', async () => {
    await stub().sync([http('gone', { FailureThreshold: 1 })], [...REGIONS]);
    await round('us-east-1', { gone: false }, T0 + 1);
    await stub().sync([], [...REGIONS]);
    const detail = await stub().detail('gone');
    expect(detail).toMatchObject({
      status: null,
      definition: null,
      verdict: null,
      checkers: [],
      transitions: [],
    });
  });
});

describe('publishing and webhooks', () => {
  it('KV is written when a status flips, never while nothing changes', async () => {
    const spy = await instrument(stub(), T0 + 10_000_000);
    await stub().sync([http('kv', { FailureThreshold: 1 })], [...REGIONS]);
    await runDurableObjectAlarm(stub());
    spy.puts.length = 0;
    for (let i = 1; i <= 20; i++) {
      await setClock(stub(), T0 + 10_000_000 + i * 30_000);
      for (const region of REGIONS) await round(region, { kv: true }, T0 + 10_000_000 + i * 30_000);
      await runDurableObjectAlarm(stub());
    }
    expect(spy.puts).toEqual([]);
    await setClock(stub(), T0 + 20_000_000);
    for (const region of REGIONS) await round(region, { kv: false }, T0 + 20_000_000);
    await runDurableObjectAlarm(stub());
    expect(spy.puts).toEqual(['health/current']);
  });

  it('every flip is handed to webhooks once, in order; a failed hand-over is retried by the alarm', async () => {
    const handed: HealthEvent[] = [];
    let fail = 1;
    await runInDurableObject(stub(), (instance: HealthState) => {
      instance.now = () => T0 + 30_000_000;
      instance.notify = async (events) => {
        if (fail-- > 0) throw new Error('webhooks unreachable (test)');
        handed.push(...events);
      };
    });
    await stub().sync([http('hook', { FailureThreshold: 1 })], [...REGIONS]);
    for (const region of REGIONS) await round(region, { hook: false }, T0 + 30_000_001);
    await new Promise((r) => setTimeout(r, 50)); // the hand-over runs after the report returns
    expect(handed).toEqual([]);
    await runDurableObjectAlarm(stub());
    expect(handed).toEqual([
      {
        id: expect.stringMatching(/^hc-\d+$/),
        type: 'health-check.status-changed',
        healthCheckId: 'hook',
        healthy: false,
        previousHealthy: true,
        at: new Date(T0 + 30_000_000).toISOString(),
        reason: '0 of 3 checkers healthy (≤ 18%)',
        source: 'probe',
      },
    ]);
    for (const region of REGIONS) await round(region, { hook: true }, T0 + 30_000_002);
    await new Promise((r) => setTimeout(r, 50));
    expect(handed.map((e) => [e.healthCheckId, e.healthy])).toEqual([
      ['hook', false],
      ['hook', true],
    ]);
  });
});
