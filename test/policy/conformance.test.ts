/**
 * One conformance suite run against every routing policy (docs/STYLE.md habit 5): each policy is given
 * the same situations (one record, unknown health, all unhealthy with either failure mode, an empty
 * group) through a factory that builds a valid group for it and a client it applies to.
 */
import { describe, expect, it } from 'vitest';
import type { ClientLocation } from '../../src/location/types';
import { select } from '../../src/policy/select';
import type { Routing } from '../../src/zones/model';
import type { MemberSource } from '../../src/zones/routed-group';
import { type ContextOptions, context, emptyGroup, group, member } from '../support/policy';

interface PolicyCase {
  readonly name: string;
  /** Routing for the i-th member of a group. */
  readonly routing: (i: number) => Routing;
  /** Options under which every member applies to the client. */
  readonly client: ContextOptions;
  /** Whether the pick depends on where the client is. */
  readonly byLocation: boolean;
}

const CLIENT: ClientLocation = {
  source: 'ecs',
  country: 'DE',
  continent: 'EU',
  latitude: 50.1,
  longitude: 8.7,
  network: { family: 4, address: Uint8Array.of(198, 51, 100, 0), length: 24 },
};

const CASES: PolicyCase[] = [
  { name: 'weighted', routing: (i) => ({ kind: 'weighted', weight: 10 + i }), client: {}, byLocation: false },
  {
    name: 'latency',
    routing: (i) => ({ kind: 'latency', region: `r${i}` }),
    client: { location: CLIENT, latencyMs: { r0: 10, r1: 20, r2: 30 } },
    byLocation: true,
  },
  {
    name: 'failover',
    routing: (i) => ({ kind: 'failover', role: i === 0 ? 'PRIMARY' : 'SECONDARY' }),
    client: {},
    byLocation: false,
  },
  {
    name: 'geolocation',
    routing: (i) => ({
      kind: 'geolocation',
      ...[{ country: 'DE' }, { continent: 'EU' }, { country: '*' }][i],
    }),
    client: { location: CLIENT },
    byLocation: true,
  },
  {
    name: 'geoproximity',
    routing: (i) => ({ kind: 'geoproximity', coordinates: { latitude: 50 + i, longitude: 8 }, bias: 0 }),
    client: { location: CLIENT },
    byLocation: true,
  },
  { name: 'multivalue', routing: () => ({ kind: 'multivalue' }), client: {}, byLocation: false },
  {
    name: 'IP-based',
    routing: (i) => ({ kind: 'cidr', collectionId: 'c1', locationName: ['office', 'europe', '*'][i]! }),
    client: {
      location: CLIENT,
      collections: [
        {
          id: 'c1',
          name: 'c1',
          locations: [
            { name: 'office', cidrs: ['198.51.100.0/24'] },
            { name: 'europe', cidrs: ['198.51.0.0/16'] },
          ],
        },
      ],
    },
    byLocation: true,
  },
];

const membersOf = (c: PolicyCase, n: number): MemberSource[] =>
  Array.from({ length: n }, (_, i) => member(`m${i}`, c.routing(i)));

// Every case runs twice: explaining (words and candidate views) and on the hot path, which takes
// shortcuts of its own and is what answers real queries.
const MODES = CASES.flatMap((c) => [
  { ...c, mode: 'explaining', client: { ...c.client, explain: true } },
  { ...c, mode: 'hot path', client: { ...c.client, explain: false } },
]);

describe.each(MODES)('$name policy conformance ($mode)', (c) => {
  it('one record: answers with it', () => {
    const sel = select(group(membersOf(c, 1)), context(c.client));
    expect(sel.members.map((m) => m.setId)).toEqual(['m0']);
    expect(sel.failure).toBe('none');
    expect(sel.byLocation).toBe(c.byLocation);
  });

  it('unknown health (no check) counts healthy', () => {
    const members = membersOf(c, 2).map((m) => ({ ...m, healthCheckId: null }));
    const sel = select(group(members), context({ ...c.client, unhealthy: ['m0', 'm1'] }));
    expect(sel.members.length).toBeGreaterThan(0);
    expect(sel.failure).toBe('none');
  });

  it('a check with no result yet counts healthy', () => {
    const members = membersOf(c, 2).map((m) => ({ ...m, healthCheckId: `new-${m.setId}` }));
    const sel = select(group(members), context({ ...c.client, unhealthy: ['m0', 'm1'] }));
    expect(sel.members.length).toBeGreaterThan(0);
    expect(sel.failure).toBe('none');
  });

  it('all unhealthy, fail-open: still answers, and says the failure mode fired', () => {
    const sel = select(group(membersOf(c, 3)), context({ ...c.client, unhealthy: ['m0', 'm1', 'm2'] }));
    expect(sel.members.length).toBeGreaterThan(0);
    expect(sel.failure).toBe('open');
  });

  it('all unhealthy, fail-closed: NODATA', () => {
    const sel = select(
      group(membersOf(c, 3), 'closed'),
      context({ ...c.client, unhealthy: ['m0', 'm1', 'm2'] }),
    );
    expect(sel.members).toEqual([]);
    expect(sel.failure).toBe('closed');
  });

  it('an unhealthy first choice passes to a healthy one', () => {
    const all = select(group(membersOf(c, 3)), context(c.client));
    const first = all.members[0]!.setId;
    const sel = select(group(membersOf(c, 3)), context({ ...c.client, unhealthy: [first] }));
    expect(sel.members.map((m) => m.setId)).not.toContain(first);
    expect(sel.failure).toBe('none');
  });

  it('an empty group is NODATA, never an exception', () => {
    const sel = select(emptyGroup(membersOf(c, 1)[0]!.routing!.kind), context(c.client));
    expect(sel.members).toEqual([]);
  });

  it('lists every candidate for the explain trace (only when explaining)', () => {
    const sel = select(group(membersOf(c, 3)), context(c.client));
    if (c.client.explain) {
      expect(sel.candidates.length).toBeGreaterThan(0);
      expect(sel.rule.length).toBeGreaterThan(5);
    } else {
      expect(sel.candidates).toEqual([]);
    }
  });

  it('picks the same member whether explaining or not', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const a = select(group(membersOf(c, 3)), context({ ...c.client, seed, explain: true }));
      const b = select(group(membersOf(c, 3)), context({ ...c.client, seed, explain: false }));
      expect(b.members.map((m) => m.setId)).toEqual(a.members.map((m) => m.setId));
    }
  });
});
