// biome-ignore-all lint/suspicious/noTemplateCurlyInString: BIND $GENERATE modifiers are written ${offset,width,base}
import { describe, expect, it } from 'vitest';
import { MAX_PROBLEMS } from '../../src/validation/problem-list';
import { MAX_ZONE_FILE_BYTES, MAX_ZONE_FILE_RECORDS, parseZoneFile } from '../../src/zones/import/zone-file';
import { expectProblems, problemLines } from '../support/zone-views';

function problemsOf(text: string): string[] {
  return problemLines(expectProblems(parseZoneFile(text, 'example.com')));
}

/** One row per kind of error; `want` is the complete list of problems, in order. */
const CASES: { name: string; text: string; want: string[] }[] = [
  {
    name: '$INCLUDE is refused',
    text: '$TTL 300\n$INCLUDE other.zone\nwww A 192.0.2.1',
    want: ['line 2: $INCLUDE is not supported: paste the included file in its place'],
  },
  { name: 'unknown directive', text: '$TTL 300\n$FOO bar', want: ['line 2: unknown directive $FOO'] },
  { name: '$ORIGIN without a name', text: '$ORIGIN', want: ['line 1: $ORIGIN takes one domain name'] },
  {
    name: '$TTL with a bad value',
    text: '$TTL 1x',
    want: ['line 1: $TTL: bad TTL "1x" (use seconds or units like 1h30m, 2d, 1w)'],
  },
  {
    name: 'TTL above 2^31-1 (RFC 2181 §8)',
    text: 'www 2147483648 A 192.0.2.1',
    want: ['line 1: TTL 2147483648 is above 2147483647 (RFC 2181 §8)'],
  },
  {
    name: 'class other than IN',
    text: '$TTL 300\nwww CH A 192.0.2.1',
    want: ['line 2: class CH is not supported (only IN)'],
  },
  { name: 'unknown type', text: '$TTL 300\nwww FOO 1', want: ['line 2: unknown record type "FOO"'] },
  { name: 'missing type', text: '$TTL 300\nwww 300 IN', want: ['line 2: missing record type'] },
  {
    name: 'query type in a zone (RFC 6895)',
    text: '$TTL 300\nwww ANY \\# 0',
    want: ['line 2: ANY is a query or meta type and cannot be stored in a zone'],
  },
  {
    name: 'owner outside the zone',
    text: '$TTL 300\nwww.example.org. A 192.0.2.1',
    want: ['line 2: www.example.org. is outside the zone example.com.'],
  },
  {
    name: '$ORIGIN outside the zone, then a record',
    text: '$TTL 300\n$ORIGIN example.net.\nwww A 192.0.2.1',
    want: ['line 3: www.example.net. is outside the zone example.com.'],
  },
  {
    name: '"*" that is not a whole leftmost label',
    text: '$TTL 300\na.*.b A 192.0.2.1\nx* A 192.0.2.1',
    want: [
      'line 2: a.*.b.example.com.: "*" is only allowed as the whole leftmost label (a wildcard)',
      'line 3: x*.example.com.: "*" is only allowed as the whole leftmost label (a wildcard)',
    ],
  },
  {
    name: 'blank owner on the first record',
    text: '$TTL 300\n  A 192.0.2.1',
    want: ['line 2: no owner name, and no earlier record to take it from'],
  },
  {
    name: 'no TTL anywhere (no $TTL, no SOA)',
    text: 'www A 192.0.2.1',
    want: ['line 1: no TTL for this record: add a $TTL directive or a TTL on the record'],
  },
  {
    name: 'SOA below the apex',
    text: '$TTL 300\nsub SOA ns hm 1 2 3 4 5',
    want: ['line 2: SOA record at sub.example.com.: the SOA belongs at the zone apex example.com.'],
  },
  {
    name: 'two SOA records',
    text: '$TTL 300\n@ SOA ns hm 1 2 3 4 5\n@ SOA ns hm 2 2 3 4 5',
    want: ['line 2: example.com. has 2 SOA records; only one is allowed'],
  },
  {
    name: 'CNAME and other data (RFC 1034 §3.6.2)',
    text: '$TTL 300\nwww CNAME a\nwww A 192.0.2.1',
    want: ['line 2: www.example.com. has a CNAME and other data (A); RFC 1034 §3.6.2 forbids it'],
  },
  {
    name: 'two CNAME targets',
    text: '$TTL 300\nwww CNAME a\nwww CNAME b',
    want: ['line 2: www.example.com. has 2 CNAME records; only one is allowed'],
  },
  {
    name: '$GENERATE with a bad range',
    text: '$TTL 300\n$GENERATE 5-1 h$ A 192.0.2.$',
    want: ['line 2: $GENERATE range "5-1" starts after it stops'],
  },
  {
    name: '$GENERATE with a bad modifier',
    text: '$TTL 300\n$GENERATE 1-2 h${x} A 192.0.2.1',
    want: [
      'line 2: $GENERATE owner: bad modifier "${x}" (expected ${offset[,width[,base]]}, base d, o, x, X, n or N)',
    ],
  },
  {
    name: '$GENERATE producing bad RDATA stops at the first bad iteration',
    text: '$TTL 300\n$GENERATE 250-260 h$ A 192.0.2.$',
    want: ['line 2: $GENERATE iteration 256: A: '],
  },
  {
    name: 'unbalanced parentheses and quotes',
    text: '$TTL 300\na TXT "x" )\nb TXT "open\nc SOA ( 1',
    want: [
      'line 2: ")" without a matching "("',
      'line 3: quoted string not closed on this line',
      'line 4: "(" without a matching ")"',
    ],
  },
];

describe('parseZoneFile: problems, with their lines', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const got = problemsOf(c.text);
      expect(got).toHaveLength(c.want.length);
      // Messages from the RDATA codec are not ours to pin: rows may give a prefix only.
      for (const [i, line] of got.entries()) {
        expect(line.startsWith(c.want[i]!), `${line} ≠ ${c.want[i]}`).toBe(true);
      }
    });
  }

  it('reports bad RDATA with the line of the record', () => {
    const got = expectProblems(parseZoneFile('$TTL 300\n\nwww A 192.0.2.300\nmx MX mail', 'example.com'));
    expect(got.map((p) => p.path)).toEqual(['line 3', 'line 4']);
    expect(got[0]!.message).toMatch(/^A: /);
    expect(got[1]!.message).toMatch(/^MX: /);
  });

  it('reports every problem at once, and nothing partial', () => {
    const text = [
      '$TTL 300',
      'good A 192.0.2.1',
      'bad1 A not-an-address',
      '$INCLUDE x',
      'bad2 FOO 1',
      'www.example.org. A 192.0.2.1',
      'good2 AAAA 2001:db8::1',
      'bad3 CH A 192.0.2.1',
    ].join('\n');
    const got = expectProblems(parseZoneFile(text, 'example.com'));
    expect(got.map((p) => p.path)).toEqual(['line 3', 'line 4', 'line 5', 'line 6', 'line 8']);
  });

  it('reports the right line after multi-line entries', () => {
    const text = '$TTL 300\n@ SOA ns hm (\n 1 2 3\n 4 5 )\n; comment\nwww A 192.0.2.999';
    expect(expectProblems(parseZoneFile(text, 'example.com')).map((p) => p.path)).toEqual(['line 6']);
  });

  it('rejects a bad zone name', () => {
    const got = expectProblems(parseZoneFile('', 'exa..mple'));
    expect(got).toHaveLength(1);
    expect(got[0]!.path).toBe('zone');
  });

  it(`rejects input over ${MAX_ZONE_FILE_BYTES} bytes without reading it`, () => {
    const text = `; ${'x'.repeat(MAX_ZONE_FILE_BYTES)}`;
    expect(problemsOf(text)).toEqual([`line 1: zone file larger than ${MAX_ZONE_FILE_BYTES} bytes`]);
  });

  it('counts bytes, not characters', () => {
    const text = `; ${'é'.repeat(MAX_ZONE_FILE_BYTES / 2)}`;
    expect(text.length).toBeLessThan(MAX_ZONE_FILE_BYTES);
    expect(problemsOf(text)).toEqual([`line 1: zone file larger than ${MAX_ZONE_FILE_BYTES} bytes`]);
  });

  it(`rejects more than ${MAX_ZONE_FILE_RECORDS} records`, () => {
    const text = `$TTL 300\n$GENERATE 0-${MAX_ZONE_FILE_RECORDS} h$ A 192.0.2.1`;
    expect(problemsOf(text)).toEqual([`line 2: more than ${MAX_ZONE_FILE_RECORDS} records; split the zone`]);
  });

  it(`stops listing after ${MAX_PROBLEMS} problems`, () => {
    const text = Array.from({ length: MAX_PROBLEMS + 50 }, (_, i) => `h${i} FOO 1`).join('\n');
    const got = problemsOf(text);
    expect(got).toHaveLength(MAX_PROBLEMS + 1);
    expect(got[MAX_PROBLEMS]).toMatch(/more than 1000 problems; stopped reporting$/);
  });
});
