/**
 * Routed groups through the whole resolver: the client located from ECS (real geolocation table),
 * health from a health snapshot, aliases nesting policies into a tree, failure modes, ECS scope,
 * Cache-Control, and the explain trace.
 */
import { describe, expect, it } from 'vitest';
import { EMPTY_LATENCY_INDEX } from '../../src/latency/latency-index';
import { lookupCountry } from '../../src/location/geoip';
import { cacheControlOf } from '../../src/resolver/cache-control';
import { MAX_ALIAS_DEPTH } from '../../src/resolver/routing';
import { healthViewOf, type Signals } from '../../src/resolver/signals';
import { newTrace } from '../../src/resolver/trace';
import { ask, queryBytes } from '../support/dns';
import { POLICY_TREE } from '../support/policy-fixtures';
import { routedIndex, SOA_ZONE } from '../support/routed';

const ecs = (a: number[], source: number) => ({
  code: 8,
  data: Buffer.from([0, 1, source, 0, ...a.slice(0, Math.ceil(source / 8))]),
});
const PREFIX = { DE: [2, 28, 7, 0], US: [2, 1, 0, 0], JP: [1, 5, 7, 0], BR: [4, 160, 9, 0] } as const;

function signals(unhealthy: string[] = []): Signals {
  const checks = Object.fromEntries(
    unhealthy.map((id) => [id, { healthy: false, since: '2026-01-01T00:00:00Z', source: 'manual' as const }]),
  );
  return {
    health: healthViewOf({ format: 1, version: 3, updatedAt: '', checks }),
    latency: EMPTY_LATENCY_INDEX,
    latencyVersion: 0,
  };
}

const latency = (setId: string, region: string, ip: string) => ({
  name: 'app.example.',
  type: 'A',
  ttl: 60,
  values: [ip],
  setId,
  routing: { kind: 'latency' as const, region },
  healthCheckId: `hc-${setId}`,
});

const zones = routedIndex({ 'example.': SOA_ZONE('example.') }, [
  latency('virginia', 'us-east-1', '192.0.2.1'),
  latency('frankfurt', 'eu-central-1', '192.0.2.2'),
  latency('tokyo', 'ap-northeast-1', '192.0.2.3'),
  latency('saopaulo', 'sa-east-1', '192.0.2.4'),
]);

function appA(prefix: readonly number[], extras: Parameters<typeof ask>[3] = {}) {
  return ask(zones, queryBytes('app.example', 'A', { edns: { options: [ecs([...prefix], 24)] } }), false, {
    signals: signals(),
    ...extras,
  });
}

describe('latency routing by ECS (issue: "vary only the ECS subnet")', () => {
  it.each([
    ['DE', '192.0.2.2'],
    ['US', '192.0.2.1'],
    ['JP', '192.0.2.3'],
    ['BR', '192.0.2.4'],
  ] as const)('a %s subnet gets its nearest region', (country, ip) => {
    const { reply, resolution } = appA(PREFIX[country]);
    expect(reply.answers?.map((a) => (a as { data: string }).data)).toEqual([ip]);
    expect(cacheControlOf(resolution)).toBe('private, max-age=60');
  });

  it('echoes ECS with the scope the geolocation table proves (≤ SOURCE)', () => {
    const { wire } = appA(PREFIX.DE);
    const expected = Math.min(lookupCountry(Uint8Array.of(2, 28, 7, 0))!.scope, 24);
    expect(expected).toBeGreaterThan(0);
    expect(wire.at(-4)).toBe(expected); // … FAMILY(2) SOURCE SCOPE ADDRESS(3): SCOPE is 4th from the end
  });

  it('the best region unhealthy → the next best; all unhealthy → the best (fail-open)', () => {
    const next = ask(
      zones,
      queryBytes('app.example', 'A', { edns: { options: [ecs([...PREFIX.DE], 24)] } }),
      false,
      { signals: signals(['hc-frankfurt']) },
    );
    expect(next.reply.answers?.map((a) => (a as { data: string }).data)).not.toContain('192.0.2.2');
    const all = ['hc-virginia', 'hc-frankfurt', 'hc-tokyo', 'hc-saopaulo'];
    const open = ask(
      zones,
      queryBytes('app.example', 'A', { edns: { options: [ecs([...PREFIX.DE], 24)] } }),
      false,
      { signals: signals(all) },
    );
    expect(open.reply.answers?.map((a) => (a as { data: string }).data)).toEqual(['192.0.2.2']);
  });

  it('private ECS: located by the connecting client; scope is the covering private block', () => {
    const { reply, wire } = ask(
      zones,
      queryBytes('app.example', 'A', { edns: { options: [ecs([10, 1, 2, 0], 24)] } }),
      false,
      {
        signals: signals(),
        client: { cf: { colo: 'NRT', country: 'JP', continent: 'AS', latitude: '35.6', longitude: '139.7' } },
      },
    );
    expect(reply.answers?.map((a) => (a as { data: string }).data)).toEqual(['192.0.2.3']);
    expect(wire.at(-4)).toBe(8); // SCOPE = 8 for 10/8
  });

  it('request.cf alone (a browser talking DoH directly) locates the user', () => {
    const { reply } = ask(zones, queryBytes('app.example', 'A'), false, {
      signals: signals(),
      client: { cf: { colo: 'GRU', country: 'BR', continent: 'SA' } },
    });
    expect(reply.answers?.map((a) => (a as { data: string }).data)).toEqual(['192.0.2.4']);
  });
});

describe('policy trees through aliases (geolocation → latency → weighted → failover)', () => {
  const tree = routedIndex({ 'example.': SOA_ZONE('example.') }, POLICY_TREE);
  const q = (prefix: readonly number[], unhealthy: string[] = [], seed = 0.2) => {
    const trace = newTrace();
    const r = ask(
      tree,
      queryBytes('www.example', 'A', { edns: { options: [ecs([...prefix], 24)] } }),
      false,
      {
        signals: signals(unhealthy),
        random: () => seed,
        trace,
      },
    );
    return { ...r, data: r.reply.answers?.map((a) => (a as { data: string }).data), trace };
  };

  it('a German client walks all four levels; the answer is owned by QNAME with the target TTL', () => {
    const { data, reply, trace } = q(PREFIX.DE);
    expect(data).toEqual(['198.51.100.1']);
    expect(reply.answers?.[0]).toMatchObject({ name: 'www.example', ttl: 30 });
    expect(trace.steps.map((s) => s.policy)).toEqual(['geolocation', 'latency', 'weighted', 'failover']);
  });

  it('failover inside the tree: primary down → secondary', () => {
    expect(q(PREFIX.DE, ['a-p']).data).toEqual(['198.51.100.2']);
  });

  it('EvaluateTargetHealth: a whole branch down is skipped at the level above', () => {
    // Both pairs in Frankfurt down → pool-fra unhealthy → latency takes Dublin (→ the US pool).
    expect(q(PREFIX.DE, ['a-p', 'a-s', 'b-p', 'b-s']).data).toEqual(['203.0.113.9']);
  });

  it('a US client takes the default branch', () => {
    expect(q(PREFIX.US).data).toEqual(['203.0.113.9']);
  });

  it('the trace names the location signal, candidates with health and latency, the rule, versions', () => {
    const { trace } = q(PREFIX.DE, ['a-p']);
    expect(trace.location?.source).toBe('ecs');
    expect(trace.location?.country).toBe('DE');
    const lat = trace.steps[1]!;
    expect(lat.candidates.map((c) => c.facts.latencySource)).toEqual(['estimated', 'estimated']);
    const fo = trace.steps.at(-1)!;
    expect(fo.rule).toMatch(/primary is unhealthy/);
    expect(fo.candidates.find((c) => c.setId === 'p')?.health).toMatch(/unhealthy/);
  });
});

describe('failure modes and NODATA from a policy', () => {
  const geo = routedIndex({ 'example.': SOA_ZONE('example.') }, [
    {
      name: 'geo.example.',
      type: 'A',
      values: ['192.0.2.7'],
      setId: 'us',
      routing: { kind: 'geolocation', country: 'US' },
      healthCheckId: 'us',
      failureMode: 'closed',
    },
  ]);
  it('no geolocation match and no *: NODATA with SOA, private, ECS scope 0', () => {
    const { reply, resolution, wire } = ask(
      geo,
      queryBytes('geo.example', 'A', { edns: { options: [ecs([...PREFIX.DE], 24)] } }),
      false,
      { signals: signals() },
    );
    expect(reply.rcode).toBe('NOERROR');
    expect(reply.answers).toEqual([]);
    expect(reply.authorities?.[0]?.type).toBe('SOA');
    expect(cacheControlOf(resolution)).toBe('private, max-age=60');
    expect(wire.at(-4)).toBe(0);
  });
  it('fail-closed with its only candidate unhealthy: NODATA', () => {
    const { reply } = ask(
      geo,
      queryBytes('geo.example', 'A', { edns: { options: [ecs([...PREFIX.US], 24)] } }),
      false,
      { signals: signals(['us']) },
    );
    expect(reply.answers).toEqual([]);
  });
});

describe('health view', () => {
  it('check ids that are Object.prototype keys are just ids', () => {
    const view = healthViewOf({ format: 1, version: 1, updatedAt: '', checks: {} });
    expect(view.isHealthy('constructor')).toBe(true);
    expect(view.isHealthy('__proto__')).toBe(true);
    const down = healthViewOf(
      JSON.parse(
        '{"format":1,"version":2,"updatedAt":"","checks":{"__proto__":{"healthy":false,"since":"","source":"manual"}}}',
      ),
    );
    expect(down.isHealthy('__proto__')).toBe(false);
  });
});

describe('IP-based routing by ECS (§3, §4.8)', () => {
  const ipb = routedIndex(
    { 'example.': SOA_ZONE('example.') },
    [
      {
        name: 'ipb.example.',
        type: 'A',
        values: ['192.0.2.10'],
        setId: 'office',
        routing: { kind: 'cidr', collectionId: 'corp', locationName: 'office' },
      },
      {
        name: 'ipb.example.',
        type: 'A',
        values: ['192.0.2.20'],
        setId: 'rest',
        routing: { kind: 'cidr', collectionId: 'corp', locationName: '*' },
      },
    ],
    [{ id: 'corp', name: 'corp', locations: [{ name: 'office', cidrs: ['198.51.100.0/24'] }] }],
  );
  const askIpb = (prefix: number[], source: number) =>
    ask(ipb, queryBytes('ipb.example', 'A', { edns: { options: [ecs(prefix, source)] } }), false, {
      signals: signals(),
    });

  it('a documentation prefix only the CIDR map knows still locates the client (public ECS)', () => {
    const { reply, wire } = askIpb([198, 51, 100, 0], 24);
    expect(reply.answers?.map((a) => (a as { data: string }).data)).toEqual(['192.0.2.10']);
    expect(wire.at(-4)).toBe(24);
  });

  it('a prefix outside every block gets "*", and locations are not mixed up between prefixes', () => {
    expect(askIpb([2, 28, 7, 0], 24).reply.answers?.map((a) => (a as { data: string }).data)).toEqual([
      '192.0.2.20',
    ]);
    expect(askIpb([198, 51, 100, 0], 24).reply.answers?.map((a) => (a as { data: string }).data)).toEqual([
      '192.0.2.10',
    ]);
  });
});

describe('aliases nested too deep (docs/routing-semantics.md §4.9)', () => {
  /** `n` simple aliases a0 → a1 → … → a(n-1) → a plain A at a(n). */
  function chain(n: number) {
    const sets = Array.from({ length: n }, (_, i) => ({
      name: `a${i}.example.`,
      type: 'A',
      alias: { name: `a${i + 1}.example.`, evaluateTargetHealth: false },
    }));
    return routedIndex({ 'example.': `${SOA_ZONE('example.')}a${n} A 192.0.2.77\n` }, sets);
  }
  const a0 = (n: number) => ask(chain(n), queryBytes('a0.example', 'A'), false, { signals: signals() });

  it(`${MAX_ALIAS_DEPTH + 1} nested aliases still answer with the last target`, () => {
    const { reply } = a0(MAX_ALIAS_DEPTH + 1);
    expect(reply.rcode).toBe('NOERROR');
    expect(reply.answers?.map((a) => (a as { data: string }).data)).toEqual(['192.0.2.77']);
  });

  it('one more is SERVFAIL, as an outcome rather than an exception', () => {
    const { reply } = a0(MAX_ALIAS_DEPTH + 2);
    expect(reply.rcode).toBe('SERVFAIL');
    expect(reply.answers ?? []).toEqual([]);
  });
});

describe('request.cf is read only when it locates the client', () => {
  /** A client whose request.cf counts its reads (reading it costs workerd a few µs). */
  function countingClient() {
    const client = {
      reads: 0,
      get cf() {
        client.reads++;
        return { colo: 'FRA', country: 'DE', latitude: '50.1', longitude: '8.7' };
      },
      connectingIp: null,
    };
    return client;
  }
  it('a plain record and an ECS-located routed answer do not read it; a routed answer without ECS does', () => {
    const client = countingClient();
    const plain = routedIndex({ 'example.': `${SOA_ZONE('example.')}\nwww A 192.0.2.9\n` }, []);
    ask(plain, queryBytes('www.example', 'A'), false, { signals: signals(), client });
    expect(client.reads).toBe(0);
    // Twice: the first query locates the prefix, the second is an ECS location-cache hit.
    for (let i = 0; i < 2; i++) appA(PREFIX.JP, { client });
    expect(client.reads).toBe(0);
    const { reply } = ask(zones, queryBytes('app.example', 'A'), false, { signals: signals(), client });
    expect(client.reads).toBeGreaterThan(0);
    // Located from the counted request.cf (Frankfurt): the Frankfurt member.
    expect(reply.answers?.map((a) => (a as { data: string }).data)).toEqual(['192.0.2.2']);
  });
});
