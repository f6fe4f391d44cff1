import { runInDurableObject } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { recordSetKey } from '../../src/zones/model';
import { batch, control, set, zoneOf } from '../support/control-zones';

const stub = control();

beforeEach(async () => {
  // Publish only when a test runs the alarm, so PENDING can be observed.
  await runInDurableObject(stub, (instance) => {
    instance.publishDelayMs = 3_600_000;
  });
});

async function committed(): Promise<number> {
  return (await stub.versions()).committed;
}

describe('putZone', () => {
  it('creates, then replaces, a zone with one new version each', async () => {
    const before = await committed();
    const first = await stub.putZone(zoneOf('put.test', 'www A 192.0.2.1'), {});
    expect(first).toMatchObject({ ok: true, value: { created: true, changeInfo: { Status: 'PENDING' } } });
    expect(first.ok && first.value.changeInfo.Id).toMatch(/^\/change\/C[A-Z2-7]{13}$/);
    expect(first.ok && first.value.changeInfo.Version).toBe(before + 1);

    const second = await stub.putZone(zoneOf('put.test', 'www A 192.0.2.2'), { comment: 'again' });
    expect(second).toMatchObject({
      ok: true,
      value: { created: false, changeInfo: { Version: before + 2, Comment: 'again' } },
    });
    const zone = await stub.getZone('put.test.');
    expect(zone?.recordSets.map((rs) => [rs.name, rs.type, rs.values])).toEqual([
      ['put.test.', 6, ['ns1.example.net. hostmaster.example.net. 1 7200 900 1209600 300']],
      ['put.test.', 2, ['ns1.example.net.', 'ns2.example.net.']],
      ['www.put.test.', 1, ['192.0.2.2']],
    ]);
    const summary = (await stub.listZones()).find((z) => z.name === 'put.test.');
    expect(summary).toMatchObject({ recordSetCount: 3, version: before + 2 });
  });

  it('refuses an invalid zone with every problem and changes nothing', async () => {
    await stub.putZone(zoneOf('bad.test', 'www A 192.0.2.1'), {});
    const version = await committed();
    const before = await stub.getZone('bad.test.');
    const zone = zoneOf('bad.test', 'www A 192.0.2.1');
    const result = await stub.putZone(
      {
        name: zone.name,
        recordSets: [
          ...zone.recordSets,
          set('www.bad.test.', 'CNAME', 300, ['x.example.net.']),
          set('ip.bad.test.', 'A', 300, ['not-an-address']),
        ],
      },
      {},
    );
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        problems: expect.arrayContaining([
          { path: 'www.bad.test./CNAME', message: expect.stringMatching(/cannot share its owner/) },
          { path: 'ip.bad.test./A', message: expect.stringMatching(/not valid A data/) },
        ]),
      },
    });
    expect(await committed()).toBe(version);
    expect(await stub.getZone('bad.test.')).toEqual(before);
  });

  it('refuses a stale expectedVersion', async () => {
    const version = await committed();
    const result = await stub.putZone(zoneOf('stale.test'), { expectedVersion: version - 1 });
    expect(result).toEqual({
      ok: false,
      error: { kind: 'version-conflict', expected: version - 1, actual: version },
    });
    expect(await stub.getZone('stale.test.')).toBeNull();
    expect((await stub.putZone(zoneOf('stale.test'), { expectedVersion: version })).ok).toBe(true);
  });

  it('finds CNAME loops across hosted zones', async () => {
    expect((await stub.putZone(zoneOf('loop-a.test', 'a CNAME b.loop-b.test.'), {})).ok).toBe(true);
    const result = await stub.putZone(zoneOf('loop-b.test', 'b CNAME a.loop-a.test.'), {});
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        problems: [
          {
            path: 'b.loop-b.test./CNAME',
            message: 'CNAME loop: b.loop-b.test. → a.loop-a.test. → b.loop-b.test.',
          },
        ],
      },
    });
  });

  it('allows nested zones beside each other', async () => {
    expect((await stub.putZone(zoneOf('nest.test', 'www.sub A 192.0.2.1'), {})).ok).toBe(true);
    expect((await stub.putZone(zoneOf('sub.nest.test', 'www A 192.0.2.2'), {})).ok).toBe(true);
  });
});

describe('applyChanges', () => {
  it('applies CREATE, UPSERT and DELETE in one version', async () => {
    await stub.putZone(zoneOf('batch.test', 'old A 192.0.2.1\nkeep A 192.0.2.2'), {});
    const version = await committed();
    const result = await stub.applyChanges(
      'batch.test.',
      batch(
        ['CREATE', set('new.batch.test.', 'AAAA', 60, ['2001:db8::1'])],
        ['UPSERT', set('keep.batch.test.', 'A', 30, ['192.0.2.3'])],
        ['DELETE', set('old.batch.test.', 'A', 300, ['192.0.2.1'])],
      ),
      { comment: 'three', expectedVersion: version },
    );
    expect(result).toMatchObject({
      ok: true,
      value: { Version: version + 1, Comment: 'three', Status: 'PENDING' },
    });
    const zone = await stub.getZone('batch.test.');
    const byKey = new Map(zone?.recordSets.map((rs) => [recordSetKey(rs), rs]));
    expect(byKey.get('new.batch.test./28')?.values).toEqual(['2001:db8::1']);
    expect(byKey.get('keep.batch.test./1')).toMatchObject({ ttl: 30, values: ['192.0.2.3'] });
    expect(byKey.has('old.batch.test./1')).toBe(false);
    expect((await stub.listZones()).find((z) => z.name === 'batch.test.')?.recordSetCount).toBe(4);
  });

  it('is all or nothing: a failing batch leaves the zone and version untouched', async () => {
    await stub.putZone(zoneOf('atomic.test', 'www A 192.0.2.1'), {});
    const version = await committed();
    const before = await stub.getZone('atomic.test.');
    const result = await stub.applyChanges(
      'atomic.test.',
      batch(
        ['CREATE', set('fine.atomic.test.', 'A', 60, ['192.0.2.9'])],
        ['DELETE', set('www.atomic.test.', 'A', 60, ['192.0.2.1'])],
        ['CREATE', set('www.atomic.test.', 'CNAME', 60, ['fine.atomic.test.'])],
        ['UPSERT', set('bad.atomic.test.', 'MX', 60, ['ten mail.example.net.'])],
      ),
      {},
    );
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        problems: [
          { path: '/ChangeBatch/Changes/1', message: expect.stringMatching(/do not match/) },
          { path: '/ChangeBatch/Changes/3', message: expect.stringMatching(/not valid MX data/) },
        ],
      },
    });
    expect(await committed()).toBe(version);
    expect(await stub.getZone('atomic.test.')).toEqual(before);
  });

  it('locates zone-rule and value problems at the change that caused them', async () => {
    await stub.putZone(zoneOf('rules.test', 'www A 192.0.2.1'), {});
    const version = await committed();
    const result = await stub.applyChanges(
      'rules.test.',
      batch(
        ['CREATE', set('ok.rules.test.', 'A', 60, ['192.0.2.9'])],
        ['CREATE', set('www.rules.test.', 'CNAME', 60, ['ok.rules.test.'])],
        ['UPSERT', set('mx.rules.test.', 'MX', 60, ['ten mail.example.net.'])],
        ['CREATE', set('sub.rules.test.', 'NS', 60, ['ns.example.net.'])],
        ['CREATE', set('x.sub.rules.test.', 'TXT', 60, ['"hidden"'])],
      ),
      {},
    );
    expect(
      result.ok ? [] : result.error.kind === 'invalid' ? result.error.problems.map((p) => p.path) : [],
    ).toEqual(['/ChangeBatch/Changes/2', '/ChangeBatch/Changes/1', '/ChangeBatch/Changes/4']);
    expect(await committed()).toBe(version);
  });

  it('answers not-found for an unknown zone and a conflict for a stale version', async () => {
    const changes = batch(['CREATE', set('a.nowhere.test.', 'A', 60, ['192.0.2.1'])]);
    expect(await stub.applyChanges('nowhere.test.', changes, {})).toEqual({
      ok: false,
      error: { kind: 'not-found', message: 'no hosted zone nowhere.test.' },
    });
    await stub.putZone(zoneOf('conflict.test'), {});
    const version = await committed();
    const result = await stub.applyChanges(
      'conflict.test.',
      batch(['CREATE', set('a.conflict.test.', 'A', 60, ['192.0.2.1'])]),
      {
        expectedVersion: version + 5,
      },
    );
    expect(result).toEqual({
      ok: false,
      error: { kind: 'version-conflict', expected: version + 5, actual: version },
    });
  });

  it('serialises concurrent writers: versions strictly serial, nothing lost', async () => {
    await stub.putZone(zoneOf('race.test'), {});
    const start = await committed();
    const writers = Array.from({ length: 12 }, (_, i) =>
      stub.applyChanges(
        'race.test.',
        batch(['CREATE', set(`w${i}.race.test.`, 'A', 60, [`192.0.2.${i + 1}`])]),
        {},
      ),
    );
    const results = await Promise.all(writers);
    const versions = results.map((r) => (r.ok ? r.value.Version : -1)).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 12 }, (_, i) => start + 1 + i));
    const zone = await stub.getZone('race.test.');
    expect(zone?.recordSets.filter((rs) => rs.name.startsWith('w')).length).toBe(12);

    // Writers that all expect the same version: exactly one wins.
    const now = await committed();
    const racing = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        stub.applyChanges(
          'race.test.',
          batch(['UPSERT', set('same.race.test.', 'A', 60, [`198.51.100.${i}`])]),
          {
            expectedVersion: now,
          },
        ),
      ),
    );
    expect(racing.filter((r) => r.ok).length).toBe(1);
    expect(racing.filter((r) => !r.ok && r.error.kind === 'version-conflict').length).toBe(4);
  });
});

describe('deleteZone', () => {
  it('removes the zone and all its record sets', async () => {
    await stub.putZone(zoneOf('gone.test', 'www A 192.0.2.1'), {});
    const result = await stub.deleteZone('gone.test.', {});
    expect(result.ok).toBe(true);
    expect(await stub.getZone('gone.test.')).toBeNull();
    expect((await stub.listZones()).some((z) => z.name === 'gone.test.')).toBe(false);
    expect(await stub.deleteZone('gone.test.', {})).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
    // The zone can come back, with nothing left over.
    const again = await stub.putZone(zoneOf('gone.test'), {});
    expect(again.ok && again.value.created).toBe(true);
    expect((await stub.getZone('gone.test.'))?.recordSets.length).toBe(2);
  });
});
