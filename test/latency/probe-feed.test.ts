/**
 * Probe RTTs into the latency table (spec §5.5, issue 11), in workerd: a real prober shard (the
 * Worker's HealthProber, latency/probe-feed.ts) probes a local beacon whose path names its delay,
 * for checks with MeasureLatency, and its rounds reach the real LatencyState; the published cells
 * route clients near the checker region, with the trace naming the checker and the probe count.
 */
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { stubByName } from '../../src/durable/stub';
import { configOf } from '../../src/env';
import type { ShardAssignment } from '../../src/health/probe-jobs';
import { ASSIGNMENT_KEY } from '../../src/health/prober';
import type { RoundReport } from '../../src/health/round-report';
import { MAX_PROBED_CELLS, PROBE_CELLS, type ProbeSample } from '../../src/latency/cell-kinds';
import { latencyState } from '../../src/latency/latency-api-client';
import { buildLatencyIndex } from '../../src/latency/latency-index';
import type { LatencyState } from '../../src/latency/latency-state';
import { latencyFor, PROBE_NEAR_KM } from '../../src/latency/model';
import { type MeasuringProber, probeSamplesOf } from '../../src/latency/probe-feed';
import { signalStoresFor } from '../../src/store/signal-stores';
import { api } from '../support/api';
import { defineDelayChecks, publishLatencyZone } from '../support/latency-zone';

const ZONE = 'probed.test';
const port = inject('beaconPort');
/**
 * From eu-west-1 (Dublin): Virginia answers in 20 ms, Frankfurt in 150, Tokyo in 200. By distance a
 * London client goes to Frankfurt; only the probes can send it to Virginia.
 */
const DELAYS = { virginia: 20, frankfurt: 150, tokyo: 200 } as const;

const defineChecks = (measureLatency: boolean) =>
  defineDelayChecks(port, DELAYS, 'probed-', {
    MeasureLatency: measureLatency,
    Regions: ['eu-west-1', 'us-east-1', 'ap-northeast-1'],
  });

let checks: Record<string, string>;

beforeAll(async () => {
  checks = await defineChecks(true);
  await publishLatencyZone(ZONE, checks);
}, 60_000);

/** One eu-west-1 shard of the Worker's prober class, probing `ids` (all measuring latency or not). */
async function runRounds(ids: Record<string, string>, measure: boolean, rounds: number): Promise<void> {
  const shard = stubByName<MeasuringProber>(env.PROBERS, `eu-west-1/30/test-${crypto.randomUUID()}`);
  const assignment: ShardAssignment = {
    key: 'eu-west-1/30/0',
    region: 'eu-west-1',
    hint: 'weur',
    intervalSeconds: 30,
    jobs: Object.entries(ids).map(([label, id]) => ({
      id,
      spec: {
        type: 'HTTP',
        ipAddress: '127.0.0.1',
        port,
        resourcePath: `/delay/${DELAYS[label as keyof typeof DELAYS]}/probed-${label}`,
      },
      ...(measure ? { measureLatency: true as const } : {}),
    })),
  };
  // Exactly `rounds` rounds: assign() would arm an alarm for now, which workerd may fire itself
  // before runDurableObjectAlarm takes it (an extra round, seen under CI load); each round's own
  // re-arm (+30 s) is removed too.
  await runInDurableObject(shard, (_o, state) => state.storage.put(ASSIGNMENT_KEY, assignment));
  for (let r = 0; r < rounds; r++) {
    await runInDurableObject(shard, async (o: MeasuringProber, state) => {
      await o.alarm();
      await state.storage.deleteAlarm();
    });
  }
}

describe('probe RTTs feed the latency table', () => {
  it('probeSamplesOf keeps reached probes of checks that measure latency, and nothing else', () => {
    const round: RoundReport = {
      shard: 'eu-west-1/30/0',
      region: 'eu-west-1',
      intervalSeconds: 30,
      results: [
        {
          id: 'a',
          at: 1,
          healthy: true,
          reason: 'status 200',
          rttMs: 12,
          connectMs: null,
          statusCode: 200,
          measureLatency: true,
        },
        // An answer with a failing status still timed the path.
        {
          id: 'b',
          at: 1,
          healthy: false,
          reason: 'status 503',
          rttMs: 30,
          connectMs: null,
          statusCode: 503,
          measureLatency: true,
        },
        {
          id: 'c',
          at: 1,
          healthy: true,
          reason: 'connected',
          rttMs: 0,
          connectMs: 0,
          statusCode: null,
          measureLatency: true,
        },
        {
          id: 'd',
          at: 1,
          healthy: false,
          reason: 'timeout',
          rttMs: null,
          connectMs: null,
          statusCode: null,
          measureLatency: true,
        },
        { id: 'e', at: 1, healthy: true, reason: 'status 200', rttMs: 9, connectMs: null, statusCode: 200 },
      ],
    };
    expect(probeSamplesOf(round)).toEqual([
      { checker: 'eu-west-1', checkId: 'a', rttMs: 12, at: 1 },
      { checker: 'eu-west-1', checkId: 'b', rttMs: 30, at: 1 },
      { checker: 'eu-west-1', checkId: 'c', rttMs: 0.1, at: 1 },
    ]);
  });

  it('a shard probing checks with MeasureLatency sends one batch per round; the cells follow the delays', async () => {
    await latencyState(env).clearSampled();
    const before = await runInDurableObject(latencyState(env), (o: LatencyState) => o.batches);
    await runRounds(checks, true, 3);
    const after = await runInDurableObject(latencyState(env), (o: LatencyState) => o.batches);
    expect(after - before).toBe(3);
    const probed = (await latencyState(env).read()).probed;
    expect(probed.map((c) => [c.checker, c.checkId, c.samples])).toEqual(
      Object.values(checks)
        .sort()
        .map((id) => ['eu-west-1', id, 3]),
    );
    for (const [label, ms] of Object.entries(DELAYS)) {
      const cell = probed.find((c) => c.checkId === checks[label])!;
      expect(cell.rttMs).toBeGreaterThanOrEqual(ms);
      expect(cell.rttMs).toBeLessThan(ms + 100);
    }
  });

  it('checks without MeasureLatency feed nothing', async () => {
    await latencyState(env).clearSampled();
    const plain = await defineChecks(false);
    await runRounds(plain, false, 2);
    expect((await latencyState(env).read()).probed).toEqual([]);
  });

  it("routes clients near the checker by the probes, and the trace says so; far clients don't use them", async () => {
    await latencyState(env).clearSampled();
    await runRounds(checks, true, 3);
    await runDurableObjectAlarm(latencyState(env));
    const ms = configOf(env).snapshotRefreshMs;
    await signalStoresFor(env.SNAPSHOTS, ms).latency.refresh();

    // LHR is ~460 km from Dublin, within PROBE_NEAR_KM.
    const view = await (await api('/latency')).json<{
      Probed: { Checker: string; Samples: number; Used: boolean }[];
      Matrix: { Colos: string[]; Regions: string[]; Rows: { RttMs: number | null; Source: string }[][] };
    }>();
    expect(
      view.Probed.every((c) => c.Checker === 'eu-west-1' && c.Samples === 3 && c.Used),
      JSON.stringify(view.Probed),
    ).toBe(true);
    const lhr = view.Matrix.Colos.indexOf('LHR');
    expect(lhr).toBeGreaterThanOrEqual(0);
    expect(view.Matrix.Rows[lhr]!.map((c) => c.Source)).toEqual([
      'probed-checker',
      'probed-checker',
      'probed-checker',
    ]);
    // Tokyo's colo is far from every checker with cells: the model stays.
    expect(view.Matrix.Colos).not.toContain('NRT');

    const res = await api(`/test-dns-answer?recordName=app.${ZONE}&recordType=A&colo=LHR`);
    const body = await res.text();
    expect(res.status, body).toBe(200);
    expect((JSON.parse(body) as { RecordData: string[] }).RecordData).toEqual(['192.0.2.1']);
    expect(body).toMatch(
      /probed \d+(\.\d)? ms from checker eu-west-1 \(\d+ km from the client\) to health check/,
    );
    expect(body).toContain('EWMA of 3 probes');
  });

  it(`uses a checker only within ${PROBE_NEAR_KM} km, the nearest first`, () => {
    const now = Date.now();
    const cell = (checker: string, rttMs: number) => ({
      checker,
      checkId: 'hc',
      rttMs,
      samples: 5,
      updatedAt: new Date(now - 1000).toISOString(),
    });
    const index = buildLatencyIndex(
      {
        format: 1,
        version: 1,
        updatedAt: new Date(now).toISOString(),
        maxAgeSeconds: 86_400,
        measurements: [],
        probed: [cell('eu-west-1', 40), cell('us-east-1', 5)],
      },
      now,
    );
    const region = { id: 'eu-central-1', latitude: 50.1, longitude: 8.7 };
    const london = { source: 'explicit', latitude: 51.5, longitude: -0.1 } as const;
    expect(latencyFor(index, london, region, false, ['hc'])).toMatchObject({
      ms: 40,
      source: 'probed-checker',
    });
    const newYork = { source: 'explicit', latitude: 40.7, longitude: -74 } as const;
    expect(latencyFor(index, newYork, region, false, ['hc'])).toMatchObject({
      ms: 5,
      source: 'probed-checker',
    });
    const delhi = { source: 'explicit', latitude: 28.6, longitude: 77.2 } as const;
    expect(latencyFor(index, delhi, region, false, ['hc']).source).toBe('estimated');
    // Not linked to the region: not used.
    expect(latencyFor(index, london, region, false, ['other']).source).toBe('estimated');
  });

  it(`keeps at most ${MAX_PROBED_CELLS} probe cells; more are counted as full`, async () => {
    const stub = stubByName<LatencyState>(env.LATENCY, crypto.randomUUID());
    const now = Date.now();
    let full = 0;
    let cells = 0;
    for (let start = 0; start < MAX_PROBED_CELLS + 100; start += 500) {
      const batch: ProbeSample[] = [];
      for (let i = start; i < start + 500; i++)
        batch.push({ checker: 'us-east-1', checkId: `check-${i}`, rttMs: 10, at: now });
      const result = await stub.recordProbes(batch);
      full += result.full;
      cells = result.cells;
    }
    expect(cells).toBe(MAX_PROBED_CELLS);
    expect(full).toBe(Math.ceil((MAX_PROBED_CELLS + 100) / 500) * 500 - MAX_PROBED_CELLS);
    const bad = await stub.recordProbes([
      { checker: 'mars-1', checkId: 'x', rttMs: 10, at: now },
      { checker: 'us-east-1', checkId: 'bad id!', rttMs: 10, at: now },
      { checker: 'us-east-1', checkId: 'check-1', rttMs: -1, at: now },
    ]);
    expect(bad).toMatchObject({ recorded: 0, invalid: 3 });
    expect(bad.reasons).toEqual([
      '"mars-1" is not a checker region',
      '"bad id!" is not a check id',
      'RTT -1 ms is outside (0, 60000]',
    ]);
    expect(PROBE_CELLS.table).toBe('probed');
  });
});
