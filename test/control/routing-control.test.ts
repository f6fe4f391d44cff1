/**
 * Routed record groups through the ControlPlane Durable Object: storage by Name + Type +
 * SetIdentifier, Route 53 change semantics per member, problems at the change (and field) that
 * caused them, all-or-nothing batches, and the published snapshot.
 */
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseChangeBatch } from '../../src/control/changes/change-batch';
import { compileRecordSet, zoneFragment } from '../../src/control/publish/compile';
import type { Change, ChangeAction } from '../../src/control/types';
import { toRoute53Json } from '../../src/zones/export';
import { parseRoute53Json } from '../../src/zones/import';
import type { ConfigSnapshot } from '../../src/zones/snapshot';
import { control, zoneOf } from '../support/control-zones';
import { withHealthChecks } from '../support/health-checks';
import policies from '../zones/fixtures/route53-policies.json?raw';

const stub = control();
/** The fixture, naming the health checks defined for its labels; the ids by label. */
let FIXTURE: { ResourceRecordSets: Record<string, unknown>[] };
let CHECKS: Record<string, string>;
const COLLECTION = {
  id: 'corp-networks',
  name: 'corp',
  locations: [
    { name: 'office', cidrs: ['198.51.100.0/24'] },
    { name: 'vpn', cidrs: ['10.8.0.0/16', '2001:db8:100::/48'] },
  ],
};

beforeAll(async () => {
  const put = await stub.putResource('cidr-collection', COLLECTION, {});
  if (!put.ok) throw new Error(JSON.stringify(put.error));
  ({ json: FIXTURE, ids: CHECKS } = await withHealthChecks(JSON.parse(policies) as typeof FIXTURE));
}, 60_000);

beforeEach(async () => {
  await runInDurableObject(stub, (instance) => {
    instance.publishDelayMs = 3_600_000;
  });
});

function fixtureZone(apex: string) {
  const zone = parseRoute53Json(JSON.parse(JSON.stringify(FIXTURE).replaceAll('example.com.', apex)), apex);
  if (!zone.ok) throw new Error(JSON.stringify(zone.error));
  return zone.value;
}

/** A change batch from Route 53 JSON changes, through the real parser. */
function changes(zone: string, ...items: [ChangeAction, Record<string, unknown>][]): Change[] {
  const parsed = parseChangeBatch(
    { ChangeBatch: { Changes: items.map(([Action, ResourceRecordSet]) => ({ Action, ResourceRecordSet })) } },
    zone,
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value.changes;
}

const weighted = (name: string, id: string, weight: number, value: string, ttl = 60) => ({
  Name: name,
  Type: 'A',
  SetIdentifier: id,
  Weight: weight,
  TTL: ttl,
  ResourceRecords: [{ Value: value }],
});

async function committed(): Promise<number> {
  return (await stub.versions()).committed;
}

describe('routed zones in the control plane', () => {
  it('stores every policy and reads the zone back as the same Route 53 JSON', async () => {
    const put = await stub.putZone(fixtureZone('example.com.'), {});
    expect(put.ok).toBe(true);
    const zone = await stub.getZone('example.com.');
    expect(zone === null ? null : toRoute53Json(zone)).toEqual(FIXTURE);
  });

  it('identifies members by SetIdentifier: CREATE, UPSERT and DELETE touch one member', async () => {
    await stub.putZone(zoneOf('members.test'), {});
    const www = 'www.members.test.';
    const created = await stub.applyChanges(
      'members.test.',
      changes(
        'members.test.',
        ['CREATE', weighted(www, 'a', 1, '192.0.2.1')],
        ['CREATE', weighted(www, 'b', 2, '192.0.2.2')],
      ),
      {},
    );
    expect(created.ok).toBe(true);
    const upsert = await stub.applyChanges(
      'members.test.',
      changes('members.test.', ['UPSERT', weighted(www, 'b', 5, '192.0.2.5')]),
      {},
    );
    expect(upsert.ok).toBe(true);
    const wrongWeight = await stub.applyChanges(
      'members.test.',
      changes('members.test.', ['DELETE', weighted(www, 'b', 2, '192.0.2.5')]),
      {},
    );
    expect(wrongWeight).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        problems: [
          {
            path: '/ChangeBatch/Changes/0',
            message:
              'tried to delete A www.members.test. (SetIdentifier "b"), but the routing fields provided do not match the current ones (current {"routing":{"kind":"weighted","weight":5}})',
          },
        ],
      },
    });
    const deleted = await stub.applyChanges(
      'members.test.',
      changes('members.test.', ['DELETE', weighted(www, 'b', 5, '192.0.2.5')]),
      {},
    );
    expect(deleted.ok).toBe(true);
    const zone = await stub.getZone('members.test.');
    expect(zone?.recordSets.filter((rs) => rs.name === www)).toEqual([
      {
        name: www,
        type: 1,
        ttl: 60,
        values: ['192.0.2.1'],
        setIdentifier: 'a',
        routing: { kind: 'weighted', weight: 1 },
      },
    ]);
  });

  it('locates the issue list at the change and field that caused each problem', async () => {
    await stub.putZone(zoneOf('paths.test', 'txt TXT "x"'), {});
    const zone = 'paths.test.';
    const result = await stub.applyChanges(
      zone,
      changes(
        zone,
        ['CREATE', weighted('mixed.paths.test.', 'w', 1, '192.0.2.1')],
        [
          'CREATE',
          {
            Name: 'mixed.paths.test.',
            Type: 'A',
            SetIdentifier: 'l',
            Region: 'us-east-1',
            TTL: 60,
            ResourceRecords: [{ Value: '192.0.2.2' }],
          },
        ],
        [
          'CREATE',
          {
            Name: 'lat.paths.test.',
            Type: 'A',
            SetIdentifier: 'a',
            Region: 'eu-west-1',
            TTL: 60,
            ResourceRecords: [{ Value: '192.0.2.3' }],
          },
        ],
        [
          'CREATE',
          {
            Name: 'lat.paths.test.',
            Type: 'A',
            SetIdentifier: 'b',
            Region: 'eu-west-1',
            TTL: 60,
            ResourceRecords: [{ Value: '192.0.2.4' }],
          },
        ],
        [
          'CREATE',
          {
            Name: 'geo.paths.test.',
            Type: 'A',
            SetIdentifier: 'a',
            GeoLocation: { CountryCode: 'DE' },
            TTL: 60,
            ResourceRecords: [{ Value: '192.0.2.5' }],
          },
        ],
        [
          'CREATE',
          {
            Name: 'geo.paths.test.',
            Type: 'A',
            SetIdentifier: 'b',
            GeoLocation: { CountryCode: 'DE' },
            TTL: 60,
            ResourceRecords: [{ Value: '192.0.2.6' }],
          },
        ],
        [
          'CREATE',
          {
            Name: 'txt.paths.test.',
            Type: 'CNAME',
            SetIdentifier: 'c',
            Weight: 1,
            TTL: 60,
            ResourceRecords: [{ Value: 'x.example.net' }],
          },
        ],
        [
          'CREATE',
          {
            Name: 'alias.paths.test.',
            Type: 'A',
            AliasTarget: { HostedZoneId: 'Z', DNSName: 'missing.paths.test', EvaluateTargetHealth: false },
          },
        ],
        [
          'CREATE',
          {
            Name: 'loop1.paths.test.',
            Type: 'A',
            AliasTarget: { HostedZoneId: 'Z', DNSName: 'loop2.paths.test', EvaluateTargetHealth: false },
          },
        ],
        [
          'CREATE',
          {
            Name: 'loop2.paths.test.',
            Type: 'A',
            AliasTarget: { HostedZoneId: 'Z', DNSName: 'loop1.paths.test', EvaluateTargetHealth: false },
          },
        ],
      ),
      {},
    );
    expect(result.ok ? [] : result.error.kind === 'invalid' ? result.error.problems : []).toEqual([
      {
        path: '/ChangeBatch/Changes/6',
        message:
          'txt.paths.test./CNAME: a CNAME cannot share its owner name with other data (RFC 1034 §3.6.2, RFC 2181 §10.1)',
      },
      {
        path: '/ChangeBatch/Changes/0',
        message:
          'mixed.paths.test./A: mixed.paths.test. A mixes routing policies: Weight (w) and Region (l); one policy per name and type',
      },
      {
        path: '/ChangeBatch/Changes/3/ResourceRecordSet/Region',
        message: 'lat.paths.test./A/b: region eu-west-1 already has a latency record set (a); one per region',
      },
      {
        path: '/ChangeBatch/Changes/5/ResourceRecordSet/GeoLocation',
        message: 'geo.paths.test./A/b: overlapping geolocation: a already covers country DE',
      },
      {
        path: '/ChangeBatch/Changes/7/ResourceRecordSet/AliasTarget/DNSName',
        message: 'alias.paths.test./A: alias target missing.paths.test. has no A record set',
      },
      {
        path: '/ChangeBatch/Changes/8/ResourceRecordSet/AliasTarget/DNSName',
        message:
          'loop1.paths.test./A: alias loop: loop1.paths.test. A → loop2.paths.test. A → loop1.paths.test. A',
      },
    ]);
  });

  it('refuses a CREATE of an existing member (duplicate SetIdentifier)', async () => {
    await stub.putZone(zoneOf('dup.test'), {});
    const member = weighted('www.dup.test.', 'a', 1, '192.0.2.1');
    await stub.applyChanges('dup.test.', changes('dup.test.', ['CREATE', member]), {});
    const again = await stub.applyChanges(
      'dup.test.',
      changes('dup.test.', ['CREATE', { ...member, Weight: 3 }]),
      {},
    );
    expect(again).toMatchObject({
      ok: false,
      error: {
        problems: [
          {
            path: '/ChangeBatch/Changes/0',
            message: 'tried to create A www.dup.test. (SetIdentifier "a"), but it already exists',
          },
        ],
      },
    });
  });

  it('is all or nothing: one bad member leaves the zone and version untouched', async () => {
    await stub.putZone(zoneOf('atomic-routing.test'), {});
    const version = await committed();
    const before = await stub.getZone('atomic-routing.test.');
    const www = 'www.atomic-routing.test.';
    const result = await stub.applyChanges(
      'atomic-routing.test.',
      changes(
        'atomic-routing.test.',
        ['CREATE', weighted(www, 'a', 1, '192.0.2.1')],
        ['CREATE', weighted(www, 'b', 1, '192.0.2.2', 300)],
      ),
      {},
    );
    expect(result).toMatchObject({
      ok: false,
      error: {
        problems: [
          {
            path: '/ChangeBatch/Changes/0',
            message:
              'www.atomic-routing.test./A: weighted record sets of one name and type share one TTL (found a 60, b 300)',
          },
        ],
      },
    });
    expect(await committed()).toBe(version);
    expect(await stub.getZone('atomic-routing.test.')).toEqual(before);
  });

  it('refuses an alias target in another zone that does not exist, and follows one that does', async () => {
    await stub.putZone(zoneOf('target.test', 'origin A 192.0.2.80'), {});
    await stub.putZone(zoneOf('source.test'), {});
    const to = (name: string) => ({
      Name: 'www.source.test.',
      Type: 'A',
      AliasTarget: { HostedZoneId: 'Z', DNSName: name, EvaluateTargetHealth: true },
    });
    const good = await stub.applyChanges(
      'source.test.',
      changes('source.test.', ['CREATE', to('origin.target.test')]),
      {},
    );
    expect(good.ok).toBe(true);
    const bad = await stub.applyChanges(
      'source.test.',
      changes('source.test.', ['UPSERT', to('nope.target.test')]),
      {},
    );
    expect(bad).toMatchObject({
      ok: false,
      error: {
        problems: [
          {
            path: '/ChangeBatch/Changes/0/ResourceRecordSet/AliasTarget/DNSName',
            message:
              'www.source.test./A: alias target nope.target.test. has no A record set in the hosted zone target.test.',
          },
        ],
      },
    });
    // A loop back through the other zone is found from either side.
    const loop = await stub.applyChanges(
      'target.test.',
      changes(
        'target.test.',
        ['CREATE', { ...to('www.source.test'), Name: 'back.target.test.' }],
        [
          'DELETE',
          { Name: 'origin.target.test.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.80' }] },
        ],
        ['CREATE', { ...to('back.target.test'), Name: 'origin.target.test.' }],
      ),
      {},
    );
    expect(
      loop.ok ? [] : loop.error.kind === 'invalid' ? loop.error.problems.map((p) => p.message) : [],
    ).toContainEqual(expect.stringMatching(/alias loop: .*www\.source\.test\. A/));
  });

  it('publishes routing fields, members adjacent by SetIdentifier, collections, and tracks the bytes', async () => {
    await stub.putZone(fixtureZone('publish.test.'), {});
    await runDurableObjectAlarm(stub);
    const version = await committed();
    const snapshot = await env.SNAPSHOTS.get<ConfigSnapshot>(`config/v/${version}`, 'json');
    const zone = snapshot?.zones.find((z) => z.name === 'publish.test.');
    const www = zone?.rrsets.filter((rs) => rs.name === 'www.publish.test.');
    expect(www?.map((rs) => rs.setId)).toEqual(['www-portland', 'www-seattle', 'www-standby']);
    expect(www?.[1]).toEqual({
      name: 'www.publish.test.',
      type: 1,
      ttl: 60,
      rdata: ['wAACAQ=='],
      setId: 'www-seattle',
      routing: { kind: 'weighted', weight: 100 },
      healthCheckId: CHECKS['hc-www-sea'],
    });
    expect(zone?.rrsets.find((rs) => rs.setId === 'app-primary')).toEqual({
      name: 'app.publish.test.',
      type: 1,
      ttl: 0,
      rdata: [],
      setId: 'app-primary',
      routing: { kind: 'failover', role: 'PRIMARY' },
      alias: { name: 'api.publish.test.', evaluateTargetHealth: true },
      failureMode: 'closed',
    });
    expect(zone?.rrsets.find((rs) => rs.name === 'publish.test.' && rs.type === 1)).toEqual({
      name: 'publish.test.',
      type: 1,
      ttl: 0,
      rdata: [],
      alias: { name: 'www.publish.test.', evaluateTargetHealth: true },
    });
    expect(zone?.rrsets.find((rs) => rs.setId === 'near-london')?.routing).toEqual({
      kind: 'geoproximity',
      coordinates: { latitude: 51.51, longitude: -0.13 },
      bias: -10,
    });
    expect(snapshot?.cidrCollections).toEqual([
      {
        id: 'corp-networks',
        name: 'corp',
        locations: [
          { name: 'office', cidrs: ['198.51.100.0/24'] },
          { name: 'vpn', cidrs: ['10.8.0.0/16', '2001:db8:100::/48'] },
        ],
      },
    ]);
    const tracked = await runInDurableObject(stub, (_, state) =>
      state.storage.sql
        .exec<{ b: number }>("SELECT snapshot_bytes AS b FROM zones WHERE name = 'publish.test.'")
        .one(),
    );
    const wrapper = JSON.stringify({ name: 'publish.test.', rrsets: [] }).length;
    expect(tracked.b).toBe(JSON.stringify(zone).length - wrapper + 1);
  });

  it('compiles the same zone bytes from storage as from compiled record sets (test/support)', async () => {
    const zone = fixtureZone('bytes.test.');
    await stub.putZone(zone, {});
    const text = await runInDurableObject(stub, (instance) =>
      instance.compileSnapshot({ committed: 1, committedAt: 0, published: 0 }),
    );
    const compiled = zone.recordSets.map((rs) => {
      const c = compileRecordSet(rs);
      if (!c.ok) throw new Error(c.error.join('; '));
      return c.value;
    });
    expect(text).toContain(zoneFragment('bytes.test.', compiled));
  });
});
