/**
 * What the load benchmark asks: one zone with a simple A, a CNAME and a latency-routed A, loaded
 * through the management API, and a forwarded name answered by a local upstream (a cache hit once
 * warmed). Each kind is sent as GET (?dns=) and POST (application/dns-message).
 */

import { decodeReply, queryBytes, type Reply } from '../../test/support/dns';
import { startUpstreamServer, type UpstreamServer } from '../../test/support/upstream-server';
import { largeZoneRecords, zoneText } from '../../test/support/zone-text';
import { api, type Runtime } from './runtime';

export const ZONE = 'load.test';
/** The forwarding scenario on the local upstream (test/support/upstream-server.ts). */
export const UPSTREAM_SCENARIO = 'load';
/** The latency group's regions; the client (ECS 2.28.7.0/24, in DE) is closest to eu-central-1. */
const LATENCY_REGIONS = [
  'us-east-1',
  'us-west-2',
  'eu-west-2',
  'eu-central-1',
  'ap-southeast-1',
  'sa-east-1',
];
const ECS_DE = { code: 8, data: Buffer.from([0, 1, 24, 0, 2, 28, 7]) };

export interface QueryKind {
  readonly name: string;
  readonly wire: Uint8Array;
  /** Why the reply is not the expected answer, or null when it is. */
  readonly check: (reply: Reply) => string | null;
}

/** The data of every answer of `type`, as text. */
const answerData = (reply: Reply, type: string) =>
  (reply.answers ?? []).flatMap((a) => (a.type === type && 'data' in a ? [String(a.data)] : []));

function expectA(expected: readonly string[], cname?: string) {
  return (reply: Reply): string | null => {
    if (reply.rcode !== 'NOERROR') return `rcode ${reply.rcode}`;
    if (cname && !answerData(reply, 'CNAME').includes(cname)) return `no CNAME to ${cname}`;
    const got = answerData(reply, 'A').sort().join(',');
    return got === [...expected].sort().join(',') ? null : `A ${got || 'none'}`;
  };
}

export const QUERY_KINDS: readonly QueryKind[] = [
  { name: 'simple A', wire: queryBytes(`www.${ZONE}`, 'A'), check: expectA(['192.0.2.1', '192.0.2.2']) },
  {
    name: 'CNAME → A',
    wire: queryBytes(`alias.${ZONE}`, 'A'),
    check: expectA(['192.0.2.1', '192.0.2.2'], `www.${ZONE}`),
  },
  {
    name: `latency-routed A (${LATENCY_REGIONS.length} regions, ECS)`,
    wire: queryBytes(`app.${ZONE}`, 'A', { edns: { options: [ECS_DE] } }),
    check: expectA([regionAddress('eu-central-1')]),
  },
  {
    name: 'forwarded A, cache hit',
    wire: queryBytes('cached.upstream.test', 'A'),
    check: expectA(['198.51.100.7']),
  },
];

function regionAddress(region: string): string {
  return `203.0.113.${LATENCY_REGIONS.indexOf(region) + 10}`;
}

/** The zone PUT and the change batch that adds the latency group. */
export function zoneFile(): string {
  return zoneText(ZONE, ['www A 192.0.2.1', 'www A 192.0.2.2', `alias CNAME www.${ZONE}.`].join('\n'));
}

export function latencyGroupBatch(): unknown {
  return {
    Changes: LATENCY_REGIONS.map((region) => ({
      Action: 'UPSERT',
      ResourceRecordSet: {
        Name: `app.${ZONE}`,
        Type: 'A',
        TTL: 60,
        SetIdentifier: region,
        Region: region,
        ResourceRecords: [{ Value: regionAddress(region) }],
      },
    })),
  };
}

/** A 100,000-record zone (the control-plane test's mix) and a name in it that answers A. */
export const LARGE_ZONE = 'big.test';
export const LARGE_ZONE_RECORDS = 100_000;
export function largeZoneFile(): string {
  return zoneText(LARGE_ZONE, largeZoneRecords(LARGE_ZONE_RECORDS - 2));
}
export const LARGE_ZONE_PROBE: QueryKind = {
  name: 'A in the 100,000-record zone',
  wire: queryBytes(`h50003.${LARGE_ZONE}`, 'A'),
  check: expectA(['10.0.195.83']),
};

/** POSTs one query to `url`/dns-query; the reason it is wrong, or null. */
export async function askOnce(url: string, kind: QueryKind): Promise<string | null> {
  try {
    const response = await fetch(`${url}/dns-query`, {
      method: 'POST',
      headers: { 'content-type': 'application/dns-message', accept: 'application/dns-message' },
      body: kind.wire,
    });
    if (response.status !== 200) return `HTTP ${response.status}`;
    return kind.check(decodeReply(new Uint8Array(await response.arrayBuffer())));
  } catch (error) {
    return (error as Error).message;
  }
}

/** Asks until every kind answers right (the snapshot is loaded, the cache warm), or throws. */
export async function waitUntilAnswered(
  url: string,
  kinds: readonly QueryKind[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problems = (await Promise.all(kinds.map((k) => askOnce(url, k)))).flatMap((p, i) =>
      p === null ? [] : [`${kinds[i]!.name}: ${p}`],
    );
    if (problems.length === 0) return;
    if (Date.now() > deadline) throw new Error(`not answered after ${timeoutMs} ms: ${problems.join('; ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The local upstream, answering the forwarding scenario with a long TTL (cache hits once warm). */
export async function startScenarioUpstream(): Promise<{ upstream: UpstreamServer; base: string }> {
  const upstream = await startUpstreamServer();
  const base = `http://127.0.0.1:${upstream.port}`;
  await fetch(`${base}/_control/${UPSTREAM_SCENARIO}`, {
    method: 'POST',
    body: JSON.stringify({ behaviour: 'answer', ttl: 3600 }),
  });
  return { upstream, base };
}

/** edgesteer's vars for the scenario: the admin token, forwarding to the local upstream. */
export function scenarioVars(token: string, upstreamBase: string): Record<string, string> {
  return {
    ADMIN_TOKEN: token,
    HEALTH_TICK_ON_WRITE: 'false',
    FORWARDING: 'on',
    UPSTREAMS: `${upstreamBase}/${UPSTREAM_SCENARIO}/dns-query`,
    FORWARD_ALLOW_INSECURE_UPSTREAMS: 'true',
  };
}

/** Loads the scenario's zone and latency group through the API; returns once every kind answers. */
export async function loadScenario(server: Runtime, token: string): Promise<void> {
  await api(server, token, 'PUT', `/zones/${ZONE}`, zoneFile(), 'text/dns');
  await api(server, token, 'POST', `/zones/${ZONE}/changes`, latencyGroupBatch(), 'application/json');
  await waitUntilAnswered(server.url, QUERY_KINDS, 30_000);
}
