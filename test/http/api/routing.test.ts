/** Routing policies through the management API: import, read, export, change batches. */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, postChanges } from '../../support/api';
import { withHealthChecks } from '../../support/health-checks';
import policies from '../../zones/fixtures/route53-policies.json?raw';

/** The fixture, naming the health checks defined for its labels. */
let FIXTURE: { ResourceRecordSets: Record<string, unknown>[] };

beforeAll(async () => {
  FIXTURE = (await withHealthChecks(JSON.parse(policies) as typeof FIXTURE)).json;
}, 60_000);

function putJson(path: string, body: unknown): Promise<Response> {
  return api(path, {
    method: 'PUT',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
  });
}

async function putFixture(): Promise<Response> {
  await putJson('/cidr-collections/corp-networks', {
    Name: 'corp',
    Locations: [
      { LocationName: 'office', CidrList: ['198.51.100.0/24'] },
      { LocationName: 'vpn', CidrList: ['10.8.0.0/16'] },
    ],
  });
  return putJson('/zones/example.com', FIXTURE);
}

describe('routing policies over HTTP', () => {
  it('imports a Route 53 export with every policy and exports it back unchanged', async () => {
    const put = await putFixture();
    expect(put.status).toBe(201);
    const got = await (await api('/zones/example.com')).json<{ ResourceRecordSets: unknown[] }>();
    expect(got.ResourceRecordSets).toEqual(FIXTURE.ResourceRecordSets);
    const exported = await api('/zones/example.com/export?format=route53');
    expect(exported.status).toBe(200);
    expect(await exported.json()).toEqual(FIXTURE);
  });

  it('refuses a BIND export of a routed zone with 409 naming the groups', async () => {
    await putFixture();
    const res = await api('/zones/example.com/export');
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error:
        'example.com. has routed record groups or aliases a zone file cannot express: example.com. A (alias), ' +
        'api.example.com. A (latency), app.example.com. A (failover), geo.example.com. A (geolocation), ' +
        'ipb.example.com. A (cidr), media.example.com. CNAME (alias), mv.example.com. A (multivalue), ' +
        'near.example.com. A (geoproximity), short.example.com. A (alias), www.example.com. A (weighted); ' +
        'use format=route53',
    });
  });

  it('refuses a whole-zone PUT that breaks group rules, with owner/type/SetIdentifier paths', async () => {
    const broken = {
      ResourceRecordSets: [
        ...FIXTURE.ResourceRecordSets,
        {
          Name: 'api.example.com.',
          Type: 'A',
          SetIdentifier: 'api-virginia-2',
          Region: 'us-east-1',
          TTL: 60,
          ResourceRecords: [{ Value: '203.0.113.11' }],
        },
      ],
    };
    const res = await putJson('/zones/broken.example', broken);
    expect(res.status).toBe(400);
    const { errors } = await res.json<{ errors: { path: string; message: string }[] }>();
    expect(errors[0]).toEqual({
      path: '/ResourceRecordSets/0/Name',
      message: 'example.com. is outside the zone broken.example.',
    });
    const ok = await putJson('/zones/example.com', broken);
    expect(await ok.json()).toEqual({
      errors: [
        {
          path: 'api.example.com./A/api-virginia-2',
          message: 'region us-east-1 already has a latency record set (api-virginia); one per region',
        },
      ],
    });
  });

  it('applies a ChangeBatch of routed members; DELETE must match the routing fields', async () => {
    await putFixture();
    const member = {
      Name: 'www.example.com',
      Type: 'A',
      SetIdentifier: 'www-standby',
      Weight: 0,
      TTL: 60,
      ResourceRecords: [{ Value: '192.0.2.9' }],
    };
    const mismatch = await postChanges('example.com', {
      ChangeBatch: { Changes: [{ Action: 'DELETE', ResourceRecordSet: { ...member, Weight: 1 } }] },
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.json()).toEqual({
      errors: [
        {
          path: '/ChangeBatch/Changes/0',
          message:
            'tried to delete A www.example.com. (SetIdentifier "www-standby"), but the routing fields provided do not match the current ones (current {"routing":{"kind":"weighted","weight":0}})',
        },
      ],
    });
    const res = await postChanges('example.com', {
      ChangeBatch: {
        Changes: [
          { Action: 'DELETE', ResourceRecordSet: member },
          { Action: 'UPSERT', ResourceRecordSet: { ...member, SetIdentifier: 'www-tacoma', Weight: 10 } },
        ],
      },
    });
    expect(res.status).toBe(200);
    const got = await (await api('/zones/example.com')).json<{
      ResourceRecordSets: { SetIdentifier?: string }[];
    }>();
    expect(got.ResourceRecordSets.map((r) => r.SetIdentifier).filter((id) => id?.startsWith('www-'))).toEqual(
      ['www-portland', 'www-seattle', 'www-tacoma'],
    );
  });

  it('reports field problems of a change at their JSON path, before the control plane', async () => {
    const res = await postChanges('example.com', {
      ChangeBatch: {
        Changes: [
          {
            Action: 'CREATE',
            ResourceRecordSet: {
              Name: 'x.example.com',
              Type: 'A',
              SetIdentifier: 'x',
              Weight: 256,
              TTL: 60,
              ResourceRecords: [{ Value: '192.0.2.1' }],
            },
          },
        ],
      },
    });
    expect(await res.json()).toEqual({
      errors: [
        {
          path: '/ChangeBatch/Changes/0/ResourceRecordSet/Weight',
          message: 'Weight must be a whole number from 0 to 255 (got 256)',
        },
      ],
    });
  });
});
