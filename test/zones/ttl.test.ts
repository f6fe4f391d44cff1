import { describe, expect, it } from 'vitest';
import { MAX_TTL, parseTtl } from '../../src/zones/import/ttl';

describe('TTL values (RFC 2308 $TTL, BIND units)', () => {
  const good: [string, number][] = [
    ['0', 0],
    ['3600', 3600],
    ['1h', 3600],
    ['1h30m', 5400],
    ['2d', 172800],
    ['1w', 604800],
    ['1W2D3H4M5S', 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5],
    ['90s', 90],
    ['2147483647', MAX_TTL],
  ];
  for (const [text, seconds] of good) {
    it(`${text} = ${seconds}s`, () => expect(parseTtl(text)).toEqual({ ok: true, value: seconds }));
  }
  const bad = ['', '1x', 'h', '1h30', '-1', '1.5h', '2147483648', '9999999w', ' 1h'];
  for (const text of bad) {
    it(`rejects ${JSON.stringify(text)}`, () => expect(parseTtl(text).ok).toBe(false));
  }
});
