/**
 * KV writes the control plane spends on publishing (README "Storage"): a burst of writes shares
 * paced publishes, and a write that leaves the snapshot as it was writes nothing. KV is the real
 * binding wrapped in a counter; the object's clock is injected and its alarm run by hand, the way
 * the runtime runs it (the scheduled alarm cleared, then the handler).
 */
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ControlPlane } from '../../src/control/control-plane';
import { CONFIG_PACING } from '../../src/control/publish/config-publisher';
import { api } from '../support/api';
import { batch, control, set, zoneOf } from '../support/control-zones';
import { counted } from '../support/counted';
import { PROBE_CHECK } from '../support/health-checks';

const stub = control();
/** KV calls the control plane made since the test began. */
let calls: string[] = [];

beforeEach(async () => {
  calls = [];
  await runInDurableObject(stub, (instance) => {
    instance.publishDelayMs = 3_600_000;
    Reflect.set(instance, 'env', { ...env, SNAPSHOTS: counted(env.SNAPSHOTS, calls) });
  });
});

const puts = () => calls.filter((c) => c === 'put').length;

async function publishPending(): Promise<void> {
  await runDurableObjectAlarm(stub);
  const { committed, published } = await stub.versions();
  expect(published).toBe(committed);
}

function send(method: string, path: string, body: unknown): Promise<Response> {
  return api(path, { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
}

describe('a write that leaves the snapshot as it was', () => {
  it('an identical region, CIDR collection or probe config is INSYNC without a KV write', async () => {
    const region = { Latitude: 50.11, Longitude: 8.68, Name: 'Frankfurt rack' };
    const collection = {
      Name: 'corp',
      Locations: [{ LocationName: 'office', CidrList: ['198.51.100.0/24'] }],
    };
    const check = { ...PROBE_CHECK, EnableSNI: false };
    expect((await send('PUT', '/regions/edge-fra', region)).status).toBe(201);
    expect((await send('PUT', '/cidr-collections/corp-networks', collection)).status).toBe(201);
    const created = await send('POST', '/health-checks', { HealthCheckConfig: check });
    expect(created.status).toBe(201);
    const id = (await created.json<{ HealthCheck: { Id: string } }>()).HealthCheck.Id;
    await publishPending();
    expect(puts()).toBe(2); // blob and pointer

    calls.length = 0;
    const again = [
      await send('PUT', '/regions/edge-fra', region),
      await send('PUT', '/cidr-collections/corp-networks', collection),
      // EnableSNI is not in the snapshot: probes and the query path ignore it.
      await send('PUT', `/health-checks/${id}`, { HealthCheckConfig: { ...check, EnableSNI: true } }),
    ];
    expect(again.map((r) => r.status)).toEqual([200, 200, 200]);
    const changeIds = await Promise.all(
      again.map(async (r) => (await r.json<{ ChangeInfo: { Id: string } }>()).ChangeInfo.Id),
    );
    await publishPending();
    expect(calls).toEqual([]);
    for (const changeId of changeIds) expect((await stub.getChange(changeId))?.Status).toBe('INSYNC');

    // A region that did move is published.
    await send('PUT', '/regions/edge-fra', { ...region, Latitude: 50.2 });
    await publishPending();
    expect(puts()).toBe(2);
  });

  it('an unchanged write after a changed one still publishes the change', async () => {
    const region = { Latitude: 1, Longitude: 2 };
    await send('PUT', '/regions/edge-one', region);
    await publishPending();
    calls.length = 0;
    await send('PUT', '/regions/edge-two', region); // new: changes the snapshot
    await send('PUT', '/regions/edge-one', region); // identical
    await publishPending();
    expect(puts()).toBe(2);
    const pointer = await env.SNAPSHOTS.get<{ key: string }>('config/current', 'json');
    const snapshot = await env.SNAPSHOTS.get<{ regions?: { id: string }[] }>(pointer?.key ?? '', 'json');
    expect(snapshot?.regions?.map((r) => r.id)).toEqual(['edge-fra', 'edge-one', 'edge-two']);
  });
});

/** The object's alarm as the runtime runs it: due at `now` or earlier, cleared, then handled. */
async function runDueAlarm(instance: ControlPlane, state: DurableObjectState, now: number): Promise<boolean> {
  const at = await state.storage.getAlarm();
  if (at === null || at > now) return false;
  await state.storage.deleteAlarm();
  await instance.alarm();
  return true;
}

describe('a burst of 1,000 writes', () => {
  it('costs at most two KV writes per paced publish, and every change becomes INSYNC', async () => {
    await stub.putZone(zoneOf('burst.test'), {});
    await publishPending();
    const blobsBefore = (await env.SNAPSHOTS.list({ prefix: 'config/v/' })).keys.length;
    calls.length = 0;
    const result = await runInDurableObject(stub, async (instance, state) => {
      // A clock a day ahead: alarms the runtime would fire on its own lie far in its future.
      let now = Date.now() + 86_400_000;
      instance.now = () => now;
      instance.publishDelayMs = CONFIG_PACING.coalesceMs;
      const publishes: number[] = [];
      let lastId = '';
      for (let i = 0; i < 1000; i++) {
        const change = batch(['UPSERT', set(`h${i % 50}.burst.test.`, 'A', 60, [`192.0.2.${i % 250}`])]);
        const written = await instance.applyChanges('burst.test.', change, {});
        if (!written.ok) throw new Error(JSON.stringify(written.error));
        lastId = written.value.Id;
        now += 100; // 1,000 writes in 100 seconds
        const before = (await instance.versions()).published;
        if ((await runDueAlarm(instance, state, now)) && (await instance.versions()).published > before)
          publishes.push(now);
      }
      // Then let the alarms run as they fall due until nothing is left: the last publish, pruning.
      for (let at = await state.storage.getAlarm(); at !== null; at = await state.storage.getAlarm()) {
        now = Math.max(now, at);
        const before = (await instance.versions()).published;
        await runDueAlarm(instance, state, now);
        if ((await instance.versions()).published > before) publishes.push(now);
      }
      instance.now = () => Date.now();
      return { publishes, lastId, versions: await instance.versions() };
    });
    expect(result.versions.published).toBe(result.versions.committed);
    expect((await stub.getChange(result.lastId))?.Status).toBe('INSYNC');
    // The burst allowance, then one more once the pacing lets it through.
    expect(result.publishes.length).toBeLessThanOrEqual(CONFIG_PACING.burst + 1);
    expect(puts()).toBe(2 * result.publishes.length);
    expect(puts()).toBeLessThanOrEqual(62);
    // Publishes are at least the coalescing delay apart: `config/current` stays under 1 write/s.
    for (let i = 1; i < result.publishes.length; i++) {
      expect(result.publishes[i]! - result.publishes[i - 1]!).toBeGreaterThanOrEqual(
        CONFIG_PACING.coalesceMs,
      );
    }
    // Each replaced blob is deleted once its 5 minutes are up; only the current one is left.
    expect(calls.filter((c) => c === 'delete').length).toBe(blobsBefore + result.publishes.length - 1);
    const blobs = await env.SNAPSHOTS.list({ prefix: 'config/v/' });
    expect(blobs.keys.map((k) => k.name)).toEqual([`config/v/${result.versions.committed}`]);
  }, 120_000);
});
