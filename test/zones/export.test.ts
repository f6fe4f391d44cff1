import { describe, expect, it } from 'vitest';
import { RRTYPE } from '../../src/dns/constants';
import { toRoute53Json } from '../../src/zones/export/route53';
import { toZoneFile, zoneFileOrder } from '../../src/zones/export/zone-file';
import { parseRoute53Json } from '../../src/zones/import/route53';
import { parseZoneFile } from '../../src/zones/import/zone-file';
import type { RecordSet, Zone } from '../../src/zones/model';
import { expectZone, normalized } from '../support/zone-views';

const { A, AAAA, CNAME, MX, NS, SOA, SRV, TXT } = RRTYPE;
const set = (name: string, type: number, ttl: number, ...values: string[]): RecordSet => ({
  name,
  type,
  ttl,
  values,
});

const SMALL: Zone = {
  name: 'example.com.',
  recordSets: [
    set('www.example.com.', A, 300, '192.0.2.1', '192.0.2.2'),
    set('example.com.', NS, 3600, 'ns1.example.com.', 'ns.other.net.'),
    set('example.com.', MX, 3600, '10 mail.example.com.'),
    set('example.com.', SOA, 3600, 'ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 300'),
    set('*.example.com.', CNAME, 3600, 'www.example.com.'),
    set('ns1.example.com.', A, 3600, '192.0.2.53'),
    set('example.com.', TXT, 3600, '"v=spf1 -all"', '"a b" "c\\"d"'),
  ],
};

describe('toZoneFile', () => {
  it('writes $ORIGIN, $TTL, SOA, apex NS, then canonical order, one record per line', () => {
    expect(toZoneFile(SMALL)).toBe(
      [
        '$ORIGIN example.com.',
        '$TTL 3600',
        '@       IN SOA   ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 300',
        '@       IN NS    ns1.example.com.',
        '@       IN NS    ns.other.net.',
        '@       IN MX    10 mail.example.com.',
        '@       IN TXT   "v=spf1 -all"',
        '@       IN TXT   "a b" "c\\"d"',
        '*       IN CNAME www.example.com.',
        'ns1     IN A     192.0.2.53',
        'www 300 IN A     192.0.2.1',
        'www 300 IN A     192.0.2.2',
        '',
      ].join('\n'),
    );
  });

  it('sorts names in canonical order (RFC 4034 §6.1 example)', () => {
    const names = [
      'z.example.',
      '\\200.z.example.',
      'zabc.a.example.',
      '*.z.example.',
      'example.',
      'yljkjljk.a.example.',
      '\\001.z.example.',
      'a.example.',
      'z.a.example.',
    ];
    const zone: Zone = { name: 'example.', recordSets: names.map((n) => set(n, A, 1, '192.0.2.1')) };
    expect(zoneFileOrder(zone).map((s) => s.name)).toEqual([
      'example.',
      'a.example.',
      'yljkjljk.a.example.',
      'z.a.example.',
      'zabc.a.example.',
      'z.example.',
      '\\001.z.example.',
      '*.z.example.',
      '\\200.z.example.',
    ]);
  });

  it('orders types by number within a name, SOA and NS first at the apex only', () => {
    const zone: Zone = {
      name: 'example.com.',
      recordSets: [
        set('sub.example.com.', AAAA, 1, '::1'),
        set('sub.example.com.', NS, 1, 'ns.sub.example.com.'),
        set('example.com.', A, 1, '192.0.2.1'),
        set('example.com.', NS, 1, 'ns.example.com.'),
        set('example.com.', SOA, 1, 'ns.example.com. h.example.com. 1 2 3 4 5'),
      ],
    };
    expect(zoneFileOrder(zone).map((s) => `${s.name} ${s.type}`)).toEqual([
      'example.com. 6',
      'example.com. 2',
      'example.com. 1',
      'sub.example.com. 2',
      'sub.example.com. 28',
    ]);
  });

  it('$TTL is the most common TTL, ties going to the lowest', () => {
    const zone: Zone = {
      name: 'example.com.',
      recordSets: [set('a.example.com.', A, 600, '192.0.2.1'), set('b.example.com.', A, 60, '192.0.2.2')],
    };
    expect(toZoneFile(zone).split('\n').slice(0, 4)).toEqual([
      '$ORIGIN example.com.',
      '$TTL 60',
      'a 600 IN A 192.0.2.1',
      'b     IN A 192.0.2.2',
    ]);
  });

  it('an empty zone is just its origin', () => {
    expect(toZoneFile({ name: 'example.com.', recordSets: [] })).toBe('$ORIGIN example.com.\n');
  });
});

describe('toRoute53Json', () => {
  it('writes the CLI shape: absolute names, \\052, Route 53 order', () => {
    expect(toRoute53Json(SMALL)).toEqual({
      ResourceRecordSets: [
        { Name: 'example.com.', Type: 'MX', TTL: 3600, ResourceRecords: [{ Value: '10 mail.example.com.' }] },
        {
          Name: 'example.com.',
          Type: 'NS',
          TTL: 3600,
          ResourceRecords: [{ Value: 'ns1.example.com.' }, { Value: 'ns.other.net.' }],
        },
        {
          Name: 'example.com.',
          Type: 'SOA',
          TTL: 3600,
          ResourceRecords: [{ Value: 'ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 300' }],
        },
        {
          Name: 'example.com.',
          Type: 'TXT',
          TTL: 3600,
          ResourceRecords: [{ Value: '"v=spf1 -all"' }, { Value: '"a b" "c\\"d"' }],
        },
        {
          Name: '\\052.example.com.',
          Type: 'CNAME',
          TTL: 3600,
          ResourceRecords: [{ Value: 'www.example.com.' }],
        },
        { Name: 'ns1.example.com.', Type: 'A', TTL: 3600, ResourceRecords: [{ Value: '192.0.2.53' }] },
        {
          Name: 'www.example.com.',
          Type: 'A',
          TTL: 300,
          ResourceRecords: [{ Value: '192.0.2.1' }, { Value: '192.0.2.2' }],
        },
      ],
    });
  });

  it('sorts by reversed labels with the trailing dot, in ASCII order', () => {
    const names = [
      'sip.example.com.',
      'sip-eu.example.com.',
      'a.sip.example.com.',
      'example.com.',
      '_x.example.com.',
    ];
    const zone: Zone = { name: 'example.com.', recordSets: names.map((n) => set(n, A, 1, '192.0.2.1')) };
    // com.example.sip-eu. < com.example.sip. because "-" (45) sorts before "." (46).
    expect(toRoute53Json(zone).ResourceRecordSets.map((s) => s.Name)).toEqual([
      'example.com.',
      '_x.example.com.',
      'sip-eu.example.com.',
      'sip.example.com.',
      'a.sip.example.com.',
    ]);
  });

  it('escapes every byte outside a-z 0-9 - _ in octal, as Route 53 does (decimal 200 = octal 310)', () => {
    const zone: Zone = {
      name: 'example.com.',
      recordSets: [set('a\\.b\\@\\200.example.com.', A, 1, '192.0.2.1')],
    };
    expect(toRoute53Json(zone).ResourceRecordSets[0]!.Name).toBe('a\\056b\\100\\310.example.com.');
  });
});

/** Zones with the awkward cases: escapes, generic RDATA, wildcard, several TTLs, long TXT. */
const ROUND_TRIP_ZONES: Zone[] = [
  SMALL,
  {
    name: 'odd.example.',
    recordSets: [
      set('odd.example.', SOA, 86400, 'ns.odd.example. h\\.master.odd.example. 4294967295 1 2 3 0'),
      set('a\\.b.odd.example.', TXT, 0, '""', '"semi;colon" "(paren)" "tab\\009 and \\\\ backslash"'),
      set('\\@\\$\\;.odd.example.', A, 2147483647, '192.0.2.1'),
      set('\\000\\255.odd.example.', AAAA, 5, '2001:db8::1'),
      set('*.wild.odd.example.', MX, 60, '0 .'),
      set('_sip._tcp.odd.example.', SRV, 60, '0 0 0 .'),
      set('x.odd.example.', 65280, 60, '\\# 2 abcd', '\\# 0'),
      set('long.odd.example.', TXT, 60, `"${'x'.repeat(255)}" "${'y'.repeat(255)}"`),
      set('odd.example.', NS, 60, 'ns.odd.example.'),
    ],
  },
  {
    name: '.',
    recordSets: [set('.', NS, 518400, 'a.root-servers.net.'), set('com.', NS, 172800, 'a.gtld-servers.net.')],
  },
  { name: 'empty.example.', recordSets: [] },
];

describe('round trips: parse(export(zone)) equals zone', () => {
  for (const zone of ROUND_TRIP_ZONES) {
    it(`zone file: ${zone.name}`, () => {
      const text = toZoneFile(zone);
      expect(normalized(expectZone(parseZoneFile(text, zone.name)))).toEqual(normalized(zone));
    });
    it(`Route 53 JSON: ${zone.name}`, () => {
      const json: unknown = JSON.parse(JSON.stringify(toRoute53Json(zone)));
      expect(normalized(expectZone(parseRoute53Json(json, zone.name)))).toEqual(normalized(zone));
    });
    it(`zone file → Route 53 → zone file is stable: ${zone.name}`, () => {
      const once = toZoneFile(zone);
      const viaJson = expectZone(
        parseRoute53Json(JSON.parse(JSON.stringify(toRoute53Json(zone))), zone.name),
      );
      expect(toZoneFile(viaJson)).toBe(once);
    });
  }
});
