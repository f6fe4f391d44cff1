import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConfigSnapshot } from '../../src/zones/snapshot';
import { batch, control, set, zoneOf } from './support';

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

async function current(): Promise<{ version: number; key: string; committedAt: string } | null> {
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
    expect(pointer).toEqual({ version, key: `config/v/${version}`, committedAt: changed.value.SubmittedAt });
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
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });

  it('keeps the newest three blobs and deletes older ones', async () => {
    for (let i = 0; i < 5; i++) {
      await stub.putZone(zoneOf('prune.test', `v A 192.0.2.${i + 1}`), {});
      await runDurableObjectAlarm(stub);
    }
    const { committed } = await stub.versions();
    expect(await blobVersions()).toEqual([committed - 2, committed - 1, committed]);
    expect((await current())?.version).toBe(committed);
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
    for (let i = 0; i < 100; i++) {
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
