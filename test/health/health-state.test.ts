import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { stubByName } from '../../src/durable/stub';
import { healthState } from '../../src/health/client';
import { HEALTH_PACING, type HealthState } from '../../src/health/health-state';
import { HEALTH_KEY, type HealthSnapshot } from '../../src/health/snapshot';
import { PUBLISH_RETRY_MS } from '../../src/signals/signal-publisher';
import { alarmAt, instrument, setClock, T0 } from '../support/signals';

const iso = (ms: number) => new Date(ms).toISOString();
const published = () => env.SNAPSHOTS.get<HealthSnapshot>(HEALTH_KEY, 'json');

/** The API's instance for most tests; tests of pacing and restarts get one of their own. */
const stub = healthState(env);
const used: DurableObjectStub<HealthState>[] = [stub];

function freshObject(): DurableObjectStub<HealthState> {
  const fresh = stubByName<HealthState>(env.HEALTH, crypto.randomUUID());
  used.push(fresh);
  return fresh;
}

/** Runs the pending alarm, if any (tests run on a fixed clock, so pacing cannot loop it). */
async function settle(object = stub): Promise<void> {
  await runDurableObjectAlarm(object);
}

// Alarms outlive a test; none is left behind.
afterEach(async () => {
  for (const object of used) await runInDurableObject(object, (_, state) => state.storage.deleteAlarm());
});

describe('statuses', () => {
  it('a check has no result until one is set; set, read, list, clear', async () => {
    await instrument(stub, T0);
    expect(await stub.getStatus('web-1')).toBeNull();
    const before = (await stub.versions()).committed;

    const set = await stub.setStatus('web-1', { healthy: false, reason: 'maintenance' });
    expect(set).toEqual({
      ok: true,
      value: {
        id: 'web-1',
        healthy: false,
        since: iso(T0),
        source: 'manual',
        reason: 'maintenance',
        version: before + 1,
      },
    });
    expect(await stub.getStatus('web-1')).toEqual(set.ok ? set.value : null);
    await stub.setStatus('api_2', { healthy: true });
    const list = await stub.list();
    expect(list.version).toBe(before + 2);
    expect(list.checks.map((c) => c.id)).toEqual(['api_2', 'web-1']);
    expect(list.checks[0]).toEqual({ id: 'api_2', healthy: true, since: iso(T0), source: 'manual' });

    expect(await stub.clearStatus('web-1')).toEqual({
      ok: true,
      value: { cleared: true, version: before + 3 },
    });
    expect(await stub.getStatus('web-1')).toBeNull();
    expect(await stub.clearStatus('web-1')).toEqual({
      ok: true,
      value: { cleared: false, version: before + 3 },
    });
  });

  it('`since` is the last transition: a new reason keeps it, a flip moves it', async () => {
    await instrument(stub, T0);
    await stub.setStatus('flip', { healthy: false, reason: 'maintenance' });
    await setClock(stub, T0 + 60_000);
    const reworded = await stub.setStatus('flip', { healthy: false, reason: 'still maintenance' });
    expect(reworded.ok && reworded.value.since).toBe(iso(T0));
    await setClock(stub, T0 + 120_000);
    const back = await stub.setStatus('flip', { healthy: true });
    expect(back.ok && back.value).toMatchObject({ healthy: true, since: iso(T0 + 120_000) });
    expect(back.ok && 'reason' in back.value).toBe(false);
  });

  it('an identical status changes nothing: same version, no alarm', async () => {
    await instrument(stub, T0);
    const first = await stub.setStatus('same', { healthy: false, reason: 'x' });
    await settle();
    const again = await stub.setStatus('same', { healthy: false, reason: 'x' });
    expect(again.ok && again.value.version).toBe(first.ok && first.value.version);
    expect(await alarmAt(stub)).toBeNull();
  });

  it('refuses a bad id or reason with their paths, changing nothing', async () => {
    await instrument(stub, T0);
    const { committed } = await stub.versions();
    expect(await stub.setStatus('bad id!', { healthy: true, reason: 'r'.repeat(257) })).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        problems: [
          { path: 'id', message: expect.stringContaining('invalid health-check id') },
          { path: '/Reason', message: 'a reason has 1–256 characters' },
        ],
      },
    });
    expect((await stub.clearStatus('x'.repeat(65))).ok).toBe(false);
    expect((await stub.versions()).committed).toBe(committed);
  });
});

describe('publishing health/current', () => {
  it('publishes from the alarm, 1 s after a change, with every status', async () => {
    const spy = await instrument(stub, T0);
    await stub.setStatus('pub-a', { healthy: false, reason: 'down for upgrade' });
    expect(await alarmAt(stub)).toBe(T0 + HEALTH_PACING.coalesceMs);
    expect(spy.puts).toEqual([]);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(spy.puts).toEqual([HEALTH_KEY]);
    const { committed, published: pub } = await stub.versions();
    expect(pub).toBe(committed);
    const snapshot = await published();
    expect(snapshot).toMatchObject({ format: 1, version: committed, updatedAt: iso(T0) });
    expect(snapshot?.checks['pub-a']).toEqual({
      healthy: false,
      since: iso(T0),
      source: 'manual',
      reason: 'down for upgrade',
    });
    // Checks come in id order, so equal states give equal bytes.
    const ids = Object.keys(snapshot?.checks ?? {});
    expect(ids).toEqual([...ids].sort());
  });

  it('writes KV only on change: repeats and clears of nothing write nothing', async () => {
    const spy = await instrument(stub, T0);
    await stub.setStatus('quiet', { healthy: true });
    await settle();
    expect(spy.puts).toHaveLength(1);
    for (let i = 0; i < 5; i++) await stub.setStatus('quiet', { healthy: true });
    await stub.clearStatus('never-set');
    expect(await runDurableObjectAlarm(stub)).toBe(false);
    expect(spy.puts).toHaveLength(1);
  });

  it('coalesces changes made before the alarm into one write of the newest state', async () => {
    const spy = await instrument(stub, T0);
    await stub.setStatus('burst', { healthy: false });
    await stub.setStatus('burst', { healthy: true });
    await stub.setStatus('burst', { healthy: false, reason: 'third' });
    await settle();
    expect(spy.puts).toEqual([HEALTH_KEY]);
    expect((await published())?.checks['burst']).toMatchObject({ healthy: false, reason: 'third' });
    expect((await published())?.version).toBe((await stub.versions()).committed);
  });

  it('a cleared check leaves the snapshot (no result yet)', async () => {
    await instrument(stub, T0);
    await stub.setStatus('gone', { healthy: false });
    await settle();
    await stub.clearStatus('gone');
    await settle();
    expect((await published())?.checks).not.toHaveProperty('gone');
  });

  it('retries a failed KV write from the alarm until it lands', async () => {
    const spy = await instrument(stub, T0);
    spy.failures = 2;
    await stub.setStatus('flaky', { healthy: false, reason: 'kv outage' });
    const { committed } = await stub.versions();

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(spy.puts).toEqual([]);
    expect((await stub.versions()).published).toBeLessThan(committed);
    expect(await alarmAt(stub)).toBe(T0 + PUBLISH_RETRY_MS);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(spy.puts).toEqual([]);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(spy.puts).toEqual([HEALTH_KEY]);
    expect(await stub.versions()).toEqual({ committed, published: committed });
    expect((await published())?.checks['flaky']).toMatchObject({ reason: 'kv outage' });
  });

  it('a restarted object that lost its alarm publishes what is pending', async () => {
    const stub = freshObject();
    await instrument(stub, T0);
    await stub.setStatus('restart', { healthy: false });
    await runInDurableObject(stub, (_, state) => state.storage.deleteAlarm());
    await evictDurableObject(stub);
    // The constructor (real clock and KV now) schedules the publish 1 s ahead.
    for (let i = 0; i < 300; i++) {
      const v = await stub.versions();
      if (v.published === v.committed) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const { committed, published: pub } = await stub.versions();
    expect(pub).toBe(committed);
    expect((await published())?.checks['restart']).toMatchObject({ healthy: false });
  });

  it('paces writes: a burst of 30, then one every 288 s, the newest state each time', async () => {
    const stub = freshObject();
    const now = T0;
    const spy = await instrument(stub, now);
    for (let i = 0; i < HEALTH_PACING.burst + 5; i++) {
      await stub.setStatus('flapping', { healthy: i % 2 === 0 });
      await runDurableObjectAlarm(stub);
    }
    expect(spy.puts).toHaveLength(HEALTH_PACING.burst);
    const spacing = 86_400_000 / HEALTH_PACING.perDay;
    expect(await alarmAt(stub)).toBe(now + spacing);
    expect((await stub.versions()).published).toBeLessThan((await stub.versions()).committed);

    await setClock(stub, now + spacing);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(spy.puts).toHaveLength(HEALTH_PACING.burst + 1);
    const { committed } = await stub.versions();
    expect((await published())?.version).toBe(committed);
  });
});
