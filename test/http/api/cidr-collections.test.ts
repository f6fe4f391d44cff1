import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { controlPlane } from '../../../src/control/client';
import type { ConfigSnapshot } from '../../../src/zones/snapshot';
import { api, postChanges, putZoneFile } from '../../support/api';
import { zoneText } from '../../support/control-zones';

const stub = controlPlane(env);

beforeEach(async () => {
  await runInDurableObject(stub, (instance) => {
    instance.publishDelayMs = 3_600_000;
  });
});

interface ChangeInfoBody {
  ChangeInfo: { Id: string; Status: string; Version: number };
}

function putCollection(id: string, body: unknown, query = ''): Promise<Response> {
  return api(`/cidr-collections/${id}${query}`, {
    method: 'PUT',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
  });
}

const OFFICE = {
  Name: 'corp',
  Locations: [
    { LocationName: 'office', CidrList: ['198.51.100.0/24', '2001:DB8:0:0::/48'] },
    { LocationName: 'vpn', CidrList: ['10.8.0.0/16'] },
  ],
};

describe('CIDR collections', () => {
  it('creates (201), reads, replaces (200) and lists; PENDING → INSYNC; published in the snapshot', async () => {
    const created = await putCollection('corp', OFFICE);
    expect(created.status).toBe(201);
    expect(created.headers.get('Location')).toBe('/api/v1/cidr-collections/corp');
    const { ChangeInfo } = await created.json<ChangeInfoBody>();
    expect(ChangeInfo.Status).toBe('PENDING');

    const got = await (await api('/cidr-collections/corp')).json();
    expect(got).toEqual({
      Id: 'corp',
      Name: 'corp',
      Locations: [
        { LocationName: 'office', CidrList: ['198.51.100.0/24', '2001:db8::/48'] },
        { LocationName: 'vpn', CidrList: ['10.8.0.0/16'] },
      ],
      Version: ChangeInfo.Version,
      UpdatedAt: expect.any(String),
    });

    const replaced = await putCollection('corp', { ...OFFICE, Name: 'corporate' });
    expect(replaced.status).toBe(200);
    const list = await (await api('/cidr-collections')).json<{
      CidrCollections: { Id: string; Name: string }[];
    }>();
    expect(list.CidrCollections.map((c) => [c.Id, c.Name])).toContainEqual(['corp', 'corporate']);

    await runDurableObjectAlarm(stub);
    const status = await (
      await api(`/changes/${ChangeInfo.Id.slice('/change/'.length)}`)
    ).json<ChangeInfoBody>();
    expect(status.ChangeInfo.Status).toBe('INSYNC');
    const pointer = await env.SNAPSHOTS.get<{ key: string }>('config/current', 'json');
    const snapshot = await env.SNAPSHOTS.get<ConfigSnapshot>(pointer?.key ?? '', 'json');
    expect(snapshot?.cidrCollections).toContainEqual({
      id: 'corp',
      name: 'corporate',
      locations: [
        { name: 'office', cidrs: ['198.51.100.0/24', '2001:db8::/48'] },
        { name: 'vpn', cidrs: ['10.8.0.0/16'] },
      ],
    });
  });

  it('reports every problem at once with its path', async () => {
    const res = await putCollection('bad', {
      Name: 'has spaces',
      Locations: [
        {
          LocationName: 'office',
          CidrList: ['198.51.100.1/24', '10.0.0.0/25', '2001:db8::/64', '10.0.0.0/0'],
        },
        { LocationName: 'way-too-long-location', CidrList: ['192.0.2.0/24'] },
        { LocationName: 'office', CidrList: ['192.0.2.0/24', 'nope'] },
      ],
      Extra: true,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [
        { path: '/Extra', message: 'unknown field "Extra"' },
        { path: '/Name', message: 'Name must be 1–64 of A–Z, a–z, 0–9, _ and -' },
        {
          path: '/Locations/0/CidrList/0',
          message: '"198.51.100.1/24" has bits set after the prefix length /24',
        },
        {
          path: '/Locations/0/CidrList/1',
          message: '"10.0.0.0/25": the prefix length must be from 1 to 24 for IPv4',
        },
        {
          path: '/Locations/0/CidrList/2',
          message: '"2001:db8::/64": the prefix length must be from 1 to 48 for IPv6',
        },
        {
          path: '/Locations/0/CidrList/3',
          message: '"10.0.0.0/0": the prefix length must be from 1 to 24 for IPv4',
        },
        { path: '/Locations/1/LocationName', message: 'LocationName must be 1–16 of A–Z, a–z, 0–9, _ and -' },
        { path: '/Locations/2/LocationName', message: 'location office is already at /Locations/0' },
        {
          path: '/Locations/2/CidrList/0',
          message: '192.0.2.0/24 is already at /Locations/1/CidrList/0; a block belongs to one location',
        },
        { path: '/Locations/2/CidrList/1', message: '"nope" is not a CIDR block (address/length)' },
      ],
    });
    expect((await api('/cidr-collections/bad')).status).toBe(404);
  });

  it('refuses more than 1,000 blocks and more than 5 collections', async () => {
    const blocks = Array.from({ length: 1001 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`);
    const big = await putCollection('big', {
      Name: 'big',
      Locations: [{ LocationName: 'all', CidrList: blocks }],
    });
    expect(await big.json()).toEqual({
      errors: [{ path: '/Locations', message: '1001 CIDR blocks; at most 1000 per collection' }],
    });
    const existing = (await (await api('/cidr-collections')).json<{ CidrCollections: unknown[] }>())
      .CidrCollections;
    for (let i = existing.length; i < 5; i++) {
      expect((await putCollection(`fill-${i}`, { Name: 'x', Locations: [] })).status).toBe(201);
    }
    const sixth = await putCollection('sixth', { Name: 'x', Locations: [] });
    expect(sixth.status).toBe(400);
    expect(await sixth.json()).toEqual({
      errors: [{ path: 'id', message: 'there are 5 CIDR collections already; at most 5' }],
    });
    for (let i = existing.length; i < 5; i++) await api(`/cidr-collections/fill-${i}`, { method: 'DELETE' });
  });

  it('refuses to delete a collection, or drop a location, that record sets use (409), and 404s', async () => {
    await putCollection('used', OFFICE);
    await putZoneFile('ipb.test', zoneText('ipb.test'));
    const member = (id: string, location: string, value: string) => ({
      Action: 'CREATE',
      ResourceRecordSet: {
        Name: 'www.ipb.test',
        Type: 'A',
        SetIdentifier: id,
        CidrRoutingConfig: { CollectionId: 'used', LocationName: location },
        TTL: 60,
        ResourceRecords: [{ Value: value }],
      },
    });
    const changed = await postChanges('ipb.test', {
      Changes: [member('office', 'office', '192.0.2.1'), member('rest', '*', '192.0.2.2')],
    });
    expect(changed.status).toBe(200);

    const del = await api('/cidr-collections/used', { method: 'DELETE' });
    expect(del.status).toBe(409);
    expect(await del.json()).toEqual({
      error:
        'CIDR collection used is used by 2 record sets: www.ipb.test. A (office), www.ipb.test. A (rest); change those record sets first',
    });
    const dropped = await putCollection('used', { Name: 'corp', Locations: [OFFICE.Locations[1]] });
    expect(dropped.status).toBe(409);
    expect(await dropped.json()).toEqual({
      error:
        'location office of CIDR collection used is used by 1 record set: www.ipb.test. A (office); change those record sets first',
    });
    expect((await api('/cidr-collections/nope', { method: 'DELETE' })).status).toBe(404);
    expect((await api('/cidr-collections/nope')).status).toBe(404);
  });

  it('honours expectedVersion and deletes an unused collection', async () => {
    await putCollection('temp', { Name: 'temp', Locations: [] });
    const stale = await putCollection('temp', { Name: 'temp', Locations: [] }, '?expectedVersion=1');
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ expectedVersion: 1 });
    const { committed } = (await (await api('/status')).json<{ version: { committed: number } }>()).version;
    const del = await api(`/cidr-collections/temp?expectedVersion=${committed}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await del.json<ChangeInfoBody>()).ChangeInfo.Version).toBe(committed + 1);
    expect((await api('/cidr-collections/temp')).status).toBe(404);
  });

  it('refuses a bad id, a non-JSON body and other methods', async () => {
    const res = await putCollection('no%20spaces', { Name: 'x', Locations: [] });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [
        { path: 'id', message: '"no spaces" is not a collection id (1–64 of A–Z, a–z, 0–9, _ and -)' },
      ],
    });
    const text = await api('/cidr-collections/x', {
      method: 'PUT',
      body: 'x',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect((await api('/cidr-collections', { method: 'POST' })).status).toBe(405);
  });
});
