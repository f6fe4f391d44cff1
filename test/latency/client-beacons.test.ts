/**
 * Client beacons in workerd (issue 11, beyond Route 53): the Worker's /beacon.js, /beacon/plan and
 * /beacon/report with a secret set in the env each test passes (none in any config file), the real
 * LatencyState, and the query path. Reports are refused when unsigned, forged, expired, from
 * another network or over budget; accepted ones become network cells that route the reporter's
 * /24, with the trace naming the source.
 */
import { createExecutionContext, runDurableObjectAlarm, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { bytesToHex } from '../../src/encoding/hex';
import { configOf, type Env } from '../../src/env';
import { beaconServiceFor } from '../../src/http/client-beacon';
import worker from '../../src/index';
import { beaconNetworkOf, MAX_PUBLISHED_NETWORK_CELLS, type NetworkCell } from '../../src/latency/cell-kinds';
import {
  BeaconBudget,
  beaconKey,
  MAX_REPORT_BYTES,
  MAX_TRACKED_NETWORKS,
  REPORTS_PER_MINUTE,
  signToken,
  TOKEN_TTL_MS,
  verifyToken,
} from '../../src/latency/client-beacons';
import { latencyState } from '../../src/latency/latency-api-client';
import { publishedNetworks } from '../../src/latency/latency-store';
import { SampleBatcher } from '../../src/latency/sample-batcher';
import { signalStoresFor } from '../../src/store/signal-stores';
import { api } from '../support/api';
import { defineDelayChecks, publishLatencyZone } from '../support/latency-zone';
import { COUNTRY_SUBNETS } from '../support/policy-fixtures';

const ZONE = 'beaconed.test';
const port = inject('beaconPort');
const REGIONS = ['ap-northeast-1', 'eu-central-1', 'us-east-1'];

/** An env with client beacons on, under a secret made for this run. */
function beaconEnv(extra: Partial<Env> = {}): Env {
  const secret = bytesToHex(crypto.getRandomValues(new Uint8Array(24)));
  return { ...env, CLIENT_BEACON_SECRET: secret, LATENCY_SAMPLE_FLUSH_SECONDS: '0', ...extra };
}

async function call(e: Env, path: string, init: RequestInit & { ip?: string } = {}): Promise<Response> {
  const { ip = '203.0.113.7', ...rest } = init;
  const headers = new Headers(rest.headers);
  headers.set('CF-Connecting-IP', ip);
  const ctx = createExecutionContext();
  const res = await worker.fetch!(
    new Request(`https://doh.test${path}`, { ...rest, headers }) as never,
    e,
    ctx,
  );
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return new Response(res.status === 204 ? null : text, { status: res.status, headers: res.headers });
}

interface Plan {
  Token: string;
  Network: string;
  ExpiresInSeconds: number;
  Targets: { Region: string; Url: string }[];
}

const planFor = async (e: Env, ip: string): Promise<Plan> => (await call(e, '/beacon/plan', { ip })).json();

const report = (e: Env, ip: string, body: unknown, type = 'text/plain') =>
  call(e, '/beacon/report', {
    ip,
    method: 'POST',
    headers: { 'Content-Type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  const checks = await defineDelayChecks(port, { virginia: 1, frankfurt: 1, tokyo: 1 }, '');
  await publishLatencyZone(ZONE, checks);
}, 60_000);

describe('client beacon endpoints', () => {
  it('are off (404) without CLIENT_BEACON_SECRET, and 503 with a short one', async () => {
    for (const path of ['/beacon.js', '/beacon/plan']) {
      const off = await call(env, path);
      expect(off.status).toBe(404);
      expect(await off.text()).toContain('CLIENT_BEACON_SECRET is not set');
    }
    expect((await report(env, '203.0.113.7', { Token: 'x', Samples: [] })).status).toBe(404);
    const short = await call({ ...env, CLIENT_BEACON_SECRET: 'too-short' }, '/beacon/plan');
    expect(short.status).toBe(503);
    expect(await short.text()).toContain('at least 32 characters');
  });

  it('serve the script, and a plan signed for the caller’s /24 listing every region’s beacon', async () => {
    const e = beaconEnv();
    const script = await call(e, '/beacon.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(await script.text()).toContain("'/beacon/plan'");
    const plan = await planFor(e, '203.0.113.7');
    expect(plan.Network).toBe('203.0.113.0/24');
    expect(plan.ExpiresInSeconds).toBe(TOKEN_TTL_MS / 1000);
    expect(plan.Token).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(plan.Targets.map((t) => t.Region)).toEqual(REGIONS);
    expect(plan.Targets.find((t) => t.Region === 'us-east-1')?.Url).toBe(
      `http://127.0.0.1:${port}/delay/1/virginia`,
    );
    const v6 = await planFor(e, '2001:db8:5:1234::9');
    expect(v6.Network).toBe('2001:db8:5::/48');
    expect((await call(e, '/beacon/report')).headers.get('Allow')).toBe('POST');
    expect((await call(e, '/beacon/report')).status).toBe(405);
  });

  it('accept a signed report once per network per interval; every refusal says why', async () => {
    const e = beaconEnv();
    const plan = await planFor(e, '203.0.113.7');
    const samples = [
      { Region: 'us-east-1', RttMs: 120 },
      { Region: 'eu-central-1', RttMs: 20.5 },
    ];
    // Bad input: 400 listing every problem, before the token is looked at.
    const bad = await report(e, '203.0.113.7', {
      Token: plan.Token,
      Samples: [
        { Region: 'mars-1', RttMs: 10 },
        { Region: 'us-east-1', RttMs: -1 },
        { Region: 'us-east-1', RttMs: 5 },
      ],
      Extra: 1,
    });
    expect(bad.status).toBe(400);
    expect((await bad.json<{ errors: { path: string }[] }>()).errors.map((p) => p.path)).toEqual([
      '/Extra',
      '/Samples/0/Region',
      '/Samples/1/RttMs',
      '/Samples/2/Region',
    ]);
    expect((await report(e, '203.0.113.7', 'not json')).status).toBe(400);
    expect(
      (await report(e, '203.0.113.7', { Token: plan.Token, Samples: samples }, 'application/xml')).status,
    ).toBe(415);
    expect((await report(e, '203.0.113.7', 'x'.repeat(MAX_REPORT_BYTES + 1))).status).toBe(413);

    // Unsigned, forged, or from another network: 403.
    const unsigned = await report(e, '203.0.113.7', { Token: 'abc.def', Samples: samples });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('the token is missing or malformed');
    const [head, mac] = plan.Token.split('.') as [string, string];
    const flipped = `${head}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
    expect((await report(e, '203.0.113.7', { Token: flipped, Samples: samples })).status).toBe(403);
    const elsewhere = await report(e, '198.51.100.9', { Token: plan.Token, Samples: samples });
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.text()).toContain('issued to 203.0.113.0/24');
    // Another Worker's secret signs other tokens.
    const other = await planFor(beaconEnv(), '203.0.113.7');
    const foreign = await report(e, '203.0.113.7', { Token: other.Token, Samples: samples });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toContain('not signed by this server');

    // Accepted once; the same /24 again (another address, a fresh token) is over budget.
    const ok = await report(e, '203.0.113.7', { Token: plan.Token, Samples: samples });
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ Accepted: 2, Network: '203.0.113.0/24' });
    const again = await report(e, '203.0.113.99', {
      Token: (await planFor(e, '203.0.113.99')).Token,
      Samples: samples,
    });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('Retry-After'))).toBeGreaterThan(290);

    const service = beaconServiceFor(e);
    if (service === null || typeof service === 'string') throw new Error('beacons should be on');
    // Sent by the report itself (flush interval 0), in its waitUntil: nothing left buffered.
    expect(service.batcher.buffered).toBe(0);
    expect(service.counters.batches).toBe(1);
    const cells = (await latencyState(env).read()).networks.filter((c) => c.network === '203.0.113.0/24');
    expect(cells.map((c) => [c.region, c.rttMs, c.samples]).sort()).toEqual([
      ['eu-central-1', 20.5, 1],
      ['us-east-1', 120, 1],
    ]);
  });

  it('tokens expire, and are bound to the network and the key', async () => {
    const key = await beaconKey('k'.repeat(40));
    const now = Date.now();
    const token = await signToken(key, '192.0.2.0/24', now);
    expect(await verifyToken(key, token, now + 1000)).toEqual({
      ok: true,
      value: { network: '192.0.2.0/24', issuedAt: now },
    });
    const late = await verifyToken(key, token, now + TOKEN_TTL_MS + 1);
    expect(late.ok ? 'accepted' : late.error).toContain('expired');
    const other = await verifyToken(await beaconKey('j'.repeat(40)), token, now);
    expect(other.ok ? 'accepted' : other.error).toContain('not signed');
    expect((await verifyToken(key, 42, now)).ok).toBe(false);
  });

  it('reports from a network route its clients by their own RTTs, scoped to the /24', async () => {
    await latencyState(env).clearSampled();
    const e = beaconEnv({ CLIENT_BEACON_SECONDS: '0' });
    const ip = COUNTRY_SUBNETS.US.replace('.0/24', '.77');
    // A US network: the distance model picks Virginia; its browsers find Tokyo fastest.
    const rtts = { 'us-east-1': 200, 'eu-central-1': 150, 'ap-northeast-1': 30 };
    for (let i = 0; i < 3; i++) {
      const plan = await planFor(e, ip);
      const samples = plan.Targets.map((t) => ({
        Region: t.Region,
        RttMs: rtts[t.Region as keyof typeof rtts],
      }));
      expect((await report(e, ip, { Token: plan.Token, Samples: samples })).status).toBe(202);
    }
    await runDurableObjectAlarm(latencyState(env));
    await signalStoresFor(env.SNAPSHOTS, configOf(env).snapshotRefreshMs).latency.refresh();
    const view = await (await api('/latency')).json<{
      Networks: { Count: number; Cells: { Samples: number; Used: boolean }[] };
    }>();
    expect(view.Networks.Count).toBe(3);
    expect(view.Networks.Cells.every((c) => c.Samples === 3 && c.Used)).toBe(true);

    const answer = async (subnet: string) => {
      const res = await api(
        `/test-dns-answer?recordName=app.${ZONE}&recordType=A&edns0ClientSubnetIP=${subnet.split('/')[0]}&edns0ClientSubnetMask=24`,
      );
      return res.json<{ RecordData: string[]; EcsScope?: number; Explain: unknown }>();
    };
    const own = await answer(COUNTRY_SUBNETS.US);
    expect(own.RecordData).toEqual(['192.0.2.3']);
    expect(own.EcsScope).toBe(24);
    expect(JSON.stringify(own.Explain)).toMatch(
      /sampled 30 ms from network 2\.1\.0\.0\/24 to ap-northeast-1 \(EWMA of 3 client-beacon reports/,
    );
    // A neighbouring US /24 has no reports: the model answers.
    const neighbour = await answer('2.1.1.0/24');
    expect(neighbour.RecordData).toEqual(['192.0.2.1']);
  });
});

describe('client beacon bounds', () => {
  it(`accepts at most ${REPORTS_PER_MINUTE} reports a minute per isolate, and remembers at most ${MAX_TRACKED_NETWORKS} networks`, () => {
    const budget = new BeaconBudget(300_000);
    let now = 1_000_000;
    let accepted = 0;
    for (let i = 0; i < REPORTS_PER_MINUTE + 50; i++)
      if (budget.report(`10.0.${i}.0/24`, now) === 0) accepted++;
    expect(accepted).toBe(REPORTS_PER_MINUTE);
    expect(budget.report('10.9.9.0/24', now + 60_000)).toBe(0);
    // One network: once per interval.
    expect(budget.report('10.9.9.0/24', now + 61_000)).toBe(299_000);
    for (let i = 0; i < 2 * MAX_TRACKED_NETWORKS; i++) {
      if (i % REPORTS_PER_MINUTE === 0) now += 60_000;
      budget.report(`net-${i}`, now);
      expect(budget.tracked).toBeLessThanOrEqual(MAX_TRACKED_NETWORKS);
    }
  });

  it(`publishes at most ${MAX_PUBLISHED_NETWORK_CELLS} network cells, the usable and most recent`, () => {
    const now = Date.now();
    const cells = new Map<string, NetworkCell>();
    for (let i = 0; i < MAX_PUBLISHED_NETWORK_CELLS + 500; i++) {
      const network = `10.${i >> 8}.${i & 255}.0/24`;
      cells.set(`${network} us-east-1`, {
        network,
        region: 'us-east-1',
        rttMs: 10,
        samples: i % 10 === 0 ? 1 : 3,
        updatedAt: now - i * 1000,
      });
    }
    const out = publishedNetworks(cells, now);
    expect(out).toHaveLength(MAX_PUBLISHED_NETWORK_CELLS);
    expect(out.every((c) => c.samples >= 3)).toBe(true);
    const oldest = Math.min(...out.map((c) => Date.parse(c.updatedAt)));
    // Skipping the thin cells (every tenth), the newest 2,000 reach back ~2,222 s.
    expect(now - oldest).toBeLessThan(2_300_000);
  });

  it("judges a batch due on the batcher's own clock, so a time read before the samples came cannot hold them back", () => {
    const clock = { now: 1_000 };
    const counters = { sampled: 0, dropped: 0, batches: 0, batchFailures: 0 };
    const batcher = new SampleBatcher<number>(
      async () => {},
      () => clock.now,
      0,
      counters,
    );
    const before = clock.now;
    clock.now += 2; // the awaits of a report handler
    batcher.add(1);
    expect(batcher.due(before)).toBe(false);
    expect(batcher.due()).toBe(true);
  });

  it('names a client network by its /24 or /48, and nothing shorter', () => {
    const v4 = { family: 4 as const, address: new Uint8Array([198, 51, 100, 9]), length: 32 };
    expect(beaconNetworkOf(v4)).toBe('198.51.100.0/24');
    expect(beaconNetworkOf({ ...v4, length: 16 })).toBeUndefined();
    const v6 = new Uint8Array(16);
    v6.set([0x20, 0x01, 0x0d, 0xb8, 0, 0]);
    expect(beaconNetworkOf({ family: 6, address: v6, length: 56 })).toBe('2001:db8::/48');
    expect(beaconNetworkOf({ family: 6, address: new Uint8Array(16), length: 48 })).toBe('::/48');
  });
});
