/**
 * A record set's HealthCheckId names a defined health check (docs/routing-semantics.md §5, §6.1): change
 * batches and zone PUTs that name an undefined check are refused with every such set at its path,
 * and change nothing.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { controlPlane } from '../../../src/control/client';
import { api, postChanges, putZoneFile } from '../../support/api';
import { zoneText } from '../../support/control-zones';
import { defineHealthChecks } from '../../support/health-checks';

const stub = controlPlane(env);
const ZONE = 'refs.test';
let CHECKS: Record<'web' | 'api', string>;

const missing = (id: string) =>
  `health check "${id}" does not exist; create it first with POST /api/v1/health-checks`;

function member(setId: string, value: string, check?: string) {
  return {
    Name: `www.${ZONE}`,
    Type: 'A',
    SetIdentifier: setId,
    Weight: 1,
    TTL: 60,
    ResourceRecords: [{ Value: value }],
    ...(check === undefined ? {} : { HealthCheckId: check }),
  };
}

const zoneJson = async (zone: string) => (await api(`/zones/${zone}`)).json();
const committed = async () => (await stub.versions()).committed;

beforeAll(async () => {
  CHECKS = await defineHealthChecks(['web', 'api']);
  expect((await putZoneFile(ZONE, zoneText(ZONE, 'old A 192.0.2.99'))).status).toBe(201);
}, 60_000);

describe('HealthCheckId names a defined check', () => {
  it('refuses a batch naming undefined checks: every one at its path, nothing applied', async () => {
    const before = await zoneJson(ZONE);
    const version = await committed();
    const res = await postChanges(ZONE, {
      ChangeBatch: {
        Changes: [
          { Action: 'CREATE', ResourceRecordSet: member('a', '192.0.2.1', CHECKS.web) },
          { Action: 'CREATE', ResourceRecordSet: member('b', '192.0.2.2', 'no-such-check') },
          {
            Action: 'DELETE',
            ResourceRecordSet: {
              Name: `old.${ZONE}`,
              Type: 'A',
              TTL: 300,
              ResourceRecords: [{ Value: '192.0.2.99' }],
            },
          },
          { Action: 'UPSERT', ResourceRecordSet: member('c', '192.0.2.3', 'gone-too') },
          { Action: 'UPSERT', ResourceRecordSet: member('d', '192.0.2.4', 'no-such-check') },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [
        {
          path: '/ChangeBatch/Changes/1/ResourceRecordSet/HealthCheckId',
          message: `www.${ZONE}./A/b: ${missing('no-such-check')}`,
        },
        {
          path: '/ChangeBatch/Changes/3/ResourceRecordSet/HealthCheckId',
          message: `www.${ZONE}./A/c: ${missing('gone-too')}`,
        },
        {
          path: '/ChangeBatch/Changes/4/ResourceRecordSet/HealthCheckId',
          message: `www.${ZONE}./A/d: ${missing('no-such-check')}`,
        },
      ],
    });
    expect(await committed()).toBe(version);
    expect(await zoneJson(ZONE)).toEqual(before);
  });

  it('accepts a batch whose record sets name defined checks', async () => {
    const res = await postChanges(ZONE, {
      ChangeBatch: {
        Changes: [
          { Action: 'CREATE', ResourceRecordSet: member('a', '192.0.2.1', CHECKS.web) },
          { Action: 'CREATE', ResourceRecordSet: member('b', '192.0.2.2', CHECKS.api) },
        ],
      },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const { ResourceRecordSets } = (await zoneJson(ZONE)) as {
      ResourceRecordSets: Record<string, unknown>[];
    };
    expect(
      ResourceRecordSets.filter((r) => r['Name'] === `www.${ZONE}.`).map((r) => r['HealthCheckId']),
    ).toEqual([CHECKS.web, CHECKS.api]);
  });

  it('refuses a Route 53 JSON zone PUT naming an undefined check, and creates no zone', async () => {
    const zone = 'put-refs.test';
    const res = await api(`/zones/${zone}`, {
      method: 'PUT',
      body: JSON.stringify({
        ResourceRecordSets: [
          {
            Name: `${zone}.`,
            Type: 'SOA',
            TTL: 900,
            ResourceRecords: [{ Value: `ns1.${zone}. hostmaster.${zone}. 1 7200 900 1209600 60` }],
          },
          { Name: `${zone}.`, Type: 'NS', TTL: 900, ResourceRecords: [{ Value: 'ns1.example.net.' }] },
          { ...member('a', '192.0.2.1', CHECKS.web), Name: `www.${zone}.` },
          { ...member('b', '192.0.2.2', 'nope'), Name: `www.${zone}.` },
        ],
      }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ path: `www.${zone}./A/b`, message: missing('nope') }] });
    expect((await api(`/zones/${zone}`)).status).toBe(404);
  });

  it('checks only what a batch writes: a set stored before the rule can still be changed and deleted', async () => {
    const zone = 'legacy.test';
    await putZoneFile(zone, zoneText(zone));
    const check = (await defineHealthChecks(['legacy'])).legacy;
    const at = (setId: string, value: string, id?: string) => ({
      ...member(setId, value, id),
      Name: `www.${zone}.`,
    });
    const change = (Action: string, ResourceRecordSet: unknown) =>
      postChanges(zone, { ChangeBatch: { Changes: [{ Action, ResourceRecordSet }] } });
    expect((await change('CREATE', at('a', '192.0.2.1', check))).status).toBe(200);
    // As if the set had been stored before the rule: its check is gone.
    await runInDurableObject(stub, (_, state) => {
      state.storage.sql.exec('DELETE FROM health_checks WHERE id = ?', check);
    });
    expect((await change('CREATE', at('b', '192.0.2.2'))).status).toBe(200);
    expect(await (await change('UPSERT', at('a', '192.0.2.1', check))).json()).toEqual({
      errors: [
        {
          path: '/ChangeBatch/Changes/0/ResourceRecordSet/HealthCheckId',
          message: `www.${zone}./A/a: ${missing(check)}`,
        },
      ],
    });
    expect((await change('DELETE', at('a', '192.0.2.1', check))).status).toBe(200);
  });
});
