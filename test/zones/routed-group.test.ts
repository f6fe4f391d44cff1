/** Record groups compiled at snapshot load into one variant per policy (policy/group.ts). */
import { describe, expect, it } from 'vitest';
import type { Routing } from '../../src/zones/model';
import { compileGroup, type MemberSource } from '../../src/zones/routed-group';
import { A, routedIndex, SOA_ZONE } from '../support/routed';

const source = (setId: string, routing: Routing | null): MemberSource => ({
  setId,
  ttl: 60,
  rdata: [],
  routing,
  alias: null,
  healthCheckId: null,
});

describe('compileGroup', () => {
  it('failover: primary and secondary named, members sorted by SetIdentifier, the same objects', () => {
    const g = compileGroup(
      [
        source('s', { kind: 'failover', role: 'SECONDARY' }),
        source('p', { kind: 'failover', role: 'PRIMARY' }),
      ],
      'closed',
    );
    if (g.policy !== 'failover') throw new Error(`compiled as ${g.policy}`);
    expect(g.members.map((m) => m.setId)).toEqual(['p', 's']);
    expect(g.primary).toBe(g.members[0]);
    expect(g.secondary).toBe(g.members[1]);
    expect(g.failureMode).toBe('closed');
  });

  it('each member carries its own policy fields and no `routing`', () => {
    const g = compileGroup([source('w', { kind: 'weighted', weight: 7 })], 'open');
    expect(g).toEqual({
      policy: 'weighted',
      failureMode: 'open',
      members: [{ setId: 'w', ttl: 60, rdata: [], alias: null, healthCheckId: null, weight: 7 }],
    });
  });

  it('IP-based: the collection is the group’s, the location each member’s', () => {
    const g = compileGroup(
      [
        source('b', { kind: 'cidr', collectionId: 'c1', locationName: '*' }),
        source('a', { kind: 'cidr', collectionId: 'c1', locationName: 'office' }),
      ],
      'open',
    );
    if (g.policy !== 'cidr') throw new Error(`compiled as ${g.policy}`);
    expect(g.collectionId).toBe('c1');
    expect(g.members.map((m) => [m.setId, m.locationName])).toEqual([
      ['a', 'office'],
      ['b', '*'],
    ]);
  });

  it('a member of another policy than the group’s first is left out, never read with missing fields', () => {
    const g = compileGroup(
      [source('a', { kind: 'latency', region: 'eu-west-1' }), source('b', { kind: 'weighted', weight: 1 })],
      'open',
    );
    expect(g.policy).toBe('latency');
    expect(g.members.map((m) => m.setId)).toEqual(['a']);
  });

  it('no routing (a lone alias record set) is simple', () => {
    expect(compileGroup([source('', null)], 'open').policy).toBe('simple');
  });
});

describe('buildZoneIndex compiles routed groups', () => {
  it('members of one name and type become one group in the RRset, at the first member’s place', () => {
    const index = routedIndex({ 'example.': SOA_ZONE('example.') }, [
      {
        name: 'www.example.',
        type: 'A',
        values: ['192.0.2.1'],
        setId: 'y',
        routing: { kind: 'weighted', weight: 1 },
      },
      {
        name: 'www.example.',
        type: 'A',
        values: ['192.0.2.2'],
        setId: 'x',
        routing: { kind: 'weighted', weight: 3 },
      },
    ]);
    const rrsets = index.zones.get('example.')!.nodes.get('www.example.')!.rrsets;
    expect(rrsets.length).toBe(1);
    const g = rrsets[0]!.routed;
    expect(rrsets[0]!.type).toBe(A);
    if (g?.policy !== 'weighted') throw new Error(`compiled as ${g?.policy}`);
    expect(g.members.map((m) => [m.setId, m.weight])).toEqual([
      ['x', 3],
      ['y', 1],
    ]);
  });
});
