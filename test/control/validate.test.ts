import { describe, expect, it } from 'vitest';
import { problemsForPut } from '../../src/control/validation/problem-paths';
import { EMPTY_CONTEXT, validateZone } from '../../src/control/validation/validate';
import type { RecordSet, Zone } from '../../src/zones/model';
import { set } from '../support/control-zones';

const APEX = 'example.com.';
const SOA = set(APEX, 'SOA', 300, ['ns1.example.net. hostmaster.example.net. 1 7200 900 1209600 300']);
const NS = set(APEX, 'NS', 300, ['ns1.example.net.', 'ns2.example.net.']);
const BASE = [SOA, NS];

function problems(recordSets: RecordSet[], others: Record<string, Record<string, string>> = {}, name = APEX) {
  const zone: Zone = { name, recordSets };
  const otherZones = new Map(Object.entries(others).map(([apex, m]) => [apex, new Map(Object.entries(m))]));
  return problemsForPut(validateZone(zone, { ...EMPTY_CONTEXT, otherZones }));
}

/** One row per rule: the record sets added to a valid apex, the path and words of the problem. */
const CASES: { rule: string; sets: RecordSet[]; path: string; message: RegExp; base?: RecordSet[] }[] = [
  {
    rule: 'SOA required at the apex',
    base: [NS],
    sets: [],
    path: 'example.com./SOA',
    message: /needs an SOA/,
  },
  {
    rule: 'SOA only at the apex',
    sets: [set('sub.example.com.', 'SOA', 300, [SOA.values[0]!])],
    path: 'sub.example.com./SOA',
    message: /only allowed at the zone apex/,
  },
  {
    rule: 'apex SOA has one value',
    base: [NS],
    sets: [set(APEX, 'SOA', 300, [SOA.values[0]!, 'ns9.example.net. h.example.net. 2 1 1 1 1'])],
    path: 'example.com./SOA',
    message: /exactly one value/,
  },
  { rule: 'NS required at the apex', base: [SOA], sets: [], path: 'example.com./NS', message: /needs NS/ },
  {
    rule: 'names inside the zone',
    sets: [set('www.example.org.', 'A', 300, ['192.0.2.1'])],
    path: 'www.example.org./A',
    message: /not inside the zone/,
  },
  {
    rule: 'CNAME not at the apex (RFC 1034 §3.6.2)',
    sets: [set(APEX, 'CNAME', 300, ['other.example.net.'])],
    path: 'example.com./CNAME',
    message: /cannot be at the zone apex/,
  },
  {
    rule: 'CNAME and other data (RFC 2181 §10.1)',
    sets: [
      set('www.example.com.', 'CNAME', 300, ['a.example.net.']),
      set('www.example.com.', 'A', 300, ['192.0.2.1']),
    ],
    path: 'www.example.com./CNAME',
    message: /cannot share its owner name/,
  },
  {
    rule: 'CNAME has one value',
    sets: [set('www.example.com.', 'CNAME', 300, ['a.example.net.', 'b.example.net.'])],
    path: 'www.example.com./CNAME',
    message: /exactly one value/,
  },
  {
    rule: 'CNAME loop in the zone',
    sets: [
      set('a.example.com.', 'CNAME', 300, ['b.example.com.']),
      set('b.example.com.', 'CNAME', 300, ['a.example.com.']),
    ],
    path: 'a.example.com./CNAME',
    message: /CNAME loop: a\.example\.com\. → b\.example\.com\. → a\.example\.com\./,
  },
  {
    rule: 'CNAME pointing at itself',
    sets: [set('self.example.com.', 'CNAME', 300, ['self.example.com.'])],
    path: 'self.example.com./CNAME',
    message: /CNAME loop/,
  },
  {
    rule: 'CNAME loop through a wildcard (RFC 4592)',
    sets: [set('*.example.com.', 'CNAME', 300, ['missing.example.com.'])],
    path: '*.example.com./CNAME',
    message: /CNAME loop: missing\.example\.com\. → missing\.example\.com\./,
  },
  {
    rule: 'data below a delegation is occluded',
    sets: [
      set('sub.example.com.', 'NS', 300, ['ns.sub.example.com.']),
      set('www.sub.example.com.', 'TXT', 300, ['"x"']),
    ],
    path: 'www.sub.example.com./TXT',
    message: /occluded by the delegation at sub\.example\.com\./,
  },
  {
    rule: 'data at a delegation point is occluded',
    sets: [
      set('sub.example.com.', 'NS', 300, ['ns.example.net.']),
      set('sub.example.com.', 'MX', 300, ['10 mx.example.net.']),
    ],
    path: 'sub.example.com./MX',
    message: /occluded by the delegation at sub\.example\.com\./,
  },
  {
    rule: 'a delegation below a delegation is occluded',
    sets: [
      set('sub.example.com.', 'NS', 300, ['ns.example.net.']),
      set('deeper.sub.example.com.', 'NS', 300, ['ns.example.net.']),
    ],
    path: 'deeper.sub.example.com./NS',
    message: /occluded/,
  },
  {
    rule: 'A at a delegation point that is not glue',
    sets: [
      set('sub.example.com.', 'NS', 300, ['ns.example.net.']),
      set('sub.example.com.', 'A', 300, ['192.0.2.1']),
    ],
    path: 'sub.example.com./A',
    message: /occluded/,
  },
  {
    rule: 'DS only at a delegation point',
    sets: [set('www.example.com.', 'DS', 300, ['60485 5 1 2bb183af5f22588179a53b0a98631fad1a292118'])],
    path: 'www.example.com./DS',
    message: /only allowed at a delegation point/,
  },
  {
    rule: '* only as the whole leftmost label',
    sets: [set('a.*.example.com.', 'A', 300, ['192.0.2.1'])],
    path: 'a.*.example.com./A',
    message: /whole leftmost label/,
  },
  {
    rule: '* not inside a label',
    sets: [set('a*.example.com.', 'A', 300, ['192.0.2.1'])],
    path: 'a*.example.com./A',
    message: /whole leftmost label/,
  },
  {
    rule: 'no wildcard NS',
    sets: [set('*.example.com.', 'NS', 300, ['ns.example.net.'])],
    path: '*.example.com./NS',
    message: /wildcard owner/,
  },
  {
    rule: 'TTL below 0',
    sets: [set('www.example.com.', 'A', -1, ['192.0.2.1'])],
    path: 'www.example.com./A',
    message: /TTL/,
  },
  {
    rule: 'TTL above 2147483647 (RFC 2181 §8)',
    sets: [set('www.example.com.', 'A', 2147483648, ['192.0.2.1'])],
    path: 'www.example.com./A',
    message: /TTL/,
  },
  {
    rule: 'TTL not an integer',
    sets: [set('www.example.com.', 'A', 1.5, ['192.0.2.1'])],
    path: 'www.example.com./A',
    message: /TTL/,
  },
  {
    rule: 'at most 400 values',
    sets: [
      set(
        'many.example.com.',
        'A',
        300,
        Array.from({ length: 401 }, (_, i) => `10.0.${i >> 8}.${i & 255}`),
      ),
    ],
    path: 'many.example.com./A',
    message: /at most 400/,
  },
  {
    rule: 'at least one value',
    sets: [set('www.example.com.', 'A', 300, [])],
    path: 'www.example.com./A',
    message: /at least one value/,
  },
  {
    rule: 'no duplicate values',
    sets: [set('www.example.com.', 'A', 300, ['192.0.2.1', '192.0.2.1'])],
    path: 'www.example.com./A',
    message: /duplicate values/,
  },
  {
    rule: 'one record set per name and type',
    sets: [set('www.example.com.', 'A', 300, ['192.0.2.1']), set('www.example.com.', 'A', 60, ['192.0.2.2'])],
    path: 'www.example.com./A',
    message: /more than once/,
  },
  {
    rule: 'no meta types (RFC 6895 §3.1)',
    sets: [set('www.example.com.', 'ANY', 300, ['\\# 0'])],
    path: 'www.example.com./ANY',
    message: /cannot be stored/,
  },
];

describe('validateZone', () => {
  it('accepts a minimal zone', () => {
    expect(problems(BASE)).toEqual([]);
  });

  it.each(CASES)('$rule', ({ sets, base, path, message }) => {
    const found = problems([...(base ?? BASE), ...sets]);
    expect(found.length).toBeGreaterThan(0);
    expect(found).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('accepts glue below a delegation and at it when an NS names the cut', () => {
    const sets = [
      set('sub.example.com.', 'NS', 300, ['sub.example.com.', 'ns.sub.example.com.']),
      set('sub.example.com.', 'A', 300, ['192.0.2.1']),
      set('sub.example.com.', 'DS', 300, ['60485 5 1 2bb183af5f22588179a53b0a98631fad1a292118']),
      set('ns.sub.example.com.', 'AAAA', 300, ['2001:db8::1']),
    ];
    expect(problems([...BASE, ...sets])).toEqual([]);
  });

  it('accepts a wildcard CNAME that does not loop, and CNAME chains', () => {
    const sets = [
      set('*.example.com.', 'CNAME', 300, ['www.example.com.']),
      set('www.example.com.', 'CNAME', 300, ['web.example.com.']),
      set('web.example.com.', 'A', 300, ['192.0.2.1']),
    ];
    expect(problems([...BASE, ...sets])).toEqual([]);
  });

  it('finds a CNAME loop across hosted zones', () => {
    const sets = [set('a.example.com.', 'CNAME', 300, ['b.example.org.'])];
    const found = problems([...BASE, ...sets], { 'example.org.': { 'b.example.org.': 'a.example.com.' } });
    expect(found).toEqual([
      {
        path: 'a.example.com./CNAME',
        message: 'CNAME loop: a.example.com. → b.example.org. → a.example.com.',
      },
    ]);
  });

  it('follows a name into the most specific hosted zone (nested zones)', () => {
    // sub.example.com. is its own hosted zone: x.sub.example.com. resolves there, not here.
    const sets = [
      set('a.example.com.', 'CNAME', 300, ['x.sub.example.com.']),
      set('x.sub.example.com.', 'CNAME', 300, ['a.example.com.']),
    ];
    expect(problems([...BASE, ...sets], { 'sub.example.com.': {} })).toEqual([]);
    const looping = problems([...BASE, ...sets], {
      'sub.example.com.': { 'x.sub.example.com.': 'a.example.com.' },
    });
    expect(looping).toContainEqual({
      path: 'a.example.com./CNAME',
      message: expect.stringMatching(/CNAME loop/),
    });
  });

  it('does not follow a CNAME target past a delegation', () => {
    const sets = [
      set('sub.example.com.', 'NS', 300, ['ns.example.net.']),
      set('a.example.com.', 'CNAME', 300, ['x.sub.example.com.']),
    ];
    expect(problems([...BASE, ...sets])).toEqual([]);
  });

  it('reports every problem at once', () => {
    const found = problems([
      NS,
      set('www.example.com.', 'CNAME', 300, ['a.example.net.', 'b.example.net.']),
      set('www.example.com.', 'TXT', -5, ['"x"']),
      set('x.example.org.', 'A', 300, ['192.0.2.1']),
    ]);
    expect(found.map((p) => p.path).sort()).toEqual([
      'example.com./SOA',
      'www.example.com./CNAME',
      'www.example.com./CNAME',
      'www.example.com./TXT',
      'x.example.org./A',
    ]);
  });

  it('refuses the root zone and non-canonical zone names', () => {
    expect(problems(BASE, {}, '.')[0]?.message).toMatch(/root zone/);
    expect(problems(BASE, {}, 'Example.COM.')[0]?.message).toMatch(/not canonical/);
  });
});
