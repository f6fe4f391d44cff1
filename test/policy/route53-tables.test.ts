/** The Route 53 behaviour tables of docs/routing-semantics.md §4, one row per case. */
import { describe, expect, it } from 'vitest';
import type { ClientLocation } from '../../src/location/types';
import { buildCidrIndex, matchCidr } from '../../src/policy/cidr-index';
import { biasedDistance } from '../../src/policy/geoproximity';
import { select } from '../../src/policy/select';
import { context, group, member } from '../support/policy';

const ids = (sel: { members: readonly { setId: string }[] }) => sel.members.map((m) => m.setId).sort();

describe('weighted (§4.2): weights 1, 1, 0', () => {
  const w = (setId: string, weight: number, check = true) =>
    member(setId, { kind: 'weighted', weight }, check ? {} : { healthCheckId: null });
  const rows: { name: string; unhealthy: string[]; noCheckOn3?: boolean; answers: string[] }[] = [
    { name: 'U U H → #3 only', unhealthy: ['w1', 'w2'], answers: ['w3'] },
    {
      name: 'U U U → #1 or #2, never #3 (fail-open among weight > 0)',
      unhealthy: ['w1', 'w2', 'w3'],
      answers: ['w1', 'w2'],
    },
    { name: 'U H U → #2', unhealthy: ['w1', 'w3'], answers: ['w2'] },
    { name: 'H H any → #1 or #2', unhealthy: ['w3'], answers: ['w1', 'w2'] },
    { name: 'U U no check → #3 only', unhealthy: ['w1', 'w2', 'w3'], noCheckOn3: true, answers: ['w3'] },
  ];
  it.each(rows.flatMap((r) => [true, false].map((explain) => ({ ...r, explain }))))(
    '$name (explain: $explain)',
    (row) => {
      const g = group([w('w1', 1), w('w2', 1), w('w3', 0, !row.noCheckOn3)]);
      const seen = new Set<string>();
      for (let seed = 1; seed <= 200; seed++) {
        for (const id of ids(select(g, context({ unhealthy: row.unhealthy, seed, explain: row.explain }))))
          seen.add(id);
      }
      expect([...seen].sort()).toEqual(row.answers);
    },
  );

  it.each([true, false])('every weight 0: all equally likely (explain: %s)', (explain) => {
    const g = group([w('a', 0), w('b', 0)]);
    const counts = { a: 0, b: 0 };
    const ctx = context({ seed: 7, explain });
    for (let i = 0; i < 10_000; i++) counts[select(g, ctx).members[0]!.setId as 'a' | 'b']++;
    expect(Math.abs(counts.a - 5000)).toBeLessThan(300);
  });

  it.each([true, false])(
    '100,000 draws land within 1%% of the configured shares (70/20/10; explain: %s)',
    (explain) => {
      const g = group([w('a', 70), w('b', 20), w('c', 10)]);
      const ctx = context({ seed: 2026, explain });
      const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
      for (let i = 0; i < 100_000; i++) counts[select(g, ctx).members[0]!.setId]!++;
      expect(Math.abs(counts.a! / 100_000 - 0.7)).toBeLessThan(0.01);
      expect(Math.abs(counts.b! / 100_000 - 0.2)).toBeLessThan(0.01);
      expect(Math.abs(counts.c! / 100_000 - 0.1)).toBeLessThan(0.01);
    },
  );

  it('is random: tailored, no location', () => {
    const sel = select(group([w('a', 1), w('b', 1)]), context());
    expect(sel.byChance).toBe(true);
    expect(sel.byLocation).toBe(false);
  });
});

describe('failover (§4.4)', () => {
  const g = (secondaryCheck = true) =>
    group([
      member('p', { kind: 'failover', role: 'PRIMARY' }),
      member('s', { kind: 'failover', role: 'SECONDARY' }, secondaryCheck ? {} : { healthCheckId: null }),
    ]);
  it.each([
    ['primary healthy → primary, whatever the secondary', ['s'], 'p'],
    ['primary unhealthy, secondary healthy → secondary', ['p'], 's'],
    ['both unhealthy → primary (fail-open)', ['p', 's'], 'p'],
  ])('%s', (_, unhealthy, answer) => {
    expect(ids(select(g(), context({ unhealthy: unhealthy as string[] })))).toEqual([answer]);
  });
  it('a secondary without a check serves whenever the primary is unhealthy', () => {
    expect(ids(select(g(false), context({ unhealthy: ['p', 's'] })))).toEqual(['s']);
  });
  it('is not tailored', () => {
    const sel = select(g(), context());
    expect(sel.byLocation || sel.byChance).toBe(false);
  });
});

describe('geolocation (§4.5)', () => {
  const g = group([
    member('us-ca', { kind: 'geolocation', country: 'US', subdivision: 'CA' }),
    member('us', { kind: 'geolocation', country: 'US' }),
    member('na', { kind: 'geolocation', continent: 'NA' }),
    member('star', { kind: 'geolocation', country: '*' }),
  ]);
  const at = (l: Partial<ClientLocation>) => ({ location: { source: 'cf', ...l } as ClientLocation });
  it.each([
    ['subdivision beats country', { country: 'US', continent: 'NA', subdivision: 'CA' }, [], 'us-ca'],
    [
      'a US client with no state member → US',
      { country: 'US', continent: 'NA', subdivision: 'TX' },
      [],
      'us',
    ],
    ['country beats continent', { country: 'US', continent: 'NA' }, [], 'us'],
    ['continent when the country has no member', { country: 'CA', continent: 'NA' }, [], 'na'],
    ['* for everyone else', { country: 'DE', continent: 'EU' }, [], 'star'],
    ['unlocatable → *', {}, [], 'star'],
    [
      'unhealthy subdivision walks up to the country',
      { country: 'US', continent: 'NA', subdivision: 'CA' },
      ['us-ca'],
      'us',
    ],
    [
      'chain all unhealthy → its most specific member (fail-open)',
      { country: 'US', continent: 'NA', subdivision: 'CA' },
      ['us-ca', 'us', 'na', 'star'],
      'us-ca',
    ],
  ] as const)('%s', (_, where, unhealthy, answer) => {
    expect(ids(select(g, context({ ...at(where), unhealthy: [...unhealthy] })))).toEqual([answer]);
  });
  it('no match and no * → NODATA, still location-dependent', () => {
    const noDefault = group([member('us', { kind: 'geolocation', country: 'US' })]);
    const sel = select(noDefault, context(at({ country: 'FR', continent: 'EU' })));
    expect(sel.members).toEqual([]);
    expect(sel.byLocation).toBe(true);
  });
});

describe('geoproximity (§4.6)', () => {
  it('bias: +50 halves, −50 doubles', () => {
    expect(biasedDistance(150, 50)).toBe(75);
    expect(biasedDistance(100, -50)).toBe(200);
  });
  it('A 150 km away with bias +50 (75 km) beats B at 100 km', () => {
    // Client on the equator at 0°E; 1° of longitude there is ≈ 111.2 km.
    const km = (d: number) => d / 111.195;
    const g = group([
      member('A', { kind: 'geoproximity', coordinates: { latitude: 0, longitude: km(150) }, bias: 50 }),
      member('B', { kind: 'geoproximity', coordinates: { latitude: 0, longitude: -km(100) }, bias: 0 }),
    ]);
    const where = { source: 'cf', latitude: 0, longitude: 0 } as ClientLocation;
    expect(ids(select(g, context({ location: where })))).toEqual(['A']);
    const unbiased = group([
      member('A', { kind: 'geoproximity', coordinates: { latitude: 0, longitude: km(150) }, bias: 0 }),
      member('B', { kind: 'geoproximity', coordinates: { latitude: 0, longitude: -km(100) }, bias: 0 }),
    ]);
    expect(ids(select(unbiased, context({ location: where })))).toEqual(['B']);
  });
  it('no client coordinates: SetIdentifier order, first healthy', () => {
    const g = group([
      member('b', { kind: 'geoproximity', region: 'x', bias: 0 }),
      member('a', { kind: 'geoproximity', region: 'y', bias: 0 }),
    ]);
    expect(ids(select(g, context({ unhealthy: [] })))).toEqual(['a']);
    expect(ids(select(g, context({ unhealthy: ['a'] })))).toEqual(['b']);
  });
});

describe('latency (§4.3)', () => {
  const g = group([
    member('use1', { kind: 'latency', region: 'us-east-1' }),
    member('euc1', { kind: 'latency', region: 'eu-central-1' }),
    member('apne1', { kind: 'latency', region: 'ap-northeast-1' }),
  ]);
  const latencyMs = { 'us-east-1': 90, 'eu-central-1': 8, 'ap-northeast-1': 240 };
  it('the lowest-latency healthy region wins', () => {
    expect(ids(select(g, context({ latencyMs })))).toEqual(['euc1']);
  });
  it.each([true, false])('best region unhealthy → next best (explain: %s)', (explain) => {
    expect(ids(select(g, context({ latencyMs, unhealthy: ['euc1'], explain })))).toEqual(['use1']);
    expect(ids(select(g, context({ latencyMs, unhealthy: ['euc1', 'use1'], explain })))).toEqual(['apne1']);
  });
  it.each([true, false])('ties go to the lower region id (explain: %s)', (explain) => {
    const tie = { 'us-east-1': 50, 'eu-central-1': 50, 'ap-northeast-1': 50 };
    expect(ids(select(g, context({ latencyMs: tie, explain })))).toEqual(['apne1']);
  });
  it.each([true, false])('no latency figure at all: SetIdentifier order (explain: %s)', (explain) => {
    expect(ids(select(g, context({ explain })))).toEqual(['apne1']);
    expect(ids(select(g, context({ explain, unhealthy: ['apne1'] })))).toEqual(['euc1']);
  });
  it('all unhealthy → the best region (fail-open)', () => {
    const sel = select(g, context({ latencyMs, unhealthy: ['use1', 'euc1', 'apne1'] }));
    expect(ids(sel)).toEqual(['euc1']);
    expect(sel.failure).toBe('open');
  });
});

describe('multivalue (§4.7)', () => {
  const many = (n: number) =>
    group(
      Array.from({ length: n }, (_, i) => member(`m${String(i).padStart(2, '0')}`, { kind: 'multivalue' })),
    );
  it('≤ 8 healthy → all of them, not tailored', () => {
    const sel = select(many(8), context());
    expect(sel.members).toHaveLength(8);
    expect(sel.byChance).toBe(false);
  });
  it('> 8 healthy → a random 8, tailored; different clients see different sets', () => {
    const a = select(many(12), context({ seed: 1 }));
    const b = select(many(12), context({ seed: 99 }));
    expect(a.members).toHaveLength(8);
    expect(a.byChance).toBe(true);
    expect(ids(a)).not.toEqual(ids(b));
  });
  it('unhealthy members are left out', () => {
    expect(ids(select(many(3), context({ unhealthy: ['m01'] })))).toEqual(['m00', 'm02']);
  });
});

describe('IP-based (§4.8)', () => {
  const collections = [
    {
      id: 'c',
      name: 'c',
      locations: [
        { name: 'hq', cidrs: ['198.51.100.0/24', '2001:db8:1::/48'] },
        { name: 'region', cidrs: ['198.51.0.0/16', '2001:db8::/32'] },
        { name: 'lab', cidrs: ['198.51.100.128/25'] },
      ],
    },
  ];
  const index = buildCidrIndex(collections);
  const v4 = (a: number[], length: number) => ({ family: 4 as const, address: Uint8Array.of(...a), length });
  it.each([
    ['longest block wins', v4([198, 51, 100, 7], 32), 'hq', 25],
    // /17 of 198.51.7.0 still contains hq's 198.51.100.0/24; /18 no longer does.
    ['a longer query prefix inside a block matches it', v4([198, 51, 7, 0], 24), 'region', 18],
    // No block is as short as /8, so none can lie inside any /L of the query: L = 0 (§4.8).
    ['a query prefix shorter than every containing block matches none', v4([198, 0, 0, 0], 8), undefined, 0],
    ['the nested /25 wins inside the /24', v4([198, 51, 100, 200], 32), 'lab', 25],
  ])('%s', (_, network, location, scope) => {
    const m = matchCidr(index, 'c', network);
    expect(m.location).toBe(location);
    expect(m.scope).toBe(scope);
  });
  it('IPv6: 2001:db8:0:1234::/56 query inside 2001:db8::/32', () => {
    const address = new Uint8Array(16);
    address.set([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0x12, 0x34]);
    expect(matchCidr(index, 'c', { family: 6, address, length: 56 }).location).toBe('region');
  });
  it('matched member unhealthy → the * member; no match and no * → NODATA', () => {
    const g = group([
      member('hq', { kind: 'cidr', collectionId: 'c', locationName: 'hq' }),
      member('rest', { kind: 'cidr', collectionId: 'c', locationName: '*' }),
    ]);
    const at = { source: 'ecs', network: v4([198, 51, 100, 9], 32) } as ClientLocation;
    expect(ids(select(g, context({ location: at, collections })))).toEqual(['hq']);
    expect(ids(select(g, context({ location: at, collections, unhealthy: ['hq'] })))).toEqual(['rest']);
    const noStar = group([member('hq', { kind: 'cidr', collectionId: 'c', locationName: 'hq' })]);
    const elsewhere = { source: 'ecs', network: v4([203, 0, 113, 1], 32) } as ClientLocation;
    expect(select(noStar, context({ location: elsewhere, collections })).members).toEqual([]);
  });
});
