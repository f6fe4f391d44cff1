/**
 * Traffic policies end to end inside workerd: latency records loaded as Route 53 JSON through the
 * API, published by the control plane, health set through the API, then DoH queries that vary only
 * the ECS subnet and get different regions' answers; explain=1 and test-dns-answer show why.
 */
import { runDurableObjectAlarm } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { controlPlane } from '../../../src/control/client';
import { encodeBase64Url } from '../../../src/encoding/base64';
import { configOf } from '../../../src/env';
import { healthState } from '../../../src/health/client';
import { configStoreFor } from '../../../src/store/config-store';
import { signalStoresFor } from '../../../src/store/signal-stores';
import { api } from '../../support/api';
import { decodeReply, queryBytes } from '../../support/dns';
import { defineHealthChecks } from '../../support/health-checks';
import { LATENCY_REGIONS, latencyZoneRoute53 } from '../../support/policy-fixtures';

const ZONE = 'steer.test';
const PREFIX = { DE: [2, 28, 7], US: [2, 1, 0], JP: [1, 5, 7] } as const;
/** Health-check ids by SetIdentifier, defined before the zone names them. */
let CHECKS: Readonly<Record<string, string>> = {};

async function refreshSnapshots(): Promise<void> {
  const ms = configOf(env).snapshotRefreshMs;
  await configStoreFor(env.SNAPSHOTS, ms).refresh();
  await signalStoresFor(env.SNAPSHOTS, ms).health.refresh();
}

async function setHealth(id: string, healthy: boolean): Promise<void> {
  const res = await api(`/health-checks/${id}/status`, {
    method: 'PUT',
    body: JSON.stringify({ Healthy: healthy, Reason: 'test' }),
    headers: { 'Content-Type': 'application/json' },
  });
  expect(res.status).toBe(200);
  await runDurableObjectAlarm(healthState(env));
  await refreshSnapshots();
}

async function askWithEcs(prefix: readonly number[]) {
  const ecs = { code: 8, data: Buffer.from([0, 1, 24, 0, ...prefix]) };
  const q = queryBytes(`app.${ZONE}`, 'A', { edns: { options: [ecs] } });
  const res = await exports.default.fetch(`https://doh.test/dns-query?dns=${encodeBase64Url(q)}`);
  const reply = decodeReply(new Uint8Array(await res.arrayBuffer()));
  return { res, data: reply.answers?.map((a) => (a as { data: string }).data) };
}

beforeAll(async () => {
  CHECKS = await defineHealthChecks(LATENCY_REGIONS.map(([id]) => id));
  const put = await api(`/zones/${ZONE}`, {
    method: 'PUT',
    body: JSON.stringify(latencyZoneRoute53(ZONE, CHECKS)),
    headers: { 'Content-Type': 'application/json' },
  });
  expect(put.status).toBe(201);
  const { ChangeInfo } = (await put.json()) as { ChangeInfo: { Id: string } };
  // As a client would: wait until the change is INSYNC (published), then pick it up.
  await runDurableObjectAlarm(controlPlane(env)); // runs it now if the runtime has not yet
  for (let i = 0; i < 50; i++) {
    const change = (await (await api(`/changes/${ChangeInfo.Id.split('/').pop()}`)).json()) as {
      ChangeInfo: { Status: string };
    };
    if (change.ChangeInfo.Status === 'INSYNC') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await refreshSnapshots();
}, 60_000);

describe('DoH answers steered by the client subnet', () => {
  it.each([
    ['DE', '192.0.2.2'],
    ['US', '192.0.2.1'],
    ['JP', '192.0.2.3'],
  ] as const)('ECS from %s → that region, Cache-Control private', async (country, ip) => {
    const { res, data } = await askWithEcs(PREFIX[country]);
    expect(data).toEqual([ip]);
    expect(res.headers.get('Cache-Control')).toBe('private, max-age=60');
  });

  it('an unhealthy region (set through the API) moves its clients to the next best, then back', async () => {
    const frankfurt = CHECKS['frankfurt']!;
    await setHealth(frankfurt, false);
    expect((await askWithEcs(PREFIX.DE)).data).not.toEqual(['192.0.2.2']);
    await setHealth(frankfurt, true);
    expect((await askWithEcs(PREFIX.DE)).data).toEqual(['192.0.2.2']);
  });
});

describe('explanations', () => {
  it('explain=1 on a JSON query needs the admin token', async () => {
    const url = `https://doh.test/resolve?name=app.${ZONE}&edns_client_subnet=2.28.7.0/24&explain=1`;
    expect((await exports.default.fetch(url)).status).toBe(401);
    const res = await exports.default.fetch(url, { headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` } });
    const body = (await res.json()) as {
      Answer: { data: string }[];
      Explain: {
        location: { source: string; country: string };
        steps: { policy: string; candidates: unknown[]; rule: string }[];
        versions: { config: number };
      };
    };
    expect(body.Answer[0]!.data).toBe('192.0.2.2');
    expect(body.Explain.location).toMatchObject({ source: 'ecs', country: 'DE' });
    expect(body.Explain.steps[0]).toMatchObject({ policy: 'latency' });
    expect(body.Explain.steps[0]!.candidates).toHaveLength(3);
    expect(body.Explain.steps[0]!.rule).toMatch(/lowest-latency healthy region: eu-central-1/);
    expect(body.Explain.versions.config).toBeGreaterThan(0);
  });

  it('test-dns-answer takes an explicit location and returns RecordData, ResponseCode and the trace', async () => {
    const res = await api(
      `/test-dns-answer?recordName=app.${ZONE}&recordType=A&country=JP&latitude=35.6&longitude=139.7`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown> & {
      Explain: { location: { source: string } };
    };
    expect(body).toMatchObject({
      RecordName: `app.${ZONE}`,
      RecordType: 'A',
      RecordData: ['192.0.2.3'],
      ResponseCode: 'NOERROR',
      Protocol: 'HTTPS',
      Tailored: true,
    });
    expect(body.Explain.location.source).toBe('explicit');
  });

  it('test-dns-answer with Route 53 parameter names (lowercase) and ECS', async () => {
    const res = await api(
      `/test-dns-answer?recordname=app.${ZONE}&recordtype=A&edns0clientsubnetip=2.1.0.0&edns0clientsubnetmask=24`,
    );
    const body = (await res.json()) as { RecordData: string[]; EcsScope: number };
    expect(body.RecordData).toEqual(['192.0.2.1']);
    expect(body.EcsScope).toBeGreaterThan(0);
  });

  it('test-dns-answer lists every problem with bad input', async () => {
    const res = await api('/test-dns-answer?latitude=north');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path).sort()).toEqual(['latitude', 'recordName', 'recordType']);
  });

  it('test-dns-answer needs the token', async () => {
    const res = await exports.default.fetch(
      `http://edgesteer.test/api/v1/test-dns-answer?recordName=app.${ZONE}&recordType=A`,
    );
    expect(res.status).toBe(401);
  });
});
