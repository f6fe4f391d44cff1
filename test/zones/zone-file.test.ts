// biome-ignore-all lint/suspicious/noTemplateCurlyInString: BIND $GENERATE modifiers are written ${offset,width,base}
import { describe, expect, it } from 'vitest';
import { parseZoneFile } from '../../src/zones/import/zone-file';
import { describeSets, expectZone } from '../support/zone-views';

const SOA = '@ 3600 IN SOA ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 300';
const SOA_SET = 'example.com. 3600 SOA ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 300';

/** One row per feature of the master-file format; `want` lists the record sets in input order. */
const CASES: { name: string; text: string; want: string[]; zone?: string }[] = [
  {
    name: 'absolute owner',
    text: '$TTL 300\nwww.example.com. A 192.0.2.1',
    want: ['www.example.com. 300 A 192.0.2.1'],
  },
  {
    name: 'relative owner (RFC 1035 §5.1)',
    text: '$TTL 300\nwww A 192.0.2.1',
    want: ['www.example.com. 300 A 192.0.2.1'],
  },
  { name: '@ is the origin', text: '$TTL 300\n@ A 192.0.2.1', want: ['example.com. 300 A 192.0.2.1'] },
  {
    name: '$ORIGIN absolute',
    text: '$TTL 300\n$ORIGIN sub.example.com.\nwww A 192.0.2.1\n@ A 192.0.2.2',
    want: ['www.sub.example.com. 300 A 192.0.2.1', 'sub.example.com. 300 A 192.0.2.2'],
  },
  {
    name: '$ORIGIN relative to the current origin',
    text: '$TTL 300\n$ORIGIN sub\n$ORIGIN deeper\nwww A 192.0.2.1',
    want: ['www.deeper.sub.example.com. 300 A 192.0.2.1'],
  },
  {
    name: 'names in RDATA complete with the current origin',
    text: '$TTL 300\n$ORIGIN example.com.\n@ MX 10 mail\nalias CNAME www.other.net.',
    want: ['example.com. 300 MX 10 mail.example.com.', 'alias.example.com. 300 CNAME www.other.net.'],
  },
  {
    name: '$TTL with units',
    text: '$TTL 1h30m\nwww A 192.0.2.1',
    want: ['www.example.com. 5400 A 192.0.2.1'],
  },
  {
    name: '$TTL units in upper case',
    text: '$ttl 2D\nwww A 192.0.2.1',
    want: ['www.example.com. 172800 A 192.0.2.1'],
  },
  {
    name: 'record TTL with units',
    text: 'www 1W A 192.0.2.1',
    want: ['www.example.com. 604800 A 192.0.2.1'],
  },
  {
    name: 'TTL and class in either order, both optional',
    text: '$TTL 60\na 300 IN A 192.0.2.1\nb IN 300 A 192.0.2.2\nc IN A 192.0.2.3\nd 300 A 192.0.2.4\ne A 192.0.2.5',
    want: [
      'a.example.com. 300 A 192.0.2.1',
      'b.example.com. 300 A 192.0.2.2',
      'c.example.com. 60 A 192.0.2.3',
      'd.example.com. 300 A 192.0.2.4',
      'e.example.com. 60 A 192.0.2.5',
    ],
  },
  {
    name: 'class written CLASS1 (RFC 3597 §5)',
    text: 'www 60 CLASS1 A 192.0.2.1',
    want: ['www.example.com. 60 A 192.0.2.1'],
  },
  {
    name: 'without $TTL the last explicit TTL carries on (RFC 1035 §5.1)',
    text: 'a 120 A 192.0.2.1\nb A 192.0.2.2\nc 60 A 192.0.2.3\nd A 192.0.2.4',
    want: [
      'a.example.com. 120 A 192.0.2.1',
      'b.example.com. 120 A 192.0.2.2',
      'c.example.com. 60 A 192.0.2.3',
      'd.example.com. 60 A 192.0.2.4',
    ],
  },
  {
    name: 'without any TTL the SOA takes its MINIMUM, and so do the records after it',
    text: '@ SOA ns1 hostmaster 1 7200 900 1209600 300\n@ NS ns1',
    want: [
      'example.com. 300 SOA ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 300',
      'example.com. 300 NS ns1.example.com.',
    ],
  },
  {
    name: 'records before the SOA without any TTL take the SOA MINIMUM',
    text: 'www A 192.0.2.1\n@ SOA ns1 hostmaster 1 7200 900 1209600 1h',
    want: [
      'www.example.com. 3600 A 192.0.2.1',
      'example.com. 3600 SOA ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 3600',
    ],
  },
  {
    name: 'explicit TTL beats $TTL',
    text: '$TTL 300\nwww 10 A 192.0.2.1',
    want: ['www.example.com. 10 A 192.0.2.1'],
  },
  {
    name: 'blank owner inherits the previous owner',
    text: '$TTL 300\nwww A 192.0.2.1\n    AAAA 2001:db8::1\n\tTXT "x"',
    want: [
      'www.example.com. 300 A 192.0.2.1',
      'www.example.com. 300 AAAA 2001:db8::1',
      'www.example.com. 300 TXT "x"',
    ],
  },
  {
    name: 'blank owner after $ORIGIN keeps the previous absolute owner',
    text: '$TTL 300\nwww A 192.0.2.1\n$ORIGIN other.example.com.\n  AAAA 2001:db8::1',
    want: ['www.example.com. 300 A 192.0.2.1', 'www.example.com. 300 AAAA 2001:db8::1'],
  },
  {
    name: 'parentheses across lines with comments',
    text: '@ 3600 IN SOA ns1.example.com. hostmaster.example.com. (\n  1       ; serial\n  7200    ; refresh\n  900     ; retry\n  1209600 ; expire\n  300 )   ; minimum',
    want: [SOA_SET],
  },
  {
    name: 'comment characters inside quotes are text',
    text: '$TTL 300\n@ TXT "a;b (c) d" ; real comment',
    want: ['example.com. 300 TXT "a;b (c) d"'],
  },
  {
    name: 'TXT split into several strings stays several strings',
    text: '$TTL 300\n@ TXT ( "v=DKIM1; k=rsa; "\n  "p=MIGf" )',
    want: ['example.com. 300 TXT "v=DKIM1; k=rsa; " "p=MIGf"'],
  },
  {
    name: 'escapes in quoted strings',
    text: '$TTL 300\n@ TXT "say \\"hi\\" \\\\ \\065"',
    want: ['example.com. 300 TXT "say \\"hi\\" \\\\ A"'],
  },
  { name: 'unquoted TXT', text: '$TTL 300\n@ TXT hello', want: ['example.com. 300 TXT "hello"'] },
  {
    name: 'duplicate records are dropped (as BIND does)',
    text: '$TTL 300\nwww A 192.0.2.1\nwww A 192.0.2.2\nwww A 192.0.2.1',
    want: ['www.example.com. 300 A 192.0.2.1 | 192.0.2.2'],
  },
  {
    name: 'records spelled differently but equal are duplicates',
    text: '$TTL 300\n@ MX 10 Mail\n@ MX 10 mail.example.com.',
    want: ['example.com. 300 MX 10 mail.example.com.'],
  },
  {
    name: 'differing TTLs in one RRset: the first wins (RFC 2181 §5.2)',
    text: 'www 300 A 192.0.2.1\nwww 600 A 192.0.2.2',
    want: ['www.example.com. 300 A 192.0.2.1 | 192.0.2.2'],
  },
  {
    name: 'record sets in order of first appearance, values in input order',
    text: '$TTL 300\nb A 192.0.2.9\na A 192.0.2.2\nb A 192.0.2.1',
    want: ['b.example.com. 300 A 192.0.2.9 | 192.0.2.1', 'a.example.com. 300 A 192.0.2.2'],
  },
  {
    name: 'types and names in any case',
    text: '$TTL 300\nWWW a 192.0.2.1',
    want: ['www.example.com. 300 A 192.0.2.1'],
  },
  {
    name: 'unknown type in RFC 3597 form',
    text: '$TTL 300\nx TYPE65280 \\# 3 abcdef',
    want: ['x.example.com. 300 TYPE65280 \\# 3 abcdef'],
  },
  {
    name: 'wildcard owner',
    text: '$TTL 300\n*.app A 192.0.2.1',
    want: ['*.app.example.com. 300 A 192.0.2.1'],
  },
  {
    name: 'escaped characters in an owner name',
    text: '$TTL 300\na\\.b A 192.0.2.1\n\\065bc A 192.0.2.2',
    want: ['a\\.b.example.com. 300 A 192.0.2.1', 'abc.example.com. 300 A 192.0.2.2'],
  },
  {
    name: 'CRLF line endings',
    text: '$TTL 300\r\nwww A 192.0.2.1\r\n  A 192.0.2.2\r\n',
    want: ['www.example.com. 300 A 192.0.2.1 | 192.0.2.2'],
  },
  {
    name: '$GENERATE (RFC 2317 classless delegation)',
    zone: '2.0.192.in-addr.arpa',
    text: '$TTL 300\n$ORIGIN 2.0.192.in-addr.arpa.\n$GENERATE 1-3 $ CNAME $.0/26',
    want: [
      '1.2.0.192.in-addr.arpa. 300 CNAME 1.0/26.2.0.192.in-addr.arpa.',
      '2.2.0.192.in-addr.arpa. 300 CNAME 2.0/26.2.0.192.in-addr.arpa.',
      '3.2.0.192.in-addr.arpa. 300 CNAME 3.0/26.2.0.192.in-addr.arpa.',
    ],
  },
  {
    name: '$GENERATE with modifiers, step, TTL and class',
    text: '$GENERATE 0-20/10 host-${0,3,d} 60 IN A 192.0.2.${10}',
    want: [
      'host-000.example.com. 60 A 192.0.2.10',
      'host-010.example.com. 60 A 192.0.2.20',
      'host-020.example.com. 60 A 192.0.2.30',
    ],
  },
  {
    name: '$GENERATE into one set',
    text: '$TTL 300\n$GENERATE 1-2 pool A 192.0.2.$',
    want: ['pool.example.com. 300 A 192.0.2.1 | 192.0.2.2'],
  },
  {
    name: 'duplicates are dropped in large sets too',
    text: '$TTL 300\n$GENERATE 1-20 pool A 192.0.2.$\n$GENERATE 20-21 pool A 192.0.2.$',
    want: [`pool.example.com. 300 A ${Array.from({ length: 21 }, (_, i) => `192.0.2.${i + 1}`).join(' | ')}`],
  },
  {
    name: '$GENERATE with quoted RDATA re-read as tokens',
    text: '$TTL 300\n$GENERATE 1-2 @ MX "${0,0,d}0 mx$"',
    want: ['example.com. 300 MX 10 mx1.example.com. | 20 mx2.example.com.'],
  },
  { name: 'SOA first example', text: SOA, want: [SOA_SET] },
];

describe('parseZoneFile: features (RFC 1035 §5)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const zone = expectZone(parseZoneFile(c.text, c.zone ?? 'example.com'));
      expect(describeSets(zone.recordSets)).toEqual(c.want);
    });
  }

  it('takes the zone name with or without a trailing dot, in any case', () => {
    const zone = expectZone(parseZoneFile('$TTL 1\n@ A 192.0.2.1', 'Example.COM.'));
    expect(zone.name).toBe('example.com.');
  });

  it('an empty file is an empty zone', () => {
    expect(parseZoneFile('; nothing here\n', 'example.com')).toEqual({
      ok: true,
      value: { name: 'example.com.', recordSets: [] },
    });
  });
});
