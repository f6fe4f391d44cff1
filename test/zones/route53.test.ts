import { describe, expect, it } from 'vitest';
import { RRTYPE } from '../../src/dns/constants';
import { parseRoute53Json, recordSetFromRoute53 } from '../../src/zones/import/route53';
import { describeSets, expectProblems, expectZone, problemLines } from '../support/zone-views';

const SOA = {
  Name: 'example.com.',
  Type: 'SOA',
  TTL: 900,
  ResourceRecords: [{ Value: 'ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400' }],
};
const A = { Name: 'www.example.com', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] };

function setOf(rrs: unknown): string[] {
  const result = recordSetFromRoute53(rrs, '/ResourceRecordSets/0', 'example.com.');
  if (!result.ok) expect.fail(problemLines(result.error).join('\n'));
  return describeSets([result.value]);
}

function problemsOf(rrs: unknown): string[] {
  return problemLines(expectProblems(recordSetFromRoute53(rrs, '/ResourceRecordSets/3', 'example.com')));
}

describe('recordSetFromRoute53 (docs/routing-semantics.md §6.1)', () => {
  const cases: { name: string; rrs: unknown; want: string }[] = [
    { name: 'name without a trailing dot', rrs: A, want: 'www.example.com. 60 A 192.0.2.1' },
    {
      name: 'upper-case name and type',
      rrs: { ...A, Name: 'WWW.Example.COM.', Type: 'a' },
      want: 'www.example.com. 60 A 192.0.2.1',
    },
    {
      name: '\\052 is the wildcard',
      rrs: { ...A, Name: '\\052.example.com.' },
      want: '*.example.com. 60 A 192.0.2.1',
    },
    {
      name: '"*" is accepted as well',
      rrs: { ...A, Name: '*.example.com' },
      want: '*.example.com. 60 A 192.0.2.1',
    },
    {
      name: 'other octal escapes (Route 53 name format)',
      rrs: { ...A, Name: 'a\\056b\\100.example.com.' },
      want: 'a\\.b\\@.example.com. 60 A 192.0.2.1',
    },
    {
      name: 'names in values are absolute without a trailing dot',
      rrs: { Name: 'example.com', Type: 'MX', TTL: 300, ResourceRecords: [{ Value: '10 Mail.Example.com' }] },
      want: 'example.com. 300 MX 10 mail.example.com.',
    },
    {
      name: 'quoted TXT with an escaped quote',
      rrs: {
        Name: 'example.com',
        Type: 'TXT',
        TTL: 300,
        ResourceRecords: [{ Value: '"v=spf1 -all" "say \\"hi\\""' }],
      },
      want: 'example.com. 300 TXT "v=spf1 -all" "say \\"hi\\""',
    },
    {
      name: 'CAA',
      rrs: {
        Name: 'example.com',
        Type: 'CAA',
        TTL: 300,
        ResourceRecords: [{ Value: '0 issue "amazon.com"' }],
      },
      want: 'example.com. 300 CAA 0 issue "amazon.com"',
    },
    {
      name: 'apex SOA is an ordinary set',
      rrs: SOA,
      want: 'example.com. 900 SOA ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400',
    },
    { name: 'TTL 0', rrs: { ...A, TTL: 0 }, want: 'www.example.com. 0 A 192.0.2.1' },
    {
      name: 'several values, order kept',
      rrs: { ...A, ResourceRecords: [{ Value: '192.0.2.9' }, { Value: '192.0.2.1' }] },
      want: 'www.example.com. 60 A 192.0.2.9 | 192.0.2.1',
    },
  ];
  for (const c of cases) it(c.name, () => expect(setOf(c.rrs)).toEqual([c.want]));

  const errors: { name: string; rrs: unknown; want: string[] }[] = [
    {
      name: 'not an object',
      rrs: [A],
      want: ['/ResourceRecordSets/3: expected a ResourceRecordSet object, got an array'],
    },
    {
      name: 'routing fields with a policy but no SetIdentifier',
      rrs: { ...A, Weight: 100, HealthCheckId: 'abc' },
      want: ['/ResourceRecordSets/3/SetIdentifier: SetIdentifier is required with Weight'],
    },
    {
      name: 'alias with a TTL and records',
      rrs: {
        ...A,
        AliasTarget: { HostedZoneId: 'Z1', DNSName: 'x.example.com.', EvaluateTargetHealth: false },
      },
      want: [
        "/ResourceRecordSets/3/TTL: an alias record set has no TTL (the target's TTL is used)",
        '/ResourceRecordSets/3/ResourceRecords: an alias record set has no ResourceRecords',
      ],
    },
    {
      name: 'Traffic Flow records',
      rrs: { ...A, TrafficPolicyInstanceId: 'tp-1' },
      want: [
        '/ResourceRecordSets/3/TrafficPolicyInstanceId: Traffic Flow (traffic policy) records are not supported',
      ],
    },
    {
      name: 'unknown field',
      rrs: { ...A, Ttl: 5 },
      want: ['/ResourceRecordSets/3/Ttl: unknown field "Ttl"'],
    },
    {
      name: 'missing fields',
      rrs: {},
      want: [
        '/ResourceRecordSets/3/Name: Name is required',
        '/ResourceRecordSets/3/Type: Type is required',
        '/ResourceRecordSets/3/TTL: TTL is required',
      ],
    },
    {
      name: 'wrong types',
      rrs: { Name: 5, Type: 'A', TTL: '300', ResourceRecords: { Value: '192.0.2.1' } },
      want: [
        '/ResourceRecordSets/3/Name: expected a string, got a number',
        '/ResourceRecordSets/3/TTL: expected a whole number of seconds from 0 to 2147483647, got "300"',
        '/ResourceRecordSets/3/ResourceRecords: expected a non-empty array, got an object',
      ],
    },
    {
      name: 'TTL out of range',
      rrs: { ...A, TTL: 2147483648 },
      want: [
        '/ResourceRecordSets/3/TTL: expected a whole number of seconds from 0 to 2147483647, got 2147483648',
      ],
    },
    {
      name: 'unknown type',
      rrs: { ...A, Type: 'ALIAS' },
      want: ['/ResourceRecordSets/3/Type: unknown record type "ALIAS"'],
    },
    {
      name: 'outside the zone',
      rrs: { ...A, Name: 'www.example.org' },
      want: ['/ResourceRecordSets/3/Name: www.example.org. is outside the zone example.com.'],
    },
    {
      name: 'empty ResourceRecords',
      rrs: { ...A, ResourceRecords: [] },
      want: ['/ResourceRecordSets/3/ResourceRecords: expected a non-empty array, got an array'],
    },
    {
      name: 'bad record entries',
      rrs: {
        ...A,
        ResourceRecords: ['192.0.2.1', { Value: 1 }, { value: '192.0.2.1' }, { Value: '192.0.2.1', X: 1 }],
      },
      want: [
        '/ResourceRecordSets/3/ResourceRecords/0: expected {"Value": "..."}, got a string',
        '/ResourceRecordSets/3/ResourceRecords/1/Value: expected a string, got a number',
        '/ResourceRecordSets/3/ResourceRecords/2/value: unknown field "value"',
        '/ResourceRecordSets/3/ResourceRecords/3/X: unknown field "X"',
      ],
    },
    {
      name: 'duplicate values (Route 53 rejects them too)',
      rrs: {
        Name: 'example.com',
        Type: 'MX',
        TTL: 1,
        ResourceRecords: [{ Value: '10 mx.example.com' }, { Value: '10 MX.example.com.' }],
      },
      want: [
        '/ResourceRecordSets/3/ResourceRecords/1/Value: the same record as /ResourceRecordSets/3/ResourceRecords/0/Value',
      ],
    },
  ];
  for (const c of errors) it(`problem: ${c.name}`, () => expect(problemsOf(c.rrs)).toEqual(c.want));

  it('bad RDATA is reported at the Value', () => {
    const got = expectProblems(
      recordSetFromRoute53({ ...A, ResourceRecords: [{ Value: '192.0.2' }] }, '/x', 'example.com'),
    );
    expect(got.map((p) => p.path)).toEqual(['/x/ResourceRecords/0/Value']);
  });

  it('more than 400 values', () => {
    const records = Array.from({ length: 401 }, (_, i) => ({ Value: `10.0.${i >> 8}.${i & 255}` }));
    expect(problemsOf({ ...A, ResourceRecords: records })).toEqual([
      '/ResourceRecordSets/3/ResourceRecords: 401 values in one record set; at most 400',
    ]);
  });
});

describe('parseRoute53Json (docs/routing-semantics.md §6.3)', () => {
  it('accepts the CLI shape', () => {
    const zone = expectZone(parseRoute53Json({ ResourceRecordSets: [SOA, A] }, 'example.com'));
    expect(zone.name).toBe('example.com.');
    expect(zone.recordSets.map((s) => s.type)).toEqual([RRTYPE.SOA, RRTYPE.A]);
  });

  it('accepts a raw API page, truncated or not', () => {
    const page = {
      ResourceRecordSets: [A],
      IsTruncated: true,
      MaxItems: '1',
      NextRecordName: 'x.example.com.',
      NextRecordType: 'A',
    };
    expect(expectZone(parseRoute53Json(page, 'example.com')).recordSets).toHaveLength(1);
  });

  it('accepts a bare array, with pointers from the root', () => {
    expect(expectZone(parseRoute53Json([A], 'example.com')).recordSets).toHaveLength(1);
    expect(problemLines(expectProblems(parseRoute53Json([A, { ...A, TTL: -1 }], 'example.com')))).toEqual([
      '/1/TTL: expected a whole number of seconds from 0 to 2147483647, got -1',
    ]);
  });

  it('reports every problem in every set at once', () => {
    const got = expectProblems(
      parseRoute53Json(
        {
          ResourceRecordSets: [
            A,
            { ...A, Name: 'a.example.com', TTL: 'x' },
            { ...A, Weight: 5, SetIdentifier: 'b' },
            { ...A, Type: 'NOPE' },
          ],
          IsTruncated: 'no',
          Extra: 1,
        },
        'example.com',
      ),
    );
    expect(got.map((p) => p.path)).toEqual([
      '/IsTruncated',
      '/Extra',
      '/ResourceRecordSets/1/TTL',
      '/ResourceRecordSets/3/Type',
    ]);
  });

  it('a second set with the same name and type is a problem, not a merge', () => {
    expect(
      problemLines(
        expectProblems(parseRoute53Json({ ResourceRecordSets: [A, { ...A, TTL: 5 }] }, 'example.com')),
      ),
    ).toEqual([
      '/ResourceRecordSets/1: a second www.example.com. A record set (first at /ResourceRecordSets/0); record sets sharing a name and type need a SetIdentifier and a routing policy',
    ]);
  });

  it('zone shape: CNAME and other data', () => {
    const cname = {
      Name: 'www.example.com',
      Type: 'CNAME',
      TTL: 5,
      ResourceRecords: [{ Value: 'example.com' }],
    };
    expect(problemLines(expectProblems(parseRoute53Json([A, cname], 'example.com')))).toEqual([
      '/1: www.example.com. has a CNAME and other data (A); RFC 1034 §3.6.2 forbids it',
    ]);
  });

  it('rejects documents of the wrong shape', () => {
    expect(problemLines(expectProblems(parseRoute53Json('x', 'example.com')))).toEqual([
      ': expected the document to be an array of record sets, got a string',
    ]);
    expect(problemLines(expectProblems(parseRoute53Json({ ResourceRecordSets: {} }, 'example.com')))).toEqual(
      ['/ResourceRecordSets: expected ResourceRecordSets to be an array of record sets, got an object'],
    );
    expect(problemLines(expectProblems(parseRoute53Json({}, 'example.com')))).toEqual([
      '/ResourceRecordSets: expected ResourceRecordSets to be an array of record sets, got nothing',
    ]);
  });
});
