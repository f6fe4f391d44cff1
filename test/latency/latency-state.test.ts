import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stubByName } from '../../src/durable/stub';
import { latencyState } from '../../src/latency/latency-api-client';
import { LATENCY_PACING, type LatencyState } from '../../src/latency/latency-state';
import { MAX_MEASUREMENTS } from '../../src/latency/latency-store-limits';
import { LATENCY_KEY, type LatencyMeasurement, type LatencySnapshot } from '../../src/latency/snapshot';
import { PUBLISH_RETRY_MS } from '../../src/signals/signal-publisher';
import { alarmAt, instrument, setClock, T0 } from '../support/signals';

const stub = latencyState(env);
const used: DurableObjectStub<LatencyState>[] = [stub];
const published = () => env.SNAPSHOTS.get<LatencySnapshot>(LATENCY_KEY, 'json');

function freshObject(): DurableObjectStub<LatencyState> {
  const fresh = stubByName<LatencyState>(env.LATENCY, crypto.randomUUID());
  used.push(fresh);
  return fresh;
}

const at = (minute: number) => new Date(T0 - 3_600_000 + minute * 60_000).toISOString();
const fra = (rttMs: number, minute = 0, region = 'eu-central-1'): LatencyMeasurement => ({
  colo: 'FRA',
  region,
  rttMs,
  measuredAt: at(minute),
});
const net = (rttMs: number, minute = 0): LatencyMeasurement => ({
  network: '198.51.100.0/24',
  region: 'us-east-1',
  rttMs,
  measuredAt: at(minute),
});

/** MAX_MEASUREMENTS distinct measurements: colos AAA, BAA, … × six regions. */
function fullTable(): LatencyMeasurement[] {
  const table: LatencyMeasurement[] = [];
  for (let i = 0; table.length < MAX_MEASUREMENTS; i++) {
    const colo = String.fromCharCode(65 + (i % 26), 65 + (Math.floor(i / 26) % 26), 65 + Math.floor(i / 676));
    for (const region of ['r0', 'r1', 'r2', 'r3', 'r4', 'r5']) table.push({ ...fra(10, 0, region), colo });
  }
  return table.slice(0, MAX_MEASUREMENTS);
}

async function ok<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

beforeEach(async () => {
  await instrument(stub, T0);
  await stub.clear();
});

afterEach(async () => {
  for (const object of used) await runInDurableObject(object, (_, state) => state.storage.deleteAlarm());
});

describe('replace and merge', () => {
  it('replace sets the whole table and MaxAgeSeconds (default 86400)', async () => {
    const first = await ok(stub.replace({ maxAgeSeconds: 3600, measurements: [fra(12.5), net(80)] }));
    expect(first).toMatchObject({ changed: true, maxAgeSeconds: 3600, count: 2 });
    const second = await ok(stub.replace({ measurements: [fra(14)] }));
    expect(second).toMatchObject({
      version: first.version + 1,
      changed: true,
      maxAgeSeconds: 86_400,
      count: 1,
    });
    const table = await stub.read();
    expect(table).toEqual({
      version: second.version,
      updatedAt: new Date(T0).toISOString(),
      maxAgeSeconds: 86_400,
      measurements: [fra(14)],
      sampled: [],
      probed: [],
      networks: [],
      networkCount: 0,
    });
  });

  it('an identical replace changes nothing', async () => {
    const first = await ok(stub.replace({ measurements: [fra(12.5), net(80)] }));
    const again = await ok(stub.replace({ measurements: [net(80), fra(12.5)] }));
    expect(again).toEqual({ ...first, changed: false });
    const clearedTwice = await stub.clear();
    expect((await stub.clear()).version).toBe(clearedTwice.version);
  });

  it('merge keeps the newest MeasuredAt per place and region, and removes nothing', async () => {
    await ok(stub.replace({ maxAgeSeconds: 600, measurements: [fra(12, 10), net(80, 10)] }));
    const merged = await ok(
      stub.merge({
        measurements: [
          fra(99, 5), // older: ignored
          net(70, 20), // newer: wins
          fra(30, 0, 'us-east-1'), // new key
        ],
      }),
    );
    expect(merged).toMatchObject({ changed: true, maxAgeSeconds: 600, count: 3 });
    expect((await stub.read()).measurements).toEqual([fra(12, 10), fra(30, 0, 'us-east-1'), net(70, 20)]);
  });

  it('merge: a tie goes to the incoming value; nothing newer changes nothing', async () => {
    await ok(stub.replace({ measurements: [fra(12, 10)] }));
    const tie = await ok(stub.merge({ measurements: [fra(13, 10)] }));
    expect(tie.changed).toBe(true);
    expect((await stub.read()).measurements).toEqual([fra(13, 10)]);
    const stale = await ok(stub.merge({ measurements: [fra(50, 1), fra(13, 10)] }));
    expect(stale).toEqual({ ...tie, changed: false });
    const maxAge = await ok(stub.merge({ maxAgeSeconds: 120, measurements: [] }));
    expect(maxAge).toMatchObject({ changed: true, maxAgeSeconds: 120, count: 1 });
  });

  it(`holds at most ${MAX_MEASUREMENTS} measurements; a merge past that changes nothing`, async () => {
    const object = freshObject();
    await instrument(object, T0);
    const full = fullTable();
    const stored = await ok(object.replace({ measurements: full }));
    expect(stored.count).toBe(MAX_MEASUREMENTS);
    const over = await object.merge({ measurements: [fra(10, 0, 'one-more')] });
    expect(over).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        problems: [
          { path: '/Measurements', message: 'the table would hold 100001 measurements; at most 100000' },
        ],
      },
    });
    // Updating existing keys is fine at the limit.
    const update = await ok(
      object.merge({ measurements: [{ ...(full[0] as LatencyMeasurement), rttMs: 11 }] }),
    );
    expect(update).toMatchObject({ changed: true, count: MAX_MEASUREMENTS, version: stored.version + 1 });
    await runDurableObjectAlarm(object);
    expect((await published())?.measurements).toHaveLength(MAX_MEASUREMENTS);
  }, 60_000);
});

describe('publishing latency/current', () => {
  it('coalesces imports within 5 s into one KV write, in key order', async () => {
    const spy = await instrument(stub, T0);
    await ok(stub.replace({ measurements: [net(80)] }));
    expect(await alarmAt(stub)).toBe(T0 + LATENCY_PACING.coalesceMs);
    await setClock(stub, T0 + 3_000);
    await ok(stub.merge({ measurements: [fra(12)] }));
    expect(await alarmAt(stub)).toBe(T0 + LATENCY_PACING.coalesceMs);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(spy.puts).toEqual([LATENCY_KEY]);
    const { committed, published: pub } = await stub.versions();
    expect(pub).toBe(committed);
    expect(await published()).toEqual({
      format: 1,
      version: committed,
      updatedAt: new Date(T0 + 3_000).toISOString(),
      maxAgeSeconds: 86_400,
      measurements: [fra(12), net(80)],
    });
  });

  it('writes nothing for a write that changes nothing', async () => {
    await ok(stub.replace({ measurements: [fra(12)] }));
    await runDurableObjectAlarm(stub);
    const spy = await instrument(stub, T0);
    await ok(stub.replace({ measurements: [fra(12)] }));
    await ok(stub.merge({ measurements: [fra(12)] }));
    expect(await runDurableObjectAlarm(stub)).toBe(false);
    expect(spy.puts).toEqual([]);
  });

  it('retries a failed KV write', async () => {
    const spy = await instrument(stub, T0);
    spy.failures = 1;
    await ok(stub.replace({ measurements: [fra(33)] }));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(spy.puts).toEqual([]);
    expect(await alarmAt(stub)).toBe(T0 + PUBLISH_RETRY_MS);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(spy.puts).toEqual([LATENCY_KEY]);
    expect((await published())?.measurements).toEqual([fra(33)]);
  });

  it('paces writes: a burst of 10, then one every 864 s', async () => {
    const object = freshObject();
    const spy = await instrument(object, T0);
    for (let i = 1; i <= LATENCY_PACING.burst + 3; i++) {
      await ok(object.replace({ measurements: [fra(i)] }));
      await runDurableObjectAlarm(object);
    }
    expect(spy.puts).toHaveLength(LATENCY_PACING.burst);
    const spacing = 86_400_000 / LATENCY_PACING.perDay;
    expect(await alarmAt(object)).toBe(T0 + spacing);
    await setClock(object, T0 + spacing);
    await runDurableObjectAlarm(object);
    expect(spy.puts).toHaveLength(LATENCY_PACING.burst + 1);
    expect((await published())?.measurements).toEqual([fra(LATENCY_PACING.burst + 3)]);
  });
});
