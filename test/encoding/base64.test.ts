/**
 * src/encoding/base64.ts against node:buffer as an independent encoder: round trips at every
 * length mod 3, each refusal of the standard decoder with its message (zone-file RDATA shows these
 * messages), and the strict base64url rules of the DoH GET `dns` parameter (RFC 8484 §6).
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeBase64Url, encodeBase64, encodeBase64Url } from '../../src/encoding/base64';

/** n octets with both values of every bit among the first few, so each 6-bit group varies. */
const bytesOf = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 0x7b + 0xfb) & 0xff);

describe('round trips, lengths 0..10', () => {
  for (let n = 0; n <= 10; n++) {
    const bytes = bytesOf(n);
    it(`${n} octets, standard`, () => {
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text)).toEqual({ ok: true, value: bytes });
      // Padding is optional on input.
      expect(decodeBase64(text.replace(/=+$/, ''))).toEqual({ ok: true, value: bytes });
    });
    it(`${n} octets, base64url`, () => {
      const text = encodeBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(decodeBase64Url(text)).toEqual(bytes);
    });
  }
});

describe('alphabets', () => {
  // 0xfb 0xff 0xbf encodes to the last two characters of each alphabet.
  const high = Uint8Array.from([0xfb, 0xff, 0xbf]);
  it('standard uses + and /, base64url uses - and _', () => {
    expect(encodeBase64(high)).toBe('+/+/');
    expect(encodeBase64Url(high)).toBe('-_-_');
  });
  it('each decoder refuses the other alphabet', () => {
    expect(decodeBase64('-_-_')).toEqual({ ok: false, error: 'not a base64 character: "-"' });
    expect(decodeBase64Url('+/+/')).toBeNull();
    expect(decodeBase64Url('-_-_')).toEqual(high);
  });
});

describe('standard decode refusals', () => {
  const cases: [string, string, string][] = [
    ['more than two "="', 'A===', 'base64 has misplaced "=" padding'],
    ['padding on a length not a multiple of 4', 'AAA==', 'base64 has misplaced "=" padding'],
    ['"=" before the end', 'AA==AA==', 'not a base64 character: "="'],
    ['a character outside the alphabet', 'AA!A', 'not a base64 character: "!"'],
    ['whitespace', 'AA AA', 'not a base64 character: " "'],
    ['a character above U+007F', 'AAé=', 'not a base64 character: "é"'],
    ['a lone trailing character', 'AAAAA', 'base64 is truncated (length leaves a lone character)'],
    ['a lone character padded', 'A', 'base64 is truncated (length leaves a lone character)'],
  ];
  for (const [what, text, error] of cases) {
    it(what, () => expect(decodeBase64(text)).toEqual({ ok: false, error }));
  }
  it('a bad character is reported before the truncation', () => {
    expect(decodeBase64('AAAA!')).toEqual({ ok: false, error: 'not a base64 character: "!"' });
  });
  it('non-zero unused trailing bits are accepted', () => {
    expect(decodeBase64('AB==')).toEqual({ ok: true, value: Uint8Array.from([0]) });
  });
});

describe('strict base64url refusals (RFC 8484 §6, docs/doh-protocol.md §2)', () => {
  const cases: [string, string][] = [
    ['padding', 'AAA='],
    ['full padding', 'AA=='],
    ['"+"', 'AA+A'],
    ['"/"', 'AA/A'],
    ['whitespace', 'AA AA'],
    ['percent-encoding left in', 'A%2B'],
    ['a character above U+007F', 'AAé'],
    ['a lone trailing character', 'AAAAA'],
    ['a single character', 'A'],
    ['non-zero unused bits after 1 octet', 'AB'],
    ['non-zero unused bits after 2 octets', 'AAB'],
  ];
  for (const [what, text] of cases) {
    it(what, () => expect(decodeBase64Url(text)).toBeNull());
  }
  it('the empty string is no octets', () => {
    expect(decodeBase64Url('')).toEqual(new Uint8Array(0));
  });
});
