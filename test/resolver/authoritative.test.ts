/**
 * Authoritative answers, one row per case, from zone-file strings (docs/doh-protocol.md §14).
 * Replies are decoded with dns-packet, independently of edgesteer's encoder.
 */
import type packet from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { ask, queryBytes } from '../support/dns';
import { indexOf } from '../support/zones';

const EXAMPLE = `
$ORIGIN example.
$TTL 3600
@        SOA   ns1 hostmaster 2026010101 7200 3600 1209600 300
@        NS    ns1
@        NS    ns2.elsewhere.net.
@        MX    10 mail
ns1      A     192.0.2.53
mail     A     192.0.2.25
www  300 A     192.0.2.1
www  300 A     192.0.2.2
www      AAAA  2001:db8::1
host     A     192.0.2.4
a.b      A     192.0.2.3
*        A     192.0.2.99
*        TXT   "wildcard"
*.wc     CNAME www
alias    CNAME www
chain1   CNAME chain2
chain2 30 CNAME www
dangling CNAME nothere.b
nodata-target CNAME host
out      CNAME www.elsewhere.net.
cross    CNAME www.other.test.
to-sub   CNAME x.sub
sub      NS    ns.sub
sub      NS    ns.elsewhere.net.
sub      DS    12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
ns.sub   A     192.0.2.10
ns.sub   AAAA  2001:db8::10
`;

const OTHER = `
$ORIGIN other.test.
$TTL 600
@   SOA ns1.example. hostmaster.example. 1 7200 3600 1209600 60
@   NS  ns1.example.
www A   198.51.100.7
`;

const zones = indexOf({ 'example.': EXAMPLE, 'other.test.': OTHER });

function show(rr: packet.Answer): string {
  const ttl = (rr as { ttl?: number }).ttl;
  const data = (rr as { data?: unknown }).data;
  let text: string;
  if (rr.type === 'SOA') text = 'SOA';
  else if (rr.type === 'TXT') text = (data as Buffer[]).map((b) => b.toString()).join(' ');
  else if (rr.type === 'MX')
    text = `${(data as packet.MxData).preference} ${(data as packet.MxData).exchange}`;
  else if (rr.type === 'HINFO') text = `${(data as { cpu: string }).cpu}/${(data as { os: string }).os}`;
  else text = String(data);
  return `${rr.name} ${ttl} ${rr.type} ${text}`;
}

interface Row {
  readonly name: string;
  readonly q: [string, string];
  readonly rcode: string;
  readonly aa: boolean;
  readonly answer?: string[];
  readonly authority?: string[];
  readonly additional?: string[];
}

const ROWS: Row[] = [
  {
    name: 'A RRset, TTL per RRset',
    q: ['www.example', 'A'],
    rcode: 'NOERROR',
    aa: true,
    answer: ['www.example 300 A 192.0.2.1', 'www.example 300 A 192.0.2.2'],
  },
  {
    name: 'apex MX',
    q: ['example', 'MX'],
    rcode: 'NOERROR',
    aa: true,
    answer: ['example 3600 MX 10 mail.example'],
  },
  {
    name: 'NODATA carries SOA with min(TTL, MINIMUM) (RFC 2308 §3)',
    q: ['host.example', 'MX'],
    rcode: 'NOERROR',
    aa: true,
    authority: ['example 300 SOA SOA'],
  },
  {
    name: 'unknown QTYPE at an existing name is NODATA (RFC 8906 §8.1.2)',
    q: ['host.example', 'TYPE1000'],
    rcode: 'NOERROR',
    aa: true,
    authority: ['example 300 SOA SOA'],
  },
  {
    name: 'empty non-terminal is NODATA (RFC 8020 §2)',
    q: ['b.example', 'A'],
    rcode: 'NOERROR',
    aa: true,
    authority: ['example 300 SOA SOA'],
  },
  {
    name: 'wildcard synthesis owned by QNAME (RFC 4592 §3.3)',
    q: ['c.example', 'A'],
    rcode: 'NOERROR',
    aa: true,
    answer: ['c.example 3600 A 192.0.2.99'],
  },
  {
    name: 'wildcard several labels deep',
    q: ['x.y.z.example', 'TXT'],
    rcode: 'NOERROR',
    aa: true,
    answer: ['x.y.z.example 3600 TXT wildcard'],
  },
  {
    name: 'wildcard without QTYPE is NODATA (RFC 4592 §3.3)',
    q: ['c.example', 'MX'],
    rcode: 'NOERROR',
    aa: true,
    authority: ['example 300 SOA SOA'],
  },
  {
    name: 'empty non-terminal blocks the wildcard (RFC 4592 §2.2)',
    q: ['x.b.example', 'A'],
    rcode: 'NXDOMAIN',
    aa: true,
    authority: ['example 300 SOA SOA'],
  },
  {
    name: 'existing name does not match the wildcard',
    q: ['host.example', 'TXT'],
    rcode: 'NOERROR',
    aa: true,
    authority: ['example 300 SOA SOA'],
  },
  {
    name: 'literal * name matches itself (RFC 4592 §2.3)',
    q: ['*.example', 'TXT'],
    rcode: 'NOERROR',
    aa: true,
    answer: ['*.example 3600 TXT wildcard'],
  },
  {
    name: 'wildcard CNAME synthesizes a CNAME, then the chain goes on (RFC 4592 §4.3)',
    q: ['foo.wc.example', 'A'],
    rcode: 'NOERROR',
    aa: true,
    answer: [
      'foo.wc.example 3600 CNAME www.example',
      'www.example 300 A 192.0.2.1',
      'www.example 300 A 192.0.2.2',
    ],
  },
  {
    name: 'CNAME followed in zone',
    q: ['alias.example', 'AAAA'],
    rcode: 'NOERROR',
    aa: true,
    answer: ['alias.example 3600 CNAME www.example', 'www.example 3600 AAAA 2001:db8::1'],
  },
  {
    name: 'CNAME chain of two',
    q: ['chain1.example', 'A'],
    rcode: 'NOERROR',
    aa: true,
    answer: [
      'chain1.example 3600 CNAME chain2.example',
      'chain2.example 30 CNAME www.example',
      'www.example 300 A 192.0.2.1',
      'www.example 300 A 192.0.2.2',
    ],
  },
  {
    name: 'QTYPE CNAME returns the CNAME, not chased (RFC 1034 §4.3.2)',
    q: ['alias.example', 'CNAME'],
    rcode: 'NOERROR',
    aa: true,
    answer: ['alias.example 3600 CNAME www.example'],
  },
  {
    name: 'dangling CNAME is NXDOMAIN with the CNAME (RFC 6604 §3)',
    q: ['dangling.example', 'A'],
    rcode: 'NXDOMAIN',
    aa: true,
    answer: ['dangling.example 3600 CNAME nothere.b.example'],
    authority: ['example 300 SOA SOA'],
  },
  {
    name: 'CNAME to a name without QTYPE: NOERROR with SOA (RFC 2308 §2.2)',
    q: ['nodata-target.example', 'MX'],
    rcode: 'NOERROR',
    aa: true,
    answer: ['nodata-target.example 3600 CNAME host.example'],
    authority: ['example 300 SOA SOA'],
  },
  {
    name: 'CNAME across hosted zones',
    q: ['cross.example', 'A'],
    rcode: 'NOERROR',
    aa: true,
    answer: ['cross.example 3600 CNAME www.other.test', 'www.other.test 600 A 198.51.100.7'],
  },
  {
    name: 'CNAME out of every hosted zone ends the chain, no SOA',
    q: ['out.example', 'A'],
    rcode: 'NOERROR',
    aa: true,
    answer: ['out.example 3600 CNAME www.elsewhere.net'],
  },
  {
    name: 'CNAME into a delegation ends the chain',
    q: ['to-sub.example', 'A'],
    rcode: 'NOERROR',
    aa: true,
    answer: ['to-sub.example 3600 CNAME x.sub.example'],
  },
  {
    name: 'referral: NS in authority, glue, AA=0 (RFC 1034 §4.3.2 3b)',
    q: ['www.sub.example', 'A'],
    rcode: 'NOERROR',
    aa: false,
    authority: ['sub.example 3600 NS ns.sub.example', 'sub.example 3600 NS ns.elsewhere.net'],
    additional: ['ns.sub.example 3600 A 192.0.2.10', 'ns.sub.example 3600 AAAA 2001:db8::10'],
  },
  {
    name: 'referral at the cut itself',
    q: ['sub.example', 'A'],
    rcode: 'NOERROR',
    aa: false,
    authority: ['sub.example 3600 NS ns.sub.example', 'sub.example 3600 NS ns.elsewhere.net'],
    additional: ['ns.sub.example 3600 A 192.0.2.10', 'ns.sub.example 3600 AAAA 2001:db8::10'],
  },
  {
    name: 'DS at the cut is answered by the parent (RFC 4035 §3.1.4.1)',
    q: ['sub.example', 'DS'],
    rcode: 'NOERROR',
    aa: true,
    answer: ['sub.example 3600 DS [object Object]'],
  },
  {
    name: 'ANY: one synthesized HINFO, TTL 3600 (RFC 8482 §4.2)',
    q: ['example', 'ANY'],
    rcode: 'NOERROR',
    aa: true,
    answer: ['example 3600 HINFO RFC8482/'],
  },
  {
    name: 'ANY at an empty non-terminal',
    q: ['b.example', 'ANY'],
    rcode: 'NOERROR',
    aa: true,
    answer: ['b.example 3600 HINFO RFC8482/'],
  },
  {
    name: 'ANY at a CNAME returns the CNAME',
    q: ['alias.example', 'ANY'],
    rcode: 'NOERROR',
    aa: true,
    answer: ['alias.example 3600 CNAME www.example'],
  },
  {
    name: 'ANY at a missing name is NXDOMAIN',
    q: ['missing.b.example', 'ANY'],
    rcode: 'NXDOMAIN',
    aa: true,
    authority: ['example 300 SOA SOA'],
  },
  {
    name: 'apex of a second zone',
    q: ['other.test', 'NS'],
    rcode: 'NOERROR',
    aa: true,
    answer: ['other.test 600 NS ns1.example'],
  },
  {
    name: 'outside every hosted zone: REFUSED, AA=0',
    q: ['www.not-hosted.net', 'A'],
    rcode: 'REFUSED',
    aa: false,
  },
];

describe('authoritative answers', () => {
  it.each(ROWS)('$name', (row) => {
    const { reply } = ask(zones, queryBytes(row.q[0], row.q[1]));
    expect(reply.rcode).toBe(row.rcode);
    expect(Boolean(reply.flag_aa)).toBe(row.aa);
    expect((reply.answers ?? []).map(show)).toEqual(row.answer ?? []);
    expect((reply.authorities ?? []).map(show)).toEqual(row.authority ?? []);
    expect((reply.additionals ?? []).map(show)).toEqual(row.additional ?? []);
  });

  it('writes QNAME-owned records in the query case, others lowercase (§14.8)', () => {
    const { reply } = ask(zones, queryBytes('CHAIN1.ExAmPlE', 'A'));
    expect(reply.questions?.[0]?.name).toBe('CHAIN1.ExAmPlE');
    expect(reply.answers?.map((a) => a.name)).toEqual([
      'CHAIN1.ExAmPlE',
      'chain2.example',
      'www.example',
      'www.example',
    ]);
  });

  it('wildcard-synthesized owners take the query case (RFC 4592 §3.3)', () => {
    const { reply } = ask(zones, queryBytes('MiXeD.example', 'TXT'));
    expect(reply.answers?.[0]?.name).toBe('MiXeD.example');
  });
});

describe('CNAME limits (docs/doh-protocol.md §14.5)', () => {
  const links = Array.from({ length: 10 }, (_, i) => `c${i} CNAME c${i + 1}`).join('\n');
  const looped = indexOf({
    'loop.test.': `$ORIGIN loop.test.\n$TTL 60\n@ SOA ns hm 1 1 1 1 1\n@ NS ns\nns A 192.0.2.1\na CNAME b\nb CNAME a\n${links}\nc10 A 192.0.2.2\nc2x CNAME c2\n`,
  });

  it('a loop is SERVFAIL', () => {
    const { reply } = ask(looped, queryBytes('a.loop.test', 'A'));
    expect(reply.rcode).toBe('SERVFAIL');
    expect(reply.answers ?? []).toEqual([]);
  });

  it('eight CNAMEs are followed, nine are SERVFAIL', () => {
    expect(ask(looped, queryBytes('c2x.loop.test', 'A')).reply.rcode).toBe('SERVFAIL');
    const eight = ask(looped, queryBytes('c2.loop.test', 'A')).reply;
    expect(eight.rcode).toBe('NOERROR');
    expect(eight.answers?.filter((a) => a.type === 'CNAME')).toHaveLength(8);
  });
});
