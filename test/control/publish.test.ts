import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConfigPointer, ConfigSnapshot } from '../../src/zones/snapshot';
import { batch, control, set, zoneOf } from '../support/control-zones';

const stub = control();

async function holdPublishing(): Promise<void> {
  await runInDurableObject(stub, (instance) => {
    instance.publishDelayMs = 3_600_000;
  });
}

async function blobVersions(): Promise<number[]> {
  const list = await env.SNAPSHOTS.list({ prefix: 'config/v/' });
  return list.keys.map((k) => Number(k.name.slice('config/v/'.length))).sort((a, b) => a - b);
}

async function current(): Promise<ConfigPointer | null> {
  return env.SNAPSHOTS.get('config/current', 'json');
}

beforeEach(holdPublishing);

describe('publishing', () => {
  it('a change is PENDING until its version is published, then INSYNC', async () => {
    const put = await stub.putZone(zoneOf('pending.test', 'www A 192.0.2.1'), { comment: 'first' });
    if (!put.ok) throw new Error('put failed');
    const { Id, Version } = put.value.changeInfo;
    expect(await stub.getChange(Id)).toMatchObject({ Id, Status: 'PENDING', Version, Comment: 'first' });
    expect((await stub.versions()).published).toBeLessThan(Version);

    expect(await runDurableObjectAlarm(stub)).toBe(true);

    expect(await stub.versions()).toEqual({ committed: Version, published: Version });
    expect(await stub.getChange(Id)).toMatchObject({ Status: 'INSYNC' });
    expect(await stub.getChange(Id.slice('/change/'.length))).toMatchObject({ Id, Status: 'INSYNC' });
    expect(await stub.getChange('CNOSUCHCHANGE23')).toBeNull();
    expect(await stub.getChange('../etc')).toBeNull();
  });

  it('writes the blob and then the pointer, with the compiled zones', async () => {
    await stub.putZone(zoneOf('kv.test', 'www A 192.0.2.1\ntxt TXT "hello"'), {});
    const changed = await stub.applyChanges(
      'kv.test.',
      batch(['UPSERT', set('www.kv.test.', 'A', 60, ['192.0.2.7'])]),
      {},
    );
    if (!changed.ok) throw new Error('change failed');
    await runDurableObjectAlarm(stub);

    const version = changed.value.Version;
    const pointer = await current();
    expect(pointer).toMatchObject({
      version,
      key: `config/v/${version}`,
      committedAt: changed.value.SubmittedAt,
    });
    // The hosted apexes, for a reader that can read no blob (it must not forward their names).
    expect(pointer?.zones).toContain('kv.test.');
    for (const older of pointer?.previous ?? []) expect(older.version).toBeLessThan(version);
    const snapshot = await env.SNAPSHOTS.get<ConfigSnapshot>(`config/v/${version}`, 'json');
    expect(snapshot).toMatchObject({ format: 1, version, committedAt: changed.value.SubmittedAt });
    const zone = snapshot?.zones.find((z) => z.name === 'kv.test.');
    expect(zone?.rrsets).toContainEqual({ name: 'www.kv.test.', type: 1, ttl: 60, rdata: ['wAACBw=='] });
    expect(zone?.rrsets).toContainEqual({ name: 'txt.kv.test.', type: 16, ttl: 300, rdata: ['BWhlbGxv'] });
    // Zones and record sets come sorted, so the same config always gives the same bytes.
    expect(snapshot?.zones.map((z) => z.name)).toEqual(snapshot?.zones.map((z) => z.name).sort());
  });

  it("tracks each zone's share of the snapshot exactly, through puts and batches", async () => {
    await stub.putZone(zoneOf('bytes.test', 'www A 192.0.2.1\nt TXT "a" "b"\nm MX 10 mail.example.net.'), {});
    await stub.applyChanges(
      'bytes.test.',
      batch(
        ['UPSERT', set('www.bytes.test.', 'A', 60, ['192.0.2.1', '192.0.2.2'])],
        ['DELETE', set('t.bytes.test.', 'TXT', 300, ['"a" "b"'])],
        ['CREATE', set('new.bytes.test.', 'AAAA', 3600, ['2001:db8::1'])],
      ),
      {},
    );
    await runDurableObjectAlarm(stub);
    const snapshot = await env.SNAPSHOTS.get<ConfigSnapshot>((await current())?.key ?? '', 'json');
    const zone = snapshot?.zones.find((z) => z.name === 'bytes.test.');
    const tracked = await runInDurableObject(stub, (_, state) =>
      state.storage.sql
        .exec<{ b: number }>("SELECT snapshot_bytes AS b FROM zones WHERE name = 'bytes.test.'")
        .one(),
    );
    // The tracked size counts each record set with its separating comma, not the zone's own wrapper.
    const wrapper = JSON.stringify({ name: 'bytes.test.', rrsets: [] }).length;
    expect(tracked.b).toBe(JSON.stringify(zone).length - wrapper + 1);
  });

  it('one alarm publishes every commit made before it', async () => {
    await stub.putZone(zoneOf('burst.test'), {});
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await stub.applyChanges(
        'burst.test.',
        batch(['CREATE', set(`h${i}.burst.test.`, 'A', 60, ['192.0.2.1'])]),
        {},
      );
      if (r.ok) ids.push(r.value.Id);
    }
    await runDurableObjectAlarm(stub);
    for (const id of ids) expect((await stub.getChange(id))?.Status).toBe('INSYNC');
    const pointer = await current();
    await runDurableObjectAlarm(stub); // the pruning alarm: nothing more to publish
    expect(await current()).toEqual(pointer);
  });

  it('keeps a replaced blob 5 minutes after it was replaced, and lists it in the pointer', async () => {
    let now = Date.now();
    await runInDurableObject(stub, (instance) => {
      instance.now = () => now;
    });
    const published: number[] = [];
    for (let i = 0; i < 3; i++) {
      await stub.putZone(zoneOf('prune.test', `v A 192.0.2.${i + 1}`), {});
      await runDurableObjectAlarm(stub);
      published.push((await stub.versions()).committed);
      now += 60_000;
    }
    const [first, second, third] = published as [number, number, number];
    // `first` was replaced 2 minutes ago and `second` 1 minute ago: both still there.
    await runDurableObjectAlarm(stub);
    expect(await blobVersions()).toEqual(expect.arrayContaining(published));
    expect((await current())?.previous?.slice(0, 2)).toEqual([
      { version: second, key: `config/v/${second}` },
      { version: first, key: `config/v/${first}` },
    ]);

    now += 3 * 60_000 - 1; // 1 ms before `first` has been replaced for 5 minutes
    await runDurableObjectAlarm(stub);
    expect(await blobVersions()).toContain(first);
    now += 1;
    await runDurableObjectAlarm(stub);
    expect(await blobVersions()).not.toContain(first);
    expect(await blobVersions()).toContain(second);
    now += 60_000;
    await runDurableObjectAlarm(stub);
    expect(await blobVersions()).toEqual([third]); // the current blob is never deleted
    expect((await current())?.version).toBe(third);
    await runInDurableObject(stub, (instance) => {
      instance.now = () => Date.now();
    });
  });

  it('the alarm comes back when the oldest kept blob falls due', async () => {
    const now = Date.now();
    await runInDurableObject(stub, (instance) => {
      instance.now = () => now;
    });
    await stub.putZone(zoneOf('due.test', 'v A 192.0.2.1'), {});
    await runDurableObjectAlarm(stub);
    await stub.putZone(zoneOf('due.test', 'v A 192.0.2.2'), {});
    await runDurableObjectAlarm(stub);
    const replacedAt = now;
    const alarm = await runInDurableObject(stub, (_, state) => state.storage.getAlarm());
    expect(alarm).toBe(replacedAt + 5 * 60_000);
    await runInDurableObject(stub, (instance, state) => {
      instance.now = () => Date.now();
      return state.storage.deleteAlarm();
    });
  });

  it('publishes an empty config once every zone is deleted', async () => {
    for (const zone of await stub.listZones()) await stub.deleteZone(zone.name, {});
    await runDurableObjectAlarm(stub);
    const pointer = await current();
    const snapshot = await env.SNAPSHOTS.get<ConfigSnapshot>(pointer?.key ?? '', 'json');
    expect(snapshot?.zones).toEqual([]);
    expect(snapshot?.version).toBe((await stub.versions()).committed);
  });

  it('a restarted object publishes what is pending, from storage alone, with the same bytes', async () => {
    await stub.putZone(zoneOf('restart.test', 'www A 192.0.2.1\nmx MX 10 mail.example.net.'), {});
    await runDurableObjectAlarm(stub);
    const warm = await env.SNAPSHOTS.get(`config/v/${(await stub.versions()).committed}`);

    await stub.applyChanges(
      'restart.test.',
      batch(['CREATE', set('new.restart.test.', 'A', 60, ['192.0.2.2'])]),
      {},
    );
    // Lose the alarm and the in-memory cache, as if the object had been moved.
    await runInDurableObject(stub, (_, state) => state.storage.deleteAlarm());
    await evictDurableObject(stub);
    // The constructor sees published < committed with no alarm, and schedules one.
    for (let i = 0; i < 500; i++) {
      const v = await stub.versions();
      if (v.published === v.committed) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const { committed, published } = await stub.versions();
    expect(published).toBe(committed);
    await holdPublishing();

    // Cold (from SQLite) and warm (cached) compiles agree: undo the change and compare bytes.
    await stub.applyChanges(
      'restart.test.',
      batch(['DELETE', set('new.restart.test.', 'A', 60, ['192.0.2.2'])]),
      {},
    );
    await runDurableObjectAlarm(stub);
    const after = await env.SNAPSHOTS.get<ConfigSnapshot>(
      'config/v/' + (await stub.versions()).committed,
      'json',
    );
    const before = JSON.parse(warm ?? '{}') as ConfigSnapshot;
    expect(after?.zones).toEqual(before.zones);
  });
});
