/**
 * Health checks end to end inside workerd: checks of local endpoints created through the API, the
 * cron tick through the Worker's `scheduled` handler, prober rounds through their alarms, and a
 * latency-routed DoH answer that leaves a region whose endpoint goes down, then comes back.
 */
import { runDurableObjectAlarm } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../../src/encoding/base64';
import { healthWebhooks } from '../../src/webhooks/client';
import { api } from '../support/api';
import { decodeReply, queryBytes } from '../support/dns';
import {
  assignmentOf,
  configInSync,
  createCheck,
  cronTick,
  localCheck,
  newTarget,
  publishHealth,
  runRounds,
  setTarget,
  shardKeys,
  statusOf,
  targetDown,
  targetHits,
  targetUp,
} from '../support/health-check-driver';
import { hookUrl, received } from '../support/webhooks';

const ZONE = 'failover.test';
const GERMANY = [2, 28, 7]; // 2.28.7.0/24 is in Germany in the bundled table

let frankfurt: number;
let virginia: number;
let checkFra: string;
let checkIad: string;

function zone() {
  const soa = `ns1.${ZONE}. hostmaster.${ZONE}. 1 7200 900 1209600 60`;
  const member = (id: string, region: string, ip: string, check: string) => ({
    Name: `app.${ZONE}.`,
    Type: 'A',
    SetIdentifier: id,
    Region: region,
    TTL: 60,
    HealthCheckId: check,
    ResourceRecords: [{ Value: ip }],
  });
  return {
    ResourceRecordSets: [
      { Name: `${ZONE}.`, Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: soa }] },
      { Name: `${ZONE}.`, Type: 'NS', TTL: 900, ResourceRecords: [{ Value: `ns1.${ZONE}.` }] },
      member('frankfurt', 'eu-central-1', '192.0.2.2', checkFra),
      member('virginia', 'us-east-1', '192.0.2.1', checkIad),
    ],
  };
}

async function answerForGermany(): Promise<string[]> {
  const ecs = { code: 8, data: Buffer.from([0, 1, 24, 0, ...GERMANY]) };
  const q = queryBytes(`app.${ZONE}`, 'A', { edns: { options: [ecs] } });
  const res = await exports.default.fetch(`https://doh.test/dns-query?dns=${encodeBase64Url(q)}`);
  const reply = decodeReply(new Uint8Array(await res.arrayBuffer()));
  const data = (reply.answers ?? []).map((a) => (a as { data: string }).data);
  return data;
}

beforeAll(async () => {
  frankfurt = await newTarget();
  virginia = await newTarget();
  checkFra = await createCheck(localCheck(frankfurt));
  checkIad = await createCheck(localCheck(virginia));
  const put = await api(`/zones/${ZONE}`, {
    method: 'PUT',
    body: JSON.stringify(zone()),
    headers: { 'Content-Type': 'application/json' },
  });
  expect(put.status, await put.clone().text()).toBe(201);
  await configInSync();
  const hook = await api('/webhooks', {
    method: 'POST',
    body: JSON.stringify({ Url: hookUrl('failover'), HealthCheckIds: [checkFra] }),
    headers: { 'Content-Type': 'application/json' },
  });
  expect(hook.status, await hook.clone().text()).toBe(201);
}, 60_000);

/** What the webhook receiver got, once it has `n` deliveries (the outbox's alarm runs them). */
async function hooks(n: number) {
  for (let i = 0; i < 100; i++) {
    const got = await received('failover');
    if (got.length >= n) return got.map((hook) => JSON.parse(hook.body) as Record<string, unknown>);
    await runDurableObjectAlarm(healthWebhooks(env));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the webhook receiver did not get ${n} deliveries`);
}

describe('probes move DoH answers', () => {
  it('the cron tick hands each checker region a shard with both checks', async () => {
    await cronTick();
    const keys = await shardKeys();
    expect(keys).toEqual(['ap-southeast-1/10/0', 'eu-west-1/10/0', 'us-east-1/10/0']);
    for (const key of keys) {
      const assignment = await assignmentOf(key);
      expect(assignment?.jobs.map((job) => job.id).sort()).toEqual([checkFra, checkIad].sort());
      expect(assignment?.intervalSeconds).toBe(10);
    }
  });

  it('healthy endpoints: every checker reports success; Germany gets Frankfurt', async () => {
    await runRounds();
    expect(await targetHits(frankfurt)).toBeGreaterThanOrEqual(3);
    const status = await statusOf(checkFra);
    expect(status.Status).toBe('HEALTHY');
    const observations = status['HealthCheckObservations'] as {
      Region: string;
      StatusReport?: { Status: string };
      RttMs?: number;
    }[];
    expect(observations.map((o) => o.Region).sort()).toEqual(['ap-southeast-1', 'eu-west-1', 'us-east-1']);
    for (const o of observations) {
      expect(o.StatusReport?.Status).toBe('Success: status 200');
      expect(o.RttMs).toBeGreaterThanOrEqual(0);
    }
    await publishHealth();
    expect(await answerForGermany()).toEqual(['192.0.2.2']);
  });

  it('Frankfurt goes down: after FailureThreshold rounds Germany gets Virginia', async () => {
    await targetDown(frankfurt);
    await runRounds();
    const status = await statusOf(checkFra);
    expect(status.Status).toBe('UNHEALTHY');
    expect(status['Source']).toBe('probe');
    expect(status['Reason']).toMatch(/0 of 3 checkers healthy/);
    const transitions = status['Transitions'] as { From: string; To: string; Reason: string }[];
    expect(transitions[0]).toMatchObject({ From: 'HEALTHY', To: 'UNHEALTHY', Source: 'probe' });
    await publishHealth();
    expect(await answerForGermany()).toEqual(['192.0.2.1']);
    // Virginia's check is untouched.
    expect((await statusOf(checkIad)).Status).toBe('HEALTHY');
    // The flip went out as a webhook.
    expect(await hooks(1)).toEqual([
      expect.objectContaining({
        type: 'health-check.status-changed',
        healthCheckId: checkFra,
        healthy: false,
        previousHealthy: true,
        source: 'probe',
        reason: '0 of 3 checkers healthy (≤ 18%)',
      }),
    ]);
  });

  it('Frankfurt comes back: Germany gets Frankfurt again', async () => {
    await targetUp(frankfurt);
    await runRounds();
    expect((await statusOf(checkFra)).Status).toBe('HEALTHY');
    await publishHealth();
    expect(await answerForGermany()).toEqual(['192.0.2.2']);
    const transitions = (await statusOf(checkFra))['Transitions'] as { To: string }[];
    expect(transitions.map((t) => t.To)).toEqual(['HEALTHY', 'UNHEALTHY']);
    expect((await hooks(2)).map((event) => event['healthy'])).toEqual([false, true]);
  });

  it('a wrong status code counts as a failure, like a dead endpoint', async () => {
    await setTarget(frankfurt, { status: 503 });
    await runRounds();
    const status = await statusOf(checkFra);
    expect(status.Status).toBe('UNHEALTHY');
    const observations = status['HealthCheckObservations'] as { StatusReport: { Status: string } }[];
    expect(observations[0]?.StatusReport.Status).toBe('Failure: status 503 not in 200-399');
    await setTarget(frankfurt, { status: 200 });
    await runRounds();
    expect((await statusOf(checkFra)).Status).toBe('HEALTHY');
  });
});
