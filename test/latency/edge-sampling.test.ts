/**
 * Edge latency sampling in workerd (issue 11): beacons at a local server whose path names its
 * delay, real probes, the real LatencyState, and DoH queries carrying an injected `request.cf.colo`.
 * The table converges to the beacons' order, a region that turns slow loses its clients within the
 * stated number of samples, a burst of queries starts a bounded number of samples and DO calls, and
 * a latency-routed answer's trace says it came from sampled edge latency.
 */

import { connect } from 'cloudflare:sockets';
import {
  createExecutionContext,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { controlPlane } from '../../src/control/client';
import { stubByName } from '../../src/durable/stub';
import { configOf, type Env } from '../../src/env';
import { probe } from '../../src/health/probe';
import worker from '../../src/index';
import type { Beacon } from '../../src/latency/beacons';
import { EdgeSampler, MAX_SAMPLES_PER_TICK } from '../../src/latency/edge-sampler';
import { latencyState } from '../../src/latency/latency-api-client';
import type { LatencyState } from '../../src/latency/latency-state';
import { samplesToPass } from '../../src/latency/sampled';
import { outboundPolicy } from '../../src/outbound/targets';
import { configStoreFor } from '../../src/store/config-store';
import { signalStoresFor } from '../../src/store/signal-stores';
import { api, authHeaders } from '../support/api';
import { defineDelayChecks, publishLatencyZone } from '../support/latency-zone';

const ZONE = 'sampled.test';
const port = inject('beaconPort');
const beaconHits = async (): Promise<Record<string, number>> =>
  (await fetch(`http://127.0.0.1:${port}/_hits`)).json();
/** FRA's beacons: the nearest region (Frankfurt) is the slowest, so only measurement can pick Virginia. */
const DELAYS = { virginia: 10, frankfurt: 150, tokyo: 60 } as const;
const REGION_OF = { virginia: 'us-east-1', frankfurt: 'eu-central-1', tokyo: 'ap-northeast-1' } as const;

async function refresh(): Promise<void> {
  const ms = configOf(env).snapshotRefreshMs;
  await configStoreFor(env.SNAPSHOTS, ms).refresh();
  await signalStoresFor(env.SNAPSHOTS, ms).latency.refresh();
}

async function beacons(): Promise<ReadonlyMap<string, Beacon>> {
  const index = await configStoreFor(env.SNAPSHOTS, configOf(env).snapshotRefreshMs).current(() => {});
  return index?.beacons ?? new Map();
}

/** A sampler on a clock the test moves, probing for real and sending to `stub`. */
function testSampler(stub: DurableObjectStub<LatencyState>, clock: { now: number }, flushMs = 0) {
  return new EdgeSampler({
    probe,
    probeDeps: { fetch: (i, init) => fetch(i, init), connect, now: () => Date.now() },
    send: (batch) => stub.recordSamples(batch),
    outbound: () => outboundPolicy(env),
    now: () => clock.now,
    intervalMs: 60_000,
    flushMs,
  });
}

/** Runs every promise the sampler hands to waitUntil (they may start more). */
async function drain(promises: Promise<unknown>[]): Promise<void> {
  while (promises.length > 0) await Promise.all(promises.splice(0));
}

/** `rounds` due checks one interval apart from colo FRA, each started sample awaited. */
async function sampleRounds(
  sampler: EdgeSampler,
  clock: { now: number },
  map: ReadonlyMap<string, Beacon>,
  rounds: number,
) {
  const pending: Promise<unknown>[] = [];
  for (let r = 0; r < rounds; r++) {
    clock.now += 60_001;
    // Two per check (MAX_SAMPLES_PER_TICK): a round takes ceil(regions / 2) checks a second apart.
    for (let t = 0; t * MAX_SAMPLES_PER_TICK < map.size; t++) {
      sampler.tick(
        () => 'FRA',
        () => map,
        (p) => pending.push(p),
      );
      clock.now += 1_000;
      await drain(pending);
    }
  }
  await sampler.flush();
}

interface LatencyView {
  Sampled: { Colo: string; Region: string; RttMs: number; Samples: number; Used: boolean }[];
  Beacons: { Region: string; Source: string; HealthCheckId?: string }[];
  Matrix: { Colos: string[]; Regions: string[]; Rows: { RttMs: number | null; Source: string }[][] };
}
const latencyView = async (): Promise<LatencyView> => (await api('/latency')).json();

beforeAll(async () => {
  await publishLatencyZone(ZONE, await defineDelayChecks(port, DELAYS, ''));
  await refresh();
}, 60_000);

describe('edge latency sampling', () => {
  it("derives each region's beacon from the health check linked to it", async () => {
    const map = await beacons();
    expect([...map.keys()]).toEqual(['ap-northeast-1', 'eu-central-1', 'us-east-1']);
    expect(map.get('us-east-1')?.spec).toMatchObject({
      type: 'HTTP',
      ipAddress: '127.0.0.1',
      resourcePath: '/delay/10/virginia',
    });
    expect((await latencyView()).Beacons.map((b) => b.Source)).toEqual([
      'HealthCheck',
      'HealthCheck',
      'HealthCheck',
    ]);
  });

  it('DoH queries from a colo start at most one sample per region per interval, after the answer', async () => {
    await latencyState(env).clearSampled();
    await fetch(`http://127.0.0.1:${port}/_reset`);
    const sampling: Env = { ...env, LATENCY_SAMPLE_SECONDS: '60', LATENCY_SAMPLE_FLUSH_SECONDS: '0' };
    const url = `https://doh.test/resolve?name=app.${ZONE}&type=A`;
    const started = Date.now();
    // Until every region was sampled once (the due check runs once a second), then 300 more.
    for (let extra = 0; extra < 300; ) {
      const ctx = createExecutionContext();
      const res = await worker.fetch!(
        new Request(url, { cf: { colo: 'FRA' } } as RequestInit) as never,
        sampling,
        ctx,
      );
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      await waitOnExecutionContext(ctx);
      const total = Object.values(await beaconHits()).reduce((a, b) => a + b, 0);
      if (total >= 3) extra++;
      expect(Date.now() - started).toBeLessThan(20_000);
    }
    expect(await beaconHits()).toEqual({
      '/delay/10/virginia': 1,
      '/delay/150/frankfurt': 1,
      '/delay/60/tokyo': 1,
    });
    const view = await latencyView();
    expect(view.Sampled.map((c) => [c.Colo, c.Region, c.Samples])).toEqual([
      ['FRA', 'ap-northeast-1', 1],
      ['FRA', 'eu-central-1', 1],
      ['FRA', 'us-east-1', 1],
    ]);
    // One sample is not enough to route on.
    expect(view.Sampled.every((c) => !c.Used)).toBe(true);
    const batches = await runInDurableObject(latencyState(env), (o: LatencyState) => o.batches);
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThanOrEqual(3);
  });

  it("converges to the beacons' order, and a latency-routed answer says it came from sampled latency", async () => {
    await latencyState(env).clearSampled();
    const clock = { now: Date.now() - 10 * 60_000 };
    await sampleRounds(testSampler(latencyState(env), clock), clock, await beacons(), 4);
    const view = await latencyView();
    const byRegion = Object.fromEntries(view.Sampled.map((c) => [c.Region, c]));
    for (const [label, ms] of Object.entries(DELAYS)) {
      const cell = byRegion[REGION_OF[label as keyof typeof DELAYS]]!;
      expect(cell).toMatchObject({ Colo: 'FRA', Samples: 4, Used: true });
      expect(cell.RttMs).toBeGreaterThanOrEqual(ms);
      expect(cell.RttMs).toBeLessThan(ms + 100);
    }
    expect(byRegion['us-east-1']!.RttMs).toBeLessThan(byRegion['ap-northeast-1']!.RttMs);
    expect(byRegion['ap-northeast-1']!.RttMs).toBeLessThan(byRegion['eu-central-1']!.RttMs);
    const fra = view.Matrix.Colos.indexOf('FRA');
    expect(view.Matrix.Rows[fra]!.map((c) => c.Source)).toEqual([
      'sampled-colo',
      'sampled-colo',
      'sampled-colo',
    ]);

    // Published (the alarm), picked up by the query path: FRA's nearest region is the slowest one.
    await runDurableObjectAlarm(latencyState(env));
    await refresh();
    const ctx = createExecutionContext();
    const request = new Request(`https://doh.test/resolve?name=app.${ZONE}&type=A&explain=1`, {
      headers: authHeaders(),
      cf: { colo: 'FRA' },
    } as RequestInit);
    const res = await worker.fetch!(request as never, env, ctx);
    await waitOnExecutionContext(ctx);
    const body = await res.text();
    expect((JSON.parse(body) as { Answer: { data: string }[] }).Answer.map((a) => a.data)).toEqual([
      '192.0.2.1',
    ]);
    expect(body).toContain('sampled-colo');
    expect(body).toMatch(/sampled \d+(\.\d)? ms from colo FRA to us-east-1 \(EWMA of 4 edge samples/);
  });

  it(`a region that turns slow loses to a rival within samplesToPass samples`, async () => {
    const stub = stubByName<LatencyState>(env.LATENCY, crypto.randomUUID());
    const clock = { now: Date.now() - 10 * 60_000 };
    const sampler = testSampler(stub, clock);
    const base = await beacons();
    const withVirginia = (virginiaMs: number): ReadonlyMap<string, Beacon> => {
      const us = base.get('us-east-1')!;
      const slow = { ...us, spec: { ...us.spec, resourcePath: `/delay/${virginiaMs}/virginia` } };
      return new Map([
        ['ap-northeast-1', base.get('ap-northeast-1')!],
        ['us-east-1', slow],
      ]);
    };
    await sampleRounds(sampler, clock, withVirginia(10), 5);
    const cells = async () => Object.fromEntries((await stub.read()).sampled.map((c) => [c.region, c.rttMs]));
    const before = await cells();
    expect(before['us-east-1']!).toBeLessThan(before['ap-northeast-1']!);
    // Virginia now answers after 200 ms; Tokyo stays at 60.
    const stated = samplesToPass(before['us-east-1']!, 200, before['ap-northeast-1']!);
    let samples = 0;
    for (; samples < 10; samples++) {
      const now = await cells();
      if (now['us-east-1']! > now['ap-northeast-1']!) break;
      await sampleRounds(sampler, clock, withVirginia(200), 1);
    }
    expect(samples).toBeGreaterThanOrEqual(1);
    expect(samples).toBeLessThanOrEqual(stated + 1);
  });

  it('a burst of 100,000 queries starts a bounded number of samples and DO calls', async () => {
    const stub = stubByName<LatencyState>(env.LATENCY, crypto.randomUUID());
    const clock = { now: Date.now() - 5 * 60_000 };
    const sampler = testSampler(stub, clock, 30_000);
    const map = await beacons();
    const pending: Promise<unknown>[] = [];
    // 100,000 queries 2 ms apart: 200 s of traffic from one colo.
    for (let q = 0; q < 100_000; q++) {
      clock.now += 2;
      sampler.tick(
        () => 'FRA',
        () => map,
        (p) => pending.push(p),
      );
      if (pending.length > 0 && q % 1000 === 0) await drain(pending);
    }
    await drain(pending);
    await sampler.flush();
    // At most one sample per region per 60 s: ceil(200 / 60) = 4 per region.
    expect(sampler.counters.started).toBeLessThanOrEqual(3 * 4);
    expect(sampler.counters.started).toBeGreaterThanOrEqual(3 * 3);
    expect(sampler.counters.sampled).toBe(sampler.counters.started);
    const calls = await runInDurableObject(stub, (o: LatencyState) => o.batches);
    expect(calls).toBe(sampler.counters.batches);
    // One call per 30 s of buffered samples at most, plus the final flush.
    expect(calls).toBeLessThanOrEqual(Math.ceil(200 / 30) + 1);
    expect((await stub.read()).sampled.reduce((n, c) => n + c.samples, 0)).toBe(sampler.counters.sampled);
  }, 60_000);

  it("a region's BeaconUrl is validated, stored, shown and used before any health check", async () => {
    const put = (body: unknown) =>
      api('/regions/lab-dc', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const bad = await put({ Latitude: 50, Longitude: 8, BeaconUrl: 'ftp://user:pw@127.0.0.1/x', Name: '' });
    expect(bad.status).toBe(400);
    const problems = JSON.stringify(await bad.json());
    expect(problems).toContain('/BeaconUrl');
    expect(problems).toContain('/Name');
    const url = `http://127.0.0.1:${port}/delay/5/lab`;
    const good = await put({ Latitude: 50, Longitude: 8, BeaconUrl: url });
    expect(good.status).toBe(201);
    expect(await (await api('/regions/lab-dc')).json()).toMatchObject({ Id: 'lab-dc', BeaconUrl: url });
    await runDurableObjectAlarm(controlPlane(env));
    await refresh();
    const beacon = (await latencyView()).Beacons.find((b) => b.Region === 'lab-dc');
    expect(beacon).toEqual({ Region: 'lab-dc', Source: 'BeaconUrl', Url: url });
    expect((await beacons()).get('lab-dc')?.spec).toMatchObject({
      ipAddress: '127.0.0.1',
      resourcePath: '/delay/5/lab',
    });
  });
});
