/** Health-check definitions through the management API (docs/routing-semantics.md §5, §6.4). */
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { controlPlane } from '../../../src/control/client';
import type { ConfigSnapshot } from '../../../src/zones/snapshot';
import { api, postChanges, putZoneFile } from '../../support/api';
import { zoneText } from '../../support/control-zones';

const stub = controlPlane(env);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

beforeEach(async () => {
  await runInDurableObject(stub, (instance) => {
    instance.publishDelayMs = 3_600_000;
  });
});

interface CheckBody {
  Id: string;
  CallerReference?: string;
  HealthCheckConfig: Record<string, unknown>;
  Version: number;
  UpdatedAt: string;
}
interface WriteBody {
  HealthCheck: CheckBody;
  ChangeInfo?: { Id: string; Status: string; Version: number };
}

function send(method: string, path: string, body: unknown, query = ''): Promise<Response> {
  return api(`${path}${query}`, {
    method,
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
  });
}
const create = (body: unknown, query = '') => send('POST', '/health-checks', body, query);
const update = (id: string, body: unknown) => send('PUT', `/health-checks/${id}`, body);

async function created(config: unknown, reference?: string): Promise<string> {
  const res = await create({
    ...(reference === undefined ? {} : { CallerReference: reference }),
    HealthCheckConfig: config,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json<WriteBody>()).HealthCheck.Id;
}

const committed = async () => (await stub.versions()).committed;

const WEB = {
  Type: 'HTTPS',
  FullyQualifiedDomainName: 'www.example.com',
  ResourcePath: 'health',
  EnableSNI: true,
};

describe('health-check definitions', () => {
  it('creates (201 + Location), reads, lists; PENDING → INSYNC; published in the snapshot', async () => {
    const res = await create({ HealthCheckConfig: WEB });
    expect(res.status).toBe(201);
    const body = await res.json<WriteBody>();
    const id = body.HealthCheck.Id;
    expect(id).toMatch(UUID);
    expect(res.headers.get('Location')).toBe(`/api/v1/health-checks/${id}`);
    expect(body.ChangeInfo?.Status).toBe('PENDING');
    const expectedConfig = {
      Type: 'HTTPS',
      Port: 443,
      ResourcePath: '/health',
      FullyQualifiedDomainName: 'www.example.com',
      RequestInterval: 30,
      FailureThreshold: 3,
      MeasureLatency: false,
      Inverted: false,
      Disabled: false,
      EnableSNI: true,
    };
    expect(await (await api(`/health-checks/${id}`)).json()).toEqual({
      Id: id,
      HealthCheckConfig: expectedConfig,
      Version: body.ChangeInfo?.Version,
      UpdatedAt: expect.any(String),
    });
    const list = await (await api('/health-checks')).json<{ HealthChecks: CheckBody[] }>();
    expect(list.HealthChecks.map((c) => c.Id)).toContain(id);

    await runDurableObjectAlarm(stub);
    const change = await (await api(`/changes/${body.ChangeInfo?.Id.slice('/change/'.length)}`)).json<{
      ChangeInfo: { Status: string };
    }>();
    expect(change.ChangeInfo.Status).toBe('INSYNC');
    const pointer = await env.SNAPSHOTS.get<{ key: string }>('config/current', 'json');
    const snapshot = await env.SNAPSHOTS.get<ConfigSnapshot>(pointer?.key ?? '', 'json');
    const { EnableSNI: _sni, ...probed } = expectedConfig;
    expect(snapshot?.healthChecks).toContainEqual({ id, config: probed });
  });

  it('reports every problem with its path and stores nothing', async () => {
    const before = await committed();
    const res = await create({
      CallerReference: 7,
      Extra: 1,
      // Reserved addresses are allowed in the test env (OUTBOUND_ALLOW_PRIVATE); outbound-targets.test.ts.
      HealthCheckConfig: { Type: 'HTTPS', IPAddress: '10.0.0.256', Port: 0, SearchString: 'x' },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [
        { path: '/Extra', message: 'unknown field "Extra"' },
        { path: '/CallerReference', message: 'expected a string, got a number' },
        { path: '/HealthCheckConfig/IPAddress', message: expect.stringMatching(/not an IPv4 or IPv6/) },
        { path: '/HealthCheckConfig/FullyQualifiedDomainName', message: expect.stringMatching(/needs/) },
        { path: '/HealthCheckConfig/Port', message: expect.stringMatching(/1 to 65535/) },
        { path: '/HealthCheckConfig/SearchString', message: expect.stringMatching(/only for/) },
      ],
    });
    const missing = await create({});
    expect(await missing.json()).toEqual({
      errors: [{ path: '/HealthCheckConfig', message: 'HealthCheckConfig is required' }],
    });
    expect(await committed()).toBe(before);
  });

  it('checks the children of a calculated check against the stored checks, atomically', async () => {
    const web = await created(WEB);
    const calc = await created({ Type: 'CALCULATED', HealthThreshold: 1, ChildHealthChecks: [web] });
    const before = await committed();
    const count = (await (await api('/health-checks')).json<{ HealthChecks: unknown[] }>()).HealthChecks
      .length;
    const res = await create({
      HealthCheckConfig: { Type: 'CALCULATED', HealthThreshold: 2, ChildHealthChecks: [web, calc, 'nope'] },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [
        {
          path: '/HealthCheckConfig/ChildHealthChecks/1',
          message: `${calc} is CALCULATED; a calculated check cannot have calculated children`,
        },
        { path: '/HealthCheckConfig/ChildHealthChecks/2', message: 'no health check nope' },
      ],
    });
    const self = await update(calc, {
      HealthCheckConfig: { Type: 'CALCULATED', HealthThreshold: 1, ChildHealthChecks: [web, calc] },
    });
    expect(await self.json()).toEqual({
      errors: [
        {
          path: '/HealthCheckConfig/ChildHealthChecks/1',
          message: 'a calculated check cannot be its own child',
        },
      ],
    });
    expect(await committed()).toBe(before);
    const after = (await (await api('/health-checks')).json<{ HealthChecks: unknown[] }>()).HealthChecks
      .length;
    expect(after).toBe(count);
  });

  it('is idempotent for a CallerReference: same config → same check, another config → 409', async () => {
    const first = await create({ CallerReference: 'deploy-42', HealthCheckConfig: WEB });
    expect(first.status).toBe(201);
    const { HealthCheck } = await first.json<WriteBody>();
    expect(HealthCheck.CallerReference).toBe('deploy-42');
    const version = await committed();

    // The same config written differently (ResourcePath without its /) is the same config.
    const again = await create({
      CallerReference: 'deploy-42',
      HealthCheckConfig: { ...WEB, ResourcePath: '/health' },
    });
    expect(again.status).toBe(200);
    const body = await again.json<WriteBody>();
    expect(body.HealthCheck).toEqual(HealthCheck);
    expect(body.ChangeInfo).toBeUndefined();
    expect(await committed()).toBe(version);

    const other = await create({
      CallerReference: 'deploy-42',
      HealthCheckConfig: { ...WEB, FailureThreshold: 5 },
    });
    expect(other.status).toBe(409);
    expect(await other.json()).toEqual({
      error: `CallerReference deploy-42 already created health check ${HealthCheck.Id} with another config`,
    });
    const tooLong = await create({ CallerReference: 'x'.repeat(65), HealthCheckConfig: WEB });
    expect(await tooLong.json()).toEqual({
      errors: [{ path: '/CallerReference', message: 'CallerReference has 1–64 characters' }],
    });
  });

  it('updates (200), refuses changes to Type, RequestInterval and MeasureLatency, and 404s', async () => {
    const id = await created({ Type: 'HTTP', IPAddress: '192.0.2.10', RequestInterval: 10 });
    const res = await update(id, {
      HealthCheckConfig: { Type: 'HTTP', IPAddress: '192.0.2.11', RequestInterval: 10, Inverted: true },
    });
    expect(res.status).toBe(200);
    const body = await res.json<WriteBody>();
    expect(body.HealthCheck.HealthCheckConfig).toMatchObject({ IPAddress: '192.0.2.11', Inverted: true });
    expect(body.ChangeInfo?.Version).toBe(body.HealthCheck.Version);
    expect(res.headers.get('Location')).toBeNull();

    const before = await committed();
    const fixed = await update(id, {
      HealthCheckConfig: { Type: 'TCP', IPAddress: '192.0.2.11', Port: 80, MeasureLatency: true },
    });
    expect(fixed.status).toBe(400);
    const { errors } = await fixed.json<{ errors: { path: string }[] }>();
    expect(errors.map((e) => e.path)).toEqual([
      '/HealthCheckConfig/Type',
      '/HealthCheckConfig/RequestInterval',
      '/HealthCheckConfig/MeasureLatency',
    ]);
    expect(await committed()).toBe(before);
    expect((await api(`/health-checks/${id}`)).status).toBe(200);
    expect((await update('no-such-check', { HealthCheckConfig: WEB })).status).toBe(404);
    expect((await api('/health-checks/no-such-check')).status).toBe(404);
    expect((await update(id, { CallerReference: 'x', HealthCheckConfig: WEB })).status).toBe(400);
  });

  it('refuses to delete a check that record sets or calculated checks use (409), then deletes it', async () => {
    const id = await created(WEB);
    const parent = await created({ Type: 'CALCULATED', HealthThreshold: 1, ChildHealthChecks: [id] });
    await putZoneFile('hc.test', zoneText('hc.test'));
    const member = (setId: string, value: string) => ({
      Action: 'CREATE',
      ResourceRecordSet: {
        Name: 'www.hc.test',
        Type: 'A',
        SetIdentifier: setId,
        Weight: 1,
        TTL: 60,
        ResourceRecords: [{ Value: value }],
        HealthCheckId: id,
      },
    });
    expect(
      (await postChanges('hc.test', { Changes: [member('a', '192.0.2.1'), member('b', '192.0.2.2')] }))
        .status,
    ).toBe(200);

    const refused = await api(`/health-checks/${id}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({
      error:
        `health check ${id} is used by 2 record sets: www.hc.test. A (a), www.hc.test. A (b); ` +
        `and by 1 calculated health check: ${parent}; change those first`,
    });

    expect((await api(`/zones/hc.test`, { method: 'DELETE' })).status).toBe(200);
    const stillParent = await api(`/health-checks/${id}`, { method: 'DELETE' });
    expect(await stillParent.json()).toEqual({
      error: `health check ${id} is used by 1 calculated health check: ${parent}; change those first`,
    });
    expect((await api(`/health-checks/${parent}`, { method: 'DELETE' })).status).toBe(200);
    const deleted = await api(`/health-checks/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect((await deleted.json<{ ChangeInfo: { Status: string } }>()).ChangeInfo.Status).toBe('PENDING');
    expect((await api(`/health-checks/${id}`)).status).toBe(404);
    expect((await api(`/health-checks/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('honours expectedVersion on create, update and delete', async () => {
    const id = await created(WEB);
    const current = await committed();
    const stale = `?expectedVersion=${current - 1}`;
    const staleCreate = await create({ HealthCheckConfig: WEB }, stale);
    expect(staleCreate.status).toBe(409);
    expect(await staleCreate.json()).toMatchObject({ expectedVersion: current - 1, currentVersion: current });
    expect((await send('PUT', `/health-checks/${id}`, { HealthCheckConfig: WEB }, stale)).status).toBe(409);
    expect((await api(`/health-checks/${id}${stale}`, { method: 'DELETE' })).status).toBe(409);
    expect(await committed()).toBe(current);
    expect((await api(`/health-checks/${id}?expectedVersion=${current}`, { method: 'DELETE' })).status).toBe(
      200,
    );
  });

  it('keeps the status routes beside the definitions', async () => {
    const id = await created(WEB);
    const put = await send('PUT', `/health-checks/${id}/status`, { Healthy: false, Reason: 'maintenance' });
    expect(put.status).toBe(200);
    expect(await (await api(`/health-checks/${id}/status`)).json()).toMatchObject({
      HealthCheckId: id,
      Status: 'UNHEALTHY',
    });
    const list = await api('/health-checks/status');
    expect(list.status).toBe(200);
    expect(await list.json()).toHaveProperty('HealthCheckStatuses');
    expect((await send('PUT', '/health-checks/status', { HealthCheckConfig: WEB })).status).toBe(405);
    expect((await api('/health-checks', { method: 'DELETE' })).status).toBe(405);
    const text = await api('/health-checks', {
      method: 'POST',
      body: 'x',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(text.status).toBe(415);
  });
});
