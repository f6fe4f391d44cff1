import { describe, expect, it } from 'vitest';
import { plainDnsParam } from '../../../src/http/doh/wire-request';

/** What URLSearchParams reads as the first `dns` parameter. */
const viaUrl = (url: string) => new URL(url).searchParams.get('dns');

describe('plainDnsParam', () => {
  const base = 'https://doh.example:8443/dns-query';
  it('reads the first dns parameter as URLSearchParams does, wherever it stands', () => {
    for (const query of [
      '?dns=AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB',
      '?ct=application/dns-message&dns=abc_-9',
      '?dns=first&dns=second',
      '?dns=',
      '?dns',
      '?x=1&dns=a=b&y=2',
      '?&&dns=q&',
      '?dnsx=1&xdns=2&dns=3',
      '?name=example.com&dns=zz',
      `?${'a&'.repeat(8000)}dns=last`,
      `?${'a&'.repeat(8000)}x=1&dns=last`,
    ]) {
      const url = `${base}${query}`;
      expect(plainDnsParam(url), query).toBe(viaUrl(url));
    }
  });

  it('leaves to URLSearchParams what needs decoding or has no dns parameter', () => {
    for (const query of [
      '',
      '?',
      '?name=example.com',
      '?dn%73=abc',
      '?dns=a%2Bb',
      '?dns=a+b',
      '?d+ns=a&dns=b',
      '?x=%41&y',
    ]) {
      expect(plainDnsParam(`${base}${query}`), query).toBeUndefined();
    }
  });

  it('a decodable value after an encoded key is still found by the fallback', () => {
    // "dn%73" is "dns": a scan that skipped it would take the second pair as the first.
    const url = `${base}?dn%73=one&dns=two`;
    expect(plainDnsParam(url)).toBeUndefined();
    expect(viaUrl(url)).toBe('one');
  });
});
