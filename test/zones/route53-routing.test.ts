import { describe, expect, it } from 'vitest';
import { parseChangeBatch } from '../../src/control/changes/change-batch';
import { groupsNeedingRoute53, toRoute53Json } from '../../src/zones/export';
import { parseRoute53Json, recordSetFromRoute53 } from '../../src/zones/import';
import type { RecordSet } from '../../src/zones/model';
import { expectProblems, expectZone, problemLines } from '../support/zone-views';
import policies from './fixtures/route53-policies.json?raw';

const A = { Name: 'www.example.com', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] };
const PATH = '/ResourceRecordSets/0';

function setOf(rrs: unknown): RecordSet {
  const result = recordSetFromRoute53(rrs, PATH, 'example.com.');
  if (!result.ok) expect.fail(problemLines(result.error).join('\n'));
  return result.value;
}

function problemsOf(rrs: unknown): string[] {
  return problemLines(expectProblems(recordSetFromRoute53(rrs, PATH, 'example.com.')));
}

describe('recordSetFromRoute53: routing fields (docs/routing-semantics.md §6.1)', () => {
  const accepted: { name: string; rrs: unknown; want: Partial<RecordSet> }[] = [
    {
      name: 'weighted, with a health check',
      rrs: { ...A, SetIdentifier: 'Seattle', Weight: 100, HealthCheckId: 'hc-1' },
      want: { setIdentifier: 'Seattle', routing: { kind: 'weighted', weight: 100 }, healthCheckId: 'hc-1' },
    },
    {
      name: 'latency',
      rrs: { ...A, SetIdentifier: 'Ohio', Region: 'us-east-2' },
      want: { routing: { kind: 'latency', region: 'us-east-2' } },
    },
    {
      name: 'failover',
      rrs: { ...A, SetIdentifier: 'p', Failover: 'PRIMARY' },
      want: { routing: { kind: 'failover', role: 'PRIMARY' } },
    },
    {
      name: 'geolocation with a US subdivision',
      rrs: { ...A, SetIdentifier: 'ca', GeoLocation: { CountryCode: 'US', SubdivisionCode: 'CA' } },
      want: { routing: { kind: 'geolocation', country: 'US', subdivision: 'CA' } },
    },
    {
      name: 'geolocation default "*"',
      rrs: { ...A, SetIdentifier: 'd', GeoLocation: { CountryCode: '*' } },
      want: { routing: { kind: 'geolocation', country: '*' } },
    },
    {
      name: 'geoproximity coordinates as Route 53 strings',
      rrs: {
        ...A,
        SetIdentifier: 'l',
        GeoProximityLocation: { Coordinates: { Latitude: '51.51', Longitude: '-0.13' }, Bias: -10 },
      },
      want: {
        routing: { kind: 'geoproximity', coordinates: { latitude: 51.51, longitude: -0.13 }, bias: -10 },
      },
    },
    {
      name: 'geoproximity coordinates as numbers, Bias defaults to 0',
      rrs: {
        ...A,
        SetIdentifier: 'l',
        GeoProximityLocation: { Coordinates: { Latitude: 10, Longitude: 20.5 } },
      },
      want: { routing: { kind: 'geoproximity', coordinates: { latitude: 10, longitude: 20.5 }, bias: 0 } },
    },
    {
      name: 'multivalue',
      rrs: { ...A, SetIdentifier: 'm', MultiValueAnswer: true },
      want: { routing: { kind: 'multivalue' } },
    },
    {
      name: 'IP-based',
      rrs: { ...A, SetIdentifier: 'c', CidrRoutingConfig: { CollectionId: 'corp', LocationName: 'office' } },
      want: { routing: { kind: 'cidr', collectionId: 'corp', locationName: 'office' } },
    },
    {
      name: 'alias: no TTL, no values, \\052 in the target',
      rrs: {
        Name: 'www.example.com',
        Type: 'A',
        AliasTarget: { HostedZoneId: 'Z1', DNSName: '\\052.Example.com', EvaluateTargetHealth: true },
      },
      want: {
        ttl: 0,
        values: [],
        alias: { hostedZoneId: 'Z1', dnsName: '*.example.com.', evaluateTargetHealth: true },
      },
    },
    {
      name: 'FailureMode CLOSED',
      rrs: { ...A, SetIdentifier: 'p', Failover: 'PRIMARY', FailureMode: 'CLOSED' },
      want: { failureMode: 'closed' },
    },
  ];
  for (const c of accepted) it(`reads ${c.name}`, () => expect(setOf(c.rrs)).toMatchObject(c.want));

  const refused: { name: string; rrs: unknown; want: string[] }[] = [
    {
      name: 'two policies',
      rrs: { ...A, SetIdentifier: 'x', Weight: 1, Region: 'us-east-1' },
      want: [`${PATH}: a record set has one routing policy; this one has Weight and Region`],
    },
    {
      name: 'SetIdentifier without a policy',
      rrs: { ...A, SetIdentifier: 'x' },
      want: [
        `${PATH}/SetIdentifier: SetIdentifier is only for record sets with a routing policy (Weight, Region, Failover, GeoLocation, GeoProximityLocation, MultiValueAnswer or CidrRoutingConfig)`,
      ],
    },
    {
      name: 'SetIdentifier too long',
      rrs: { ...A, SetIdentifier: 'x'.repeat(129), Weight: 1 },
      want: [`${PATH}/SetIdentifier: SetIdentifier must be 1–128 characters (got 129)`],
    },
    {
      name: 'Weight out of range and not whole',
      rrs: { ...A, SetIdentifier: 'x', Weight: 256 },
      want: [`${PATH}/Weight: Weight must be a whole number from 0 to 255 (got 256)`],
    },
    {
      name: 'Weight of the wrong type',
      rrs: { ...A, SetIdentifier: 'x', Weight: '5' },
      want: [`${PATH}/Weight: expected a number, got a string`],
    },
    {
      name: 'Failover value',
      rrs: { ...A, SetIdentifier: 'x', Failover: 'primary' },
      want: [`${PATH}/Failover: expected "PRIMARY" or "SECONDARY", got "primary"`],
    },
    {
      name: 'geolocation: continent with country, bad codes',
      rrs: { ...A, SetIdentifier: 'x', GeoLocation: { ContinentCode: 'XX', CountryCode: 'US' } },
      want: [
        `${PATH}/GeoLocation/ContinentCode: ContinentCode cannot be combined with CountryCode or SubdivisionCode`,
        `${PATH}/GeoLocation/ContinentCode: unknown continent code "XX"; use one of AF, AN, AS, EU, NA, OC, SA`,
      ],
    },
    {
      name: 'geolocation: subdivision without a country, unknown field',
      rrs: { ...A, SetIdentifier: 'x', GeoLocation: { SubdivisionCode: 'CA', City: 'x' } },
      want: [`${PATH}/GeoLocation/City: unknown field "City"`],
    },
    {
      name: 'geolocation: subdivision without a country',
      rrs: { ...A, SetIdentifier: 'x', GeoLocation: { SubdivisionCode: 'CA' } },
      want: [`${PATH}/GeoLocation/SubdivisionCode: SubdivisionCode needs CountryCode`],
    },
    {
      name: 'geolocation: unknown country, default with a subdivision',
      rrs: { ...A, SetIdentifier: 'x', GeoLocation: { CountryCode: 'ZZ' } },
      want: [
        `${PATH}/GeoLocation/CountryCode: unknown country code "ZZ" (ISO 3166-1 alpha-2, or "*" for the default)`,
      ],
    },
    {
      name: 'geolocation: the default has no subdivision',
      rrs: { ...A, SetIdentifier: 'x', GeoLocation: { CountryCode: '*', SubdivisionCode: 'CA' } },
      want: [`${PATH}/GeoLocation/SubdivisionCode: the default location "*" has no SubdivisionCode`],
    },
    {
      name: 'geoproximity: two locations, bias out of range',
      rrs: {
        ...A,
        SetIdentifier: 'x',
        GeoProximityLocation: { AWSRegion: 'us-east-1', LocalZoneGroup: 'us-west-2-lax-1', Bias: 100 },
      },
      want: [
        `${PATH}/GeoProximityLocation: GeoProximityLocation needs exactly one of AWSRegion, LocalZoneGroup and Coordinates (got 2)`,
        `${PATH}/GeoProximityLocation/Bias: Bias must be a whole number from -99 to 99 (got 100)`,
      ],
    },
    {
      name: 'geoproximity: coordinates out of range or too precise',
      rrs: {
        ...A,
        SetIdentifier: 'x',
        GeoProximityLocation: { Coordinates: { Latitude: 91, Longitude: 10.123 } },
      },
      want: [
        `${PATH}/GeoProximityLocation/Coordinates/Latitude: Latitude must be from -90 to 90 (got 91)`,
        `${PATH}/GeoProximityLocation/Coordinates/Longitude: Longitude has at most two decimal places (got 10.123)`,
      ],
    },
    {
      name: 'geoproximity: a coordinate string Route 53 would not accept',
      rrs: {
        ...A,
        SetIdentifier: 'x',
        GeoProximityLocation: { Coordinates: { Latitude: '1.234', Longitude: '0' } },
      },
      want: [
        `${PATH}/GeoProximityLocation/Coordinates/Latitude: expected a number with at most two decimal places, got "1.234"`,
      ],
    },
    {
      name: 'multivalue false',
      rrs: { ...A, SetIdentifier: 'x', MultiValueAnswer: false },
      want: [
        `${PATH}/MultiValueAnswer: MultiValueAnswer false is not a routing policy: use true, or leave it out`,
      ],
    },
    {
      name: 'multivalue CNAME',
      rrs: {
        ...A,
        Type: 'CNAME',
        ResourceRecords: [{ Value: 'x.example.net' }],
        SetIdentifier: 'x',
        MultiValueAnswer: true,
      },
      want: [`${PATH}/MultiValueAnswer: multivalue answer routing is not available for CNAME`],
    },
    {
      name: 'IP-based: missing LocationName, bad collection id',
      rrs: { ...A, SetIdentifier: 'x', CidrRoutingConfig: { CollectionId: 'no spaces' } },
      want: [`${PATH}/CidrRoutingConfig/LocationName: LocationName is required`],
    },
    {
      name: 'IP-based: a location name too long',
      rrs: {
        ...A,
        SetIdentifier: 'x',
        CidrRoutingConfig: { CollectionId: 'c', LocationName: 'x'.repeat(17) },
      },
      want: [
        `${PATH}/CidrRoutingConfig/LocationName: "${'x'.repeat(17)}" is not a location name (1–16 of A–Z, a–z, 0–9, _ and -, or "*")`,
      ],
    },
    {
      name: 'alias: missing fields',
      rrs: { Name: 'www.example.com', Type: 'A', AliasTarget: { DNSName: 'x.example.com' } },
      want: [
        `${PATH}/AliasTarget/HostedZoneId: HostedZoneId is required`,
        `${PATH}/AliasTarget/EvaluateTargetHealth: EvaluateTargetHealth is required`,
      ],
    },
    {
      name: 'alias to an AWS resource',
      rrs: {
        Name: 'www.example.com',
        Type: 'A',
        AliasTarget: {
          HostedZoneId: 'Z35SXDOTRQ7X7K',
          DNSName: 'dualstack.my-lb-1234.us-east-1.elb.amazonaws.com.',
          EvaluateTargetHealth: true,
        },
      },
      want: [
        `${PATH}/AliasTarget/DNSName: dualstack.my-lb-1234.us-east-1.elb.amazonaws.com. is an AWS resource; alias targets outside edgesteer's hosted zones are not supported`,
      ],
    },
    {
      name: 'alias to CloudFront and an S3 website',
      rrs: {
        Name: 'www.example.com',
        Type: 'A',
        AliasTarget: {
          HostedZoneId: 'Z2FDTNDATAQYW2',
          DNSName: 'd111111abcdef8.cloudfront.net',
          EvaluateTargetHealth: false,
        },
      },
      want: [
        `${PATH}/AliasTarget/DNSName: d111111abcdef8.cloudfront.net. is an AWS resource; alias targets outside edgesteer's hosted zones are not supported`,
      ],
    },
    {
      name: 'failover alias without EvaluateTargetHealth',
      rrs: {
        Name: 'www.example.com',
        Type: 'A',
        SetIdentifier: 'p',
        Failover: 'PRIMARY',
        AliasTarget: { HostedZoneId: 'Z1', DNSName: 'a.example.com', EvaluateTargetHealth: false },
      },
      want: [
        `${PATH}/AliasTarget/EvaluateTargetHealth: a failover alias record set needs EvaluateTargetHealth true`,
      ],
    },
    {
      name: 'multivalue alias',
      rrs: {
        Name: 'www.example.com',
        Type: 'A',
        SetIdentifier: 'm',
        MultiValueAnswer: true,
        AliasTarget: { HostedZoneId: 'Z1', DNSName: 'a.example.com', EvaluateTargetHealth: false },
      },
      want: [`${PATH}/AliasTarget: a multivalue answer record set cannot be an alias`],
    },
    {
      name: 'NS cannot be routed',
      rrs: {
        Name: 'sub.example.com',
        Type: 'NS',
        TTL: 60,
        ResourceRecords: [{ Value: 'ns.example.net' }],
        SetIdentifier: 'x',
        Weight: 1,
      },
      want: [`${PATH}/Weight: NS record sets cannot have a routing policy`],
    },
    {
      name: 'FailureMode on a simple record set, and a bad value',
      rrs: { ...A, FailureMode: 'CLOSED' },
      want: [
        `${PATH}/FailureMode: FailureMode applies to routed record sets and aliases, not to a simple record set`,
      ],
    },
    {
      name: 'FailureMode spelling',
      rrs: { ...A, SetIdentifier: 'x', Weight: 1, FailureMode: 'closed' },
      want: [`${PATH}/FailureMode: expected "OPEN" or "CLOSED", got "closed"`],
    },
    {
      name: 'Traffic Flow stays refused',
      rrs: { ...A, SetIdentifier: 'x', Weight: 1, TrafficPolicyInstanceId: 'tp-1' },
      want: [`${PATH}/TrafficPolicyInstanceId: Traffic Flow (traffic policy) records are not supported`],
    },
  ];
  for (const c of refused) it(`refuses ${c.name}`, () => expect(problemsOf(c.rrs)).toEqual(c.want));
});

describe('Route 53 export with every policy (round trip)', () => {
  const fixture = JSON.parse(policies) as { ResourceRecordSets: unknown[] };

  it('reads the fixture and writes it back field for field', () => {
    const zone = expectZone(parseRoute53Json(fixture, 'example.com.'));
    expect(zone.recordSets).toHaveLength(fixture.ResourceRecordSets.length);
    expect(toRoute53Json(zone)).toEqual(fixture);
  });

  it('writes Coordinates as strings, aliases without TTL or ResourceRecords, FailureMode back', () => {
    const zone = expectZone(parseRoute53Json(fixture, 'example.com.'));
    const out = toRoute53Json(zone).ResourceRecordSets;
    const london = out.find((r) => r.SetIdentifier === 'near-london');
    expect(london?.GeoProximityLocation).toEqual({
      Coordinates: { Latitude: '51.51', Longitude: '-0.13' },
      Bias: -10,
    });
    const apex = out.find((r) => r.Name === 'example.com.' && r.Type === 'A');
    expect(apex).toEqual({
      Name: 'example.com.',
      Type: 'A',
      AliasTarget: { HostedZoneId: 'Z0EXAMPLE0001', DNSName: 'www.example.com.', EvaluateTargetHealth: true },
    });
    expect(out.filter((r) => r.FailureMode === 'CLOSED').map((r) => r.SetIdentifier)).toEqual([
      'app-primary',
      'app-secondary',
    ]);
  });

  it('names the groups a zone file cannot hold', () => {
    const zone = expectZone(parseRoute53Json(fixture, 'example.com.'));
    expect(groupsNeedingRoute53(zone)).toEqual([
      'example.com. A (alias)',
      'api.example.com. A (latency)',
      'app.example.com. A (failover)',
      'geo.example.com. A (geolocation)',
      'ipb.example.com. A (cidr)',
      'media.example.com. CNAME (alias)',
      'mv.example.com. A (multivalue)',
      'near.example.com. A (geoproximity)',
      'short.example.com. A (alias)',
      'www.example.com. A (weighted)',
    ]);
  });

  it('tells two members apart by SetIdentifier, and refuses a repeated one', () => {
    const member = (id: string) => ({ ...A, SetIdentifier: id, Weight: 1 });
    expect(expectZone(parseRoute53Json([member('a'), member('b')], 'example.com')).recordSets).toHaveLength(
      2,
    );
    expect(problemLines(expectProblems(parseRoute53Json([member('a'), member('a')], 'example.com')))).toEqual(
      ['/1: a second www.example.com. A record set with SetIdentifier "a" (first at /0)'],
    );
  });
});

describe('parseChangeBatch with routing fields', () => {
  it('reads routed members and aliases, and refuses deleting one member twice', () => {
    const member = { ...A, SetIdentifier: 'Seattle', Weight: 100 };
    const batch = parseChangeBatch(
      {
        Changes: [
          { Action: 'CREATE', ResourceRecordSet: member },
          { Action: 'CREATE', ResourceRecordSet: { ...member, SetIdentifier: 'Portland' } },
        ],
      },
      'example.com.',
    );
    expect(batch.ok && batch.value.changes.map((c) => c.recordSet.setIdentifier)).toEqual([
      'Seattle',
      'Portland',
    ]);
    const twice = parseChangeBatch(
      {
        Changes: [
          { Action: 'DELETE', ResourceRecordSet: member },
          { Action: 'DELETE', ResourceRecordSet: { ...member, Weight: 5 } },
        ],
      },
      'example.com.',
    );
    expect(problemLines(expectProblems(twice))).toEqual([
      '/Changes/1: deletes the same record set as /Changes/0',
    ]);
  });
});
