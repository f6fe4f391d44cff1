import { describe, expect, it } from 'vitest';
import { parseIPv4, parseIPv6 } from '../../src/dns/rdata/addresses';
import { geoTable, lookupCountry } from '../../src/location/geoip';
import { type GeoTable, lookupIn } from '../../src/location/geoip-table';

const ip = (text: string): Uint8Array => {
  const parsed = text.includes(':') ? parseIPv6(text) : parseIPv4(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

// Rows of geo-whois-asn-country-ipv4.csv / -ipv6.csv: stable early allocations with known neighbours.
describe('bundled table: addresses from the source CSV', () => {
  it.each([
    // 1.0.0.0,1.0.0.255,AU between unknown 0.x/gap and 1.0.1.0 CN → exactly its /24
    ['1.0.0.1', 'AU', 24],
    // 1.0.1.0,1.0.3.255,CN: 1.0.1.x only fits a /24, 1.0.2.x–1.0.3.x fit the aligned /23
    ['1.0.1.9', 'CN', 24],
    ['1.0.2.5', 'CN', 23],
    // 1.0.4.0,1.0.7.255,AU → /22
    ['1.0.6.1', 'AU', 22],
    // 81.0.128.0,81.0.191.255,NO → /18
    ['81.0.130.1', 'NO', 18],
    // 2001:218:2000:52::/64 JP between AU runs → the table's full /64 granularity
    ['2001:218:2000:52::1', 'JP', 64],
    // 2001:67c:4::/48 DE between IE and a gap
    ['2001:67c:4:1::1', 'DE', 48],
  ])('%s → %s, scope /%i', (address, country, scope) => {
    expect(lookupCountry(ip(address))).toEqual({ country, scope });
  });

  it.each([
    ['192.0.2.1'],
    ['198.51.100.7'],
    ['203.0.113.9'],
    ['2001:db8::1'],
    ['10.1.2.3'],
    ['127.0.0.1'],
    ['fe80::1'],
    ['::1'],
  ])('%s is unknown (documentation and special-purpose blocks are never located)', (address) => {
    expect(lookupCountry(ip(address))).toBeUndefined();
  });

  it('rejects addresses that are neither 4 nor 16 bytes', () => {
    expect(lookupCountry(new Uint8Array(3))).toBeUndefined();
  });

  it('records the source package, version and date in the header', () => {
    for (const family of [4, 6] as const) {
      const { meta, countries, high, country } = geoTable(family);
      expect(meta.source).toBe('@ip-location-db/geo-whois-asn-country');
      expect(meta.version).toMatch(/^\d+\.\d+\.\d{10}$/);
      expect(meta.sourceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(countries[0]).toBe('--');
      expect(high.length).toBe(country.length);
      expect(high.length).toBeGreaterThan(100_000);
      expect(high[0]).toBe(0);
    }
  });

  it('keeps run starts sorted and merges neighbouring runs of the same country', () => {
    for (const family of [4, 6] as const) {
      const t = geoTable(family);
      for (let i = 1; i < t.high.length; i++) {
        const [h0, h1] = [t.high[i - 1]!, t.high[i]!];
        const ordered = h1 > h0 || (family === 6 && h1 === h0 && t.low[i]! > t.low[i - 1]!);
        if (!ordered || t.country[i] === t.country[i - 1]) {
          throw new Error(`IPv${family} run ${i} is out of order or not merged`);
        }
      }
    }
  });
});

/** A hand-made IPv4 table: runs as [start, country] over the whole space. */
function table4(runs: readonly (readonly [string, string])[]): GeoTable {
  const countries = ['--', ...new Set(runs.map(([, c]) => c).filter((c) => c !== '--'))];
  const start = (text: string) => new DataView(ip(text).buffer).getUint32(0);
  return {
    family: 4,
    high: Uint32Array.from(runs.map(([s]) => start(s))),
    low: new Uint32Array(0),
    country: Uint8Array.from(runs.map(([, c]) => countries.indexOf(c))),
    countries,
    meta: { source: 'test', version: '0', sourceDate: '2026-01-01' },
  };
}

/** A hand-made IPv6 table: runs as [first /64 as 16 hex digits, country]. */
function table6(runs: readonly (readonly [string, string])[]): GeoTable {
  const countries = ['--', ...new Set(runs.map(([, c]) => c).filter((c) => c !== '--'))];
  return {
    family: 6,
    high: Uint32Array.from(runs.map(([s]) => Number.parseInt(s.slice(0, 8), 16))),
    low: Uint32Array.from(runs.map(([s]) => Number.parseInt(s.slice(8), 16))),
    country: Uint8Array.from(runs.map(([, c]) => countries.indexOf(c))),
    countries,
    meta: { source: 'test', version: '0', sourceDate: '2026-01-01' },
  };
}

describe('scope on hand-made tables', () => {
  const t4 = table4([
    ['0.0.0.0', '--'],
    ['10.0.0.0', 'AA'], // 10.0.0.0/8 exactly
    ['11.0.0.0', 'BB'], // 11.0.0.0 – 11.0.0.127 (/25)
    ['11.0.0.128', 'CC'], // 11.0.0.128 – 11.0.2.255 (unaligned: /25 + /23)
    ['11.0.3.0', '--'],
    ['128.0.0.0', 'DD'], // the whole upper half, /1
  ]);
  it.each([
    ['10.200.1.1', 'AA', 8],
    ['11.0.0.5', 'BB', 25],
    ['11.0.0.200', 'CC', 25],
    ['11.0.1.1', 'CC', 24],
    ['11.0.2.1', 'CC', 24],
    ['200.1.2.3', 'DD', 1],
    ['255.255.255.255', 'DD', 1],
  ])('IPv4 %s → %s /%i', (address, country, scope) => {
    expect(lookupIn(t4, ip(address))).toEqual({ country, scope });
  });
  it.each([['9.255.255.255'], ['11.0.3.0'], ['127.255.255.255']])('IPv4 gap %s → unknown', (address) => {
    expect(lookupIn(t4, ip(address))).toBeUndefined();
  });

  it('a single country over the whole space has scope 0', () => {
    expect(lookupIn(table4([['0.0.0.0', 'ZZ']]), ip('1.2.3.4'))).toEqual({ country: 'ZZ', scope: 0 });
    expect(lookupIn(table6([['0000000000000000', 'ZZ']]), ip('2a00::1'))).toEqual({
      country: 'ZZ',
      scope: 0,
    });
  });

  const t6 = table6([
    ['0000000000000000', '--'],
    ['2001000000000000', 'AA'], // 2001::/16
    ['2002000000000000', 'BB'], // the single /64 2002::/64
    ['2002000000000001', 'CC'], // 2002:0:0:1:: up to 2002:0:0:ffff:ffff:ffff:ffff:ffff
    ['2002000000010000', '--'], // from 2002:0:1::
    ['fffffffffffffffe', 'DD'], // the last two /64s
  ]);
  it.each([
    ['2001:abcd::1', 'AA', 16],
    ['2002::1', 'BB', 64],
    ['2002:0:0:1::1', 'CC', 64],
    ['2002:0:0:2::1', 'CC', 63],
    ['2002:0:0:8000::', 'CC', 49],
    ['ffff:ffff:ffff:ffff::1', 'DD', 63],
  ])('IPv6 %s → %s /%i', (address, country, scope) => {
    expect(lookupIn(t6, ip(address))).toEqual({ country, scope });
  });
});
