/**
 * Routing rules of the control plane (docs/routing-semantics.md §1, §4): one row per rule, with the
 * exact path of the problem in a whole-zone write (`owner./TYPE` for a group, `owner./TYPE/SetId`
 * for a member).
 */
import { describe, expect, it } from 'vitest';
import { problemsForPut } from '../../src/control/validation/problem-paths';
import { EMPTY_CONTEXT, type ValidationContext, validateZone } from '../../src/control/validation/validate';
import type { AliasTarget, RecordSet, Routing } from '../../src/zones/model';
import { set } from '../support/control-zones';

const APEX = 'example.com.';
const BASE = [
  set(APEX, 'SOA', 300, ['ns1.example.net. hostmaster.example.net. 1 7200 900 1209600 300']),
  set(APEX, 'NS', 300, ['ns1.example.net.', 'ns2.example.net.']),
];

const CONTEXT: ValidationContext = {
  ...EMPTY_CONTEXT,
  regions: new Set(['edge-lab']),
  cidrCollections: new Map([['corp', new Set(['office', 'vpn'])]]),
};

/** A routed member: `member('www', 'Seattle', { kind: 'weighted', weight: 1 })`. */
function member(label: string, id: string, routing: Routing, extra: Partial<RecordSet> = {}): RecordSet {
  const name = label === '@' ? APEX : `${label}.${APEX}`;
  return { ...set(name, 'A', 60, ['192.0.2.1']), setIdentifier: id, routing, ...extra };
}

function alias(label: string, target: string, extra: Partial<RecordSet> = {}, type = 'A'): RecordSet {
  const name = label === '@' ? APEX : `${label}.${APEX}`;
  const to: AliasTarget = { hostedZoneId: 'Z1', dnsName: target, evaluateTargetHealth: false };
  return { ...set(name, type, 0, []), alias: to, ...extra };
}

const weighted = (weight: number): Routing => ({ kind: 'weighted', weight });
const latency = (region: string): Routing => ({ kind: 'latency', region });
const geo = (g: Omit<Extract<Routing, { kind: 'geolocation' }>, 'kind'>): Routing => ({
  kind: 'geolocation',
  ...g,
});
const cidr = (collectionId: string, locationName: string): Routing => ({
  kind: 'cidr',
  collectionId,
  locationName,
});

function problems(sets: RecordSet[], context: ValidationContext = CONTEXT) {
  return problemsForPut(validateZone({ name: APEX, recordSets: [...BASE, ...sets] }, context));
}

const CASES: { rule: string; sets: RecordSet[]; want: { path: string; message: string }[] }[] = [
  {
    rule: 'mixed policies in one group (weighted with latency)',
    sets: [member('www', 'a', weighted(1)), member('www', 'b', latency('us-east-1'))],
    want: [
      {
        path: 'www.example.com./A',
        message:
          'www.example.com. A mixes routing policies: Weight (a) and Region (b); one policy per name and type',
      },
    ],
  },
  {
    rule: 'a simple record set beside routed members',
    sets: [set('www.example.com.', 'A', 60, ['192.0.2.9']), member('www', 'a', weighted(1))],
    want: [
      {
        path: 'www.example.com./A',
        message:
          'a simple record set cannot share its name and type with routed record sets (a); every record set of www.example.com. A needs a SetIdentifier and the same routing policy',
      },
    ],
  },
  {
    rule: 'missing SetIdentifier on a routed member',
    sets: [{ ...set('www.example.com.', 'A', 60, ['192.0.2.1']), routing: weighted(1) }],
    want: [{ path: 'www.example.com./A', message: 'SetIdentifier is required with Weight' }],
  },
  {
    rule: 'duplicate SetIdentifier in a group',
    sets: [member('www', 'a', weighted(1)), member('www', 'a', weighted(2), { values: ['192.0.2.2'] })],
    want: [{ path: 'www.example.com./A/a', message: 'the record set appears more than once' }],
  },
  {
    rule: 'SetIdentifier on a simple record set',
    sets: [{ ...set('www.example.com.', 'A', 60, ['192.0.2.1']), setIdentifier: 'lonely' }],
    want: [
      {
        path: 'www.example.com./A/lonely',
        message:
          'SetIdentifier is only for record sets with a routing policy (Weight, Region, Failover, GeoLocation, GeoProximityLocation, MultiValueAnswer or CidrRoutingConfig)',
      },
    ],
  },
  {
    rule: 'weighted members share one TTL',
    sets: [member('www', 'a', weighted(1)), member('www', 'b', weighted(1), { ttl: 300 })],
    want: [
      {
        path: 'www.example.com./A',
        message: 'weighted record sets of one name and type share one TTL (found a 60, b 300)',
      },
    ],
  },
  {
    rule: 'Weight 0–255',
    sets: [member('www', 'a', weighted(300)), member('www', 'b', weighted(-1))],
    want: [
      { path: 'www.example.com./A/a', message: 'Weight must be a whole number from 0 to 255 (got 300)' },
      { path: 'www.example.com./A/b', message: 'Weight must be a whole number from 0 to 255 (got -1)' },
    ],
  },
  {
    rule: 'two latency records in one region',
    sets: [member('api', 'east-a', latency('us-east-1')), member('api', 'east-b', latency('us-east-1'))],
    want: [
      {
        path: 'api.example.com./A/east-b',
        message: 'region us-east-1 already has a latency record set (east-a); one per region',
      },
    ],
  },
  {
    rule: 'latency region must be known (built-in or operator)',
    sets: [member('api', 'lab', latency('edge-lab')), member('api', 'mars', latency('mars-north-1'))],
    want: [
      {
        path: 'api.example.com./A/mars',
        message:
          'unknown region "mars-north-1": use a built-in region id or define it with PUT /api/v1/regions/mars-north-1',
      },
    ],
  },
  {
    rule: 'failover: one PRIMARY',
    sets: [
      member('app', 'p1', { kind: 'failover', role: 'PRIMARY' }),
      member('app', 'p2', { kind: 'failover', role: 'PRIMARY' }),
    ],
    want: [
      { path: 'app.example.com./A/p2', message: 'a failover group has one PRIMARY; p1 is PRIMARY already' },
    ],
  },
  {
    rule: 'overlapping geolocations',
    sets: [
      member('geo', 'us', geo({ country: 'US' })),
      member('geo', 'us-again', geo({ country: 'US' })),
      member('geo', 'ca', geo({ country: 'US', subdivision: 'CA' })),
      member('geo', 'default', geo({ country: '*' })),
    ],
    want: [
      {
        path: 'geo.example.com./A/us-again',
        message: 'overlapping geolocation: us already covers country US',
      },
    ],
  },
  {
    rule: 'geolocation codes',
    sets: [member('geo', 'x', geo({ continent: 'EU', country: 'FR' }))],
    want: [
      {
        path: 'geo.example.com./A/x',
        message: 'ContinentCode cannot be combined with CountryCode or SubdivisionCode',
      },
    ],
  },
  {
    rule: 'geoproximity: exactly one location, at most 30 members',
    sets: Array.from({ length: 31 }, (_, i) =>
      member('near', `n${String(i).padStart(2, '0')}`, {
        kind: 'geoproximity',
        coordinates: { latitude: i, longitude: i },
        bias: 0,
      }),
    ),
    want: [{ path: 'near.example.com./A', message: '31 geoproximity record sets; at most 30' }],
  },
  {
    rule: 'geoproximity: an unknown Local Zone group',
    sets: [member('near', 'x', { kind: 'geoproximity', localZoneGroup: 'us-east-1', bias: 0 })],
    want: [
      {
        path: 'near.example.com./A/x',
        message:
          'unknown Local Zone group "us-east-1": use a built-in region id or define it with PUT /api/v1/regions/us-east-1',
      },
    ],
  },
  {
    rule: 'at most 100 members',
    sets: Array.from({ length: 101 }, (_, i) =>
      member('many', `m${i}`, weighted(1), { values: [`10.0.0.${i}`] }),
    ),
    want: [
      { path: 'many.example.com./A', message: '101 record sets share many.example.com. A; at most 100' },
    ],
  },
  {
    rule: 'IP-based: one collection, known location, one member per location',
    sets: [
      member('ipb', 'office', cidr('corp', 'office')),
      member('ipb', 'office-2', cidr('corp', 'office')),
      member('ipb', 'lab', cidr('corp', 'lab')),
      member('ipb', 'other', cidr('other', '*')),
    ],
    want: [
      { path: 'ipb.example.com./A/lab', message: 'CIDR collection "corp" has no location "lab"' },
      {
        path: 'ipb.example.com./A/other',
        message: 'no CIDR collection "other" (create it with PUT /api/v1/cidr-collections/other)',
      },
      {
        path: 'ipb.example.com./A',
        message: 'IP-based record sets of one name and type use one CIDR collection (found corp, other)',
      },
      {
        path: 'ipb.example.com./A/office-2',
        message: 'location office already has a record set (office); one per location',
      },
    ],
  },
  {
    rule: 'FailureMode identical on every member',
    sets: [
      member('app', 'p', { kind: 'failover', role: 'PRIMARY' }, { failureMode: 'closed' }),
      member('app', 's', { kind: 'failover', role: 'SECONDARY' }),
    ],
    want: [
      {
        path: 'app.example.com./A',
        message: 'every member of a group has the same FailureMode (found p CLOSED, s OPEN)',
      },
    ],
  },
  {
    rule: 'CNAME beside other data, also for a routed CNAME group',
    sets: [
      {
        ...set('www.example.com.', 'CNAME', 60, ['a.example.net.']),
        setIdentifier: 'a',
        routing: weighted(1),
      },
      {
        ...set('www.example.com.', 'CNAME', 60, ['b.example.net.']),
        setIdentifier: 'b',
        routing: weighted(1),
      },
      set('www.example.com.', 'TXT', 60, ['"x"']),
    ],
    want: [
      {
        path: 'www.example.com./CNAME',
        message: 'a CNAME cannot share its owner name with other data (RFC 1034 §3.6.2, RFC 2181 §10.1)',
      },
    ],
  },
  {
    rule: 'alias to a missing target',
    sets: [alias('www', 'nowhere.example.com.')],
    want: [{ path: 'www.example.com./A', message: 'alias target nowhere.example.com. has no A record set' }],
  },
  {
    rule: 'alias to a name of another type',
    sets: [alias('www', 'mail.example.com.'), set('mail.example.com.', 'AAAA', 60, ['2001:db8::1'])],
    want: [{ path: 'www.example.com./A', message: 'alias target mail.example.com. has no A record set' }],
  },
  {
    rule: 'alias outside every hosted zone',
    sets: [alias('www', 'www.example.org.')],
    want: [{ path: 'www.example.com./A', message: 'alias target www.example.org. is not in a hosted zone' }],
  },
  {
    rule: 'an alias at the apex cannot point to a CNAME',
    sets: [alias('@', 'cdn.example.com.'), set('cdn.example.com.', 'CNAME', 60, ['edge.example.net.'])],
    want: [
      {
        path: 'example.com./A',
        message: 'an alias at the zone apex cannot point to a CNAME (cdn.example.com. is a CNAME)',
      },
    ],
  },
  {
    rule: 'alias has no TTL and no values',
    sets: [
      alias('www', 'web.example.com.', { ttl: 60, values: ['192.0.2.1'] }),
      set('web.example.com.', 'A', 60, ['192.0.2.2']),
    ],
    want: [
      { path: 'www.example.com./A', message: 'an alias record set has no ResourceRecords' },
      { path: 'www.example.com./A', message: "an alias record set has no TTL (the target's TTL is used)" },
    ],
  },
  {
    rule: 'alias loop',
    sets: [alias('a', 'b.example.com.'), alias('b', 'a.example.com.')],
    want: [
      {
        path: 'a.example.com./A',
        message: 'alias loop: a.example.com. A → b.example.com. A → a.example.com. A',
      },
    ],
  },
  {
    rule: 'alias loop through a CNAME',
    sets: [alias('a', 'b.example.com.'), set('b.example.com.', 'CNAME', 60, ['a.example.com.'])],
    want: [
      {
        path: 'a.example.com./A',
        message:
          'alias target b.example.com. is a CNAME, not A records; an alias points to a record group of its own type',
      },
      {
        path: 'a.example.com./A',
        message: 'alias loop: a.example.com. A → b.example.com. CNAME → a.example.com. A',
      },
    ],
  },
  {
    rule: 'alias CNAME loop through a plain CNAME',
    sets: [alias('a', 'b.example.com.', {}, 'CNAME'), set('b.example.com.', 'CNAME', 60, ['a.example.com.'])],
    want: [
      {
        path: 'a.example.com./CNAME',
        message: 'alias loop: a.example.com. CNAME → b.example.com. CNAME → a.example.com. CNAME',
      },
    ],
  },
  {
    rule: 'a weighted alias member pointing at its own group',
    sets: [
      member('www', 'self', weighted(1), {
        ttl: 0,
        values: [],
        alias: { hostedZoneId: 'Z1', dnsName: 'www.example.com.', evaluateTargetHealth: true },
      }),
      member('www', 'data', weighted(1)),
    ],
    want: [
      { path: 'www.example.com./A/self', message: 'alias loop: www.example.com. A → www.example.com. A' },
    ],
  },
  {
    rule: 'NS and SOA cannot be routed',
    sets: [
      { ...set('sub.example.com.', 'NS', 60, ['ns.example.net.']), setIdentifier: 'x', routing: weighted(1) },
    ],
    want: [{ path: 'sub.example.com./NS/x', message: 'NS record sets cannot have a routing policy' }],
  },
];

describe('validateZone: routing rules', () => {
  it.each(CASES)('$rule', ({ sets, want }) => {
    expect(problems(sets)).toEqual(want);
  });

  it('accepts every policy, aliases and chains', () => {
    const sets: RecordSet[] = [
      member('www', 'a', weighted(2)),
      member('www', 'b', weighted(0), { values: ['192.0.2.2'] }),
      member('api', 'iad', latency('us-east-1')),
      member('api', 'lab', latency('edge-lab')),
      member('geo', 'eu', geo({ continent: 'EU' })),
      member('geo', 'ca', geo({ country: 'US', subdivision: 'CA' })),
      member('geo', 'def', geo({ country: '*' })),
      member('near', 'x', { kind: 'geoproximity', region: 'us-west-2', bias: 20 }),
      member('near', 'y', { kind: 'geoproximity', localZoneGroup: 'us-west-2-lax-1', bias: -5 }),
      member('mv', '1', { kind: 'multivalue' }),
      member('ipb', 'o', cidr('corp', 'office')),
      member('ipb', 'd', cidr('corp', '*')),
      member(
        'app',
        'p',
        { kind: 'failover', role: 'PRIMARY' },
        {
          ttl: 0,
          values: [],
          alias: { hostedZoneId: 'Z', dnsName: 'api.example.com.', evaluateTargetHealth: true },
          failureMode: 'closed',
        },
      ),
      member('app', 's', { kind: 'failover', role: 'SECONDARY' }, { failureMode: 'closed' }),
      alias('@', 'www.example.com.'),
      alias('short', 'app.example.com.'),
      alias('media', 'cdn.example.com.', {}, 'CNAME'),
      set('cdn.example.com.', 'CNAME', 60, ['edge.example.net.']),
    ];
    expect(problems(sets)).toEqual([]);
  });

  it('follows alias targets and loops into other hosted zones', () => {
    const other = new Map<string, RecordSet[]>([
      ['b.example.org.', [alias('b', 'a.example.com.')].map((rs) => ({ ...rs, name: 'b.example.org.' }))],
      ['c.example.org.', [set('c.example.org.', 'A', 60, ['192.0.2.3'])]],
    ]);
    const context: ValidationContext = {
      ...CONTEXT,
      otherZones: new Map([['example.org.', new Map()]]),
      otherSets: (apex, name) => (apex === 'example.org.' ? (other.get(name) ?? []) : []),
      othersHaveIndirection: true,
      otherAliasTypes: new Set([1]),
    };
    expect(problems([alias('c', 'c.example.org.')], context)).toEqual([]);
    expect(problems([alias('d', 'd.example.org.')], context)).toEqual([
      {
        path: 'd.example.com./A',
        message: 'alias target d.example.org. has no A record set in the hosted zone example.org.',
      },
    ]);
    expect(problems([alias('a', 'b.example.org.')], context)).toEqual([
      {
        path: 'a.example.com./A',
        message: 'alias loop: a.example.com. A → b.example.org. A → a.example.com. A',
      },
    ]);
    // A simple CNAME here, an alias there: still a loop, reported at this zone's CNAME.
    expect(problems([set('a.example.com.', 'CNAME', 60, ['b.example.org.'])], context)).toEqual([
      {
        path: 'a.example.com./CNAME',
        message: 'alias loop: a.example.com. CNAME → b.example.org. A → a.example.com. CNAME',
      },
    ]);
  });
});
