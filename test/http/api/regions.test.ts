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

function putRegion(id: string, body: unknown): Promise<Response> {
  return api(`/regions/${id}`, {
    method: 'PUT',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
  });
}

const latencyMember = (id: string, region: string, value: string) => ({
  Action: 'CREATE',
  ResourceRecordSet: {
    Name: 'api.lab.test',
    Type: 'A',
    SetIdentifier: id,
    Region: region,
    TTL: 60,
    ResourceRecords: [{ Value: value }],
  },
});

describe('operator regions', () => {
  it('creates (201), reads, replaces (200), lists, and publishes them', async () => {
    const created = await putRegion('edge-fra', { Latitude: 50.11, Longitude: 8.68, Name: 'Frankfurt rack' });
    expect(created.status).toBe(201);
    expect(created.headers.get('Location')).toBe('/api/v1/regions/edge-fra');
    const { ChangeInfo } = await created.json<{ ChangeInfo: { Version: number; Status: string } }>();
    expect(ChangeInfo.Status).toBe('PENDING');
    expect(await (await api('/regions/edge-fra')).json()).toEqual({
      Id: 'edge-fra',
      Name: 'Frankfurt rack',
      Latitude: 50.11,
      Longitude: 8.68,
      Version: ChangeInfo.Version,
      UpdatedAt: expect.any(String),
    });
    const replaced = await putRegion('edge-fra', { Latitude: 50.1, Longitude: 8.7 });
    expect(replaced.status).toBe(200);
    const list = await (await api('/regions')).json<{ Regions: unknown[] }>();
    expect(list.Regions).toContainEqual(expect.objectContaining({ Id: 'edge-fra', Latitude: 50.1 }));

    await runDurableObjectAlarm(stub);
    const pointer = await env.SNAPSHOTS.get<{ key: string }>('config/current', 'json');
    const snapshot = await env.SNAPSHOTS.get<ConfigSnapshot>(pointer?.key ?? '', 'json');
    expect(snapshot?.regions).toContainEqual({ id: 'edge-fra', latitude: 50.1, longitude: 8.7 });
  });

  it('refuses bad ids, built-in ids, and out-of-range coordinates, all at once', async () => {
    const builtIn = await putRegion('us-east-1', { Latitude: 0, Longitude: 0 });
    expect(await builtIn.json()).toEqual({
      errors: [
        { path: 'id', message: 'us-east-1 is a built-in region; choose another id for your own region' },
      ],
    });
    const bad = await putRegion('Bad_Id', { Latitude: 91, Longitude: -181, Name: '', Height: 3 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      errors: [
        { path: 'id', message: '"Bad_Id" is not a region id (1–64 of a–z, 0–9 and -)' },
        { path: '/Latitude', message: 'Latitude must be from -90 to 90 (got 91)' },
        { path: '/Longitude', message: 'Longitude must be from -180 to 180 (got -181)' },
        { path: '/Name', message: 'Name must be 1–128 characters' },
        { path: '/Height', message: 'unknown field "Height"' },
      ],
    });
    const missing = await putRegion('edge-x', { Latitude: '1' });
    expect(await missing.json()).toEqual({
      errors: [
        { path: '/Latitude', message: 'expected a number, got a string' },
        { path: '/Longitude', message: 'Longitude is required' },
      ],
    });
  });

  it('lets latency records use an operator region, and refuses to delete it while used (409)', async () => {
    await putRegion('edge-lab', { Latitude: 1.29, Longitude: 103.85 });
    await putZoneFile('lab.test', zoneText('lab.test'));
    const unknown = await postChanges('lab.test', {
      Changes: [latencyMember('x', 'edge-nowhere', '192.0.2.9')],
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      errors: [
        {
          path: '/Changes/0/ResourceRecordSet/Region',
          message:
            'api.lab.test./A/x: unknown region "edge-nowhere": use a built-in region id or define it with PUT /api/v1/regions/edge-nowhere',
        },
      ],
    });
    const ok = await postChanges('lab.test', {
      Changes: [
        latencyMember('lab', 'edge-lab', '192.0.2.1'),
        latencyMember('iad', 'us-east-1', '192.0.2.2'),
      ],
    });
    expect(ok.status).toBe(200);
    const del = await api('/regions/edge-lab', { method: 'DELETE' });
    expect(del.status).toBe(409);
    expect(await del.json()).toEqual({
      error: 'region edge-lab is used by 1 record set: api.lab.test. A (lab); change those record sets first',
    });
    expect((await api('/regions/edge-unused', { method: 'DELETE' })).status).toBe(404);
    await putRegion('edge-unused', { Latitude: 0, Longitude: 0 });
    expect((await api('/regions/edge-unused', { method: 'DELETE' })).status).toBe(200);
    expect((await api('/regions/edge-unused')).status).toBe(404);
  });
});
