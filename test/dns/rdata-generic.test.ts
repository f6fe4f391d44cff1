/** tokensOf, the RFC 3597 generic form, limits, and formatRdata's never-throw fallback. */
import { describe, expect, it } from 'vitest';
import { RRTYPE } from '../../src/dns/constants';
import { canonicalRdataText, formatRdata, parseRdata, type Token, tokensOf } from '../../src/dns/rdata';
import { bytes, checkErrors, checkRows, hex, parseText } from '../support/rdata';

const t = (text: string, quoted = false): Token => ({ text, quoted });

describe('tokensOf', () => {
  const rows: [string, Token[]][] = [
    ['', []],
    ['  a b\t c\n', [t('a'), t('b'), t('c')]],
    ['"a b" c', [t('a b', true), t('c')]],
    ['"a\\"b"', [t('a\\"b', true)]],
    ['"" x', [t('', true), t('x')]],
    ['"abc""def"', [t('abc', true), t('def', true)]],
    ['a\\ b c', [t('a\\ b'), t('c')]],
    ['a\\"b', [t('a\\"b')]],
    ['\\# 4 0a000001', [t('\\#'), t('4'), t('0a000001')]],
    ['alpn="h2 x,h3" port=1', [t('alpn="h2 x,h3"'), t('port=1')]],
    ['key="a\\"b c"', [t('key="a\\"b c"')]],
  ];
  for (const [text, tokens] of rows) {
    it(JSON.stringify(text), () => expect(tokensOf(text)).toEqual({ ok: true, value: tokens }));
  }
  for (const [text, error] of [
    ['"abc', 'unterminated quoted string'],
    ['"abc\\"', 'unterminated quoted string'],
    ['abc\\', 'dangling backslash'],
    ['key="abc', 'unterminated quoted string'],
  ] as const) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      const r = tokensOf(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain(error);
    });
  }
});

describe('RFC 3597 generic form', () => {
  checkRows([
    { type: 'TYPE1234', text: '\\# 4 0a000001', canonical: '\\# 4 0a000001', wire: '0a000001' },
    { type: 'TYPE1234', text: '\\# 3 ab CD ef', canonical: '\\# 3 abcdef', note: 'hex split, mixed case' },
    { type: 'TYPE1234', text: '\\# 0', canonical: '\\# 0', wire: '' },
    { type: 'NULL', text: '\\# 2 0102', canonical: '\\# 2 0102', note: 'type 10 has no text form' },
    { type: 'A', text: '\\# 4 C0000201', canonical: '192.0.2.1', wire: 'c0000201', note: '§5: known type' },
    {
      type: 'NS',
      text: '\\# 13 034E5331 074578616D706C65 00',
      canonical: 'ns1.example.',
      wire: '036e7331 076578616d706c65 00',
      note: 'names come out lowercase',
    },
    { type: 'MX', text: '\\# 3 000a00', canonical: '10 .' },
  ]);
  checkErrors([
    {
      type: 'TYPE1234',
      text: '\\# 3 0a0000 01',
      error: 'generic RDATA length says 3 octets but the hex has 4',
    },
    { type: 'TYPE1234', text: '\\# 4 0a00000', error: 'generic RDATA: hex has an odd number of digits' },
    { type: 'TYPE1234', text: '\\# x', error: 'generic RDATA length must be a number 0–65535, got "x"' },
    { type: 'TYPE1234', text: '\\#', error: 'generic RDATA length is missing' },
    { type: 'TYPE1234', text: '\\# 70000', error: 'generic RDATA length must be 0–65535, got 70000' },
    {
      type: 'TYPE1234',
      text: '0a000001',
      error: 'TYPE1234 RDATA must be in the generic form \\# <length> <hex>',
    },
    {
      type: 'A',
      text: '\\# 3 010203',
      error: 'generic RDATA is not valid A RDATA: RDATA ends inside the address',
    },
    {
      type: 'A',
      text: '\\# 5 0102030405',
      error: 'generic RDATA is not valid A RDATA: 1 unexpected octet after the last field',
    },
    {
      type: 'NS',
      text: '\\# 2 c00c',
      error: 'generic RDATA is not valid NS RDATA: compression pointer in the nsdname',
    },
    { type: 'TXT', text: '\\# 0', error: 'generic RDATA is not valid TXT RDATA' },
    {
      type: 'CAA',
      text: '\\# 3 00 00 00',
      error: 'generic RDATA is not valid CAA RDATA: CAA tag is not 1–15 letters and digits',
    },
  ]);

  it('a quoted "\\#" is just text', () => {
    expect(canonicalRdataText(RRTYPE.TXT, [t('\\#', true), t('1', true)], undefined)).toEqual({
      ok: true,
      value: '"#" "1"',
    });
  });
});

describe('limits and type numbers', () => {
  it('rejects RDATA over 65535 octets', () => {
    const tokens = Array.from({ length: 257 }, () => t('a'.repeat(255), true));
    expect(parseRdata(RRTYPE.TXT, tokens, undefined)).toEqual({
      ok: false,
      error: 'TXT RDATA is 65792 octets; at most 65535',
    });
    expect(parseRdata(RRTYPE.TXT, tokens.slice(0, 255), undefined).ok).toBe(true);
  });

  it('rejects type numbers outside 0–65535', () => {
    expect(parseRdata(65536, [t('\\#'), t('0')], undefined)).toEqual({
      ok: false,
      error: 'RR type must be 0–65535, got 65536',
    });
    expect(parseRdata(-1, [], undefined).ok).toBe(false);
  });

  it('canonicalRdataText spells a value one way', () => {
    expect(canonicalRdataText(RRTYPE.MX, [t('010'), t('Mail')], 'Example.COM.')).toEqual({
      ok: true,
      value: '10 mail.example.com.',
    });
    expect(canonicalRdataText(RRTYPE.MX, [t('x')], undefined).ok).toBe(false);
  });
});

describe('formatRdata falls back to the generic form', () => {
  const rows: [string, number, string, string][] = [
    ['unknown type', 1234, '0a000001', '\\# 4 0a000001'],
    ['unknown type, empty', 1234, '', '\\# 0'],
    ['A too short', RRTYPE.A, '010203', '\\# 3 010203'],
    ['AAAA too long', RRTYPE.AAAA, '00'.repeat(17), `\\# 17 ${'00'.repeat(17)}`],
    ['NS with a compression pointer', RRTYPE.NS, '03777777c00c', '\\# 6 03777777c00c'],
    ['CNAME without its root label', RRTYPE.CNAME, '03777777', '\\# 4 03777777'],
    ['CNAME with a bad label type', RRTYPE.CNAME, '4000', '\\# 2 4000'],
    ['MX with trailing octets', RRTYPE.MX, '000a0000', '\\# 4 000a0000'],
    ['SOA truncated', RRTYPE.SOA, '000000000001', '\\# 6 000000000001'],
    ['TXT string overruns', RRTYPE.TXT, '0561', '\\# 2 0561'],
    ['TXT empty', RRTYPE.TXT, '', '\\# 0'],
    [
      'NAPTR with regexp and replacement',
      RRTYPE.NAPTR,
      '00010001 0155 00 0121 01610000',
      '\\# 13 00010001015500012101610000',
    ],
    ['DS with a short SHA-256 digest', RRTYPE.DS, '0001 08 02 00', '\\# 5 0001080200'],
    ['DNSKEY protocol 2', RRTYPE.DNSKEY, '0100 02 08 01', '\\# 5 0100020801'],
    ['OPENPGPKEY empty', RRTYPE.OPENPGPKEY, '', '\\# 0'],
    ['URI with an empty target', RRTYPE.URI, '00010001', '\\# 4 00010001'],
    ['CAA with a 16-octet tag', RRTYPE.CAA, `0010${'61'.repeat(16)}`, `\\# 18 0010${'61'.repeat(16)}`],
  ];
  for (const [name, type, wire, text] of rows) {
    it(name, () => expect(formatRdata(type, bytes(wire))).toBe(text));
  }
});

/** Deterministic PRNG (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('formatRdata never throws, and what it formats parses back', () => {
  const samples: [string, string][] = [
    ['A', '192.0.2.1'],
    ['AAAA', '2001:db8::1'],
    ['NS', 'ns1.example.'],
    ['CNAME', 'a.example.'],
    ['PTR', 'a.example.'],
    ['DNAME', 'a.example.'],
    ['MX', '10 mx.example.'],
    ['SOA', 'ns.example. host.example. 1 2 3 4 5'],
    ['TXT', '"a" "bc"'],
    ['SPF', '"v=spf1"'],
    ['HINFO', '"a" "b"'],
    ['SRV', '1 2 3 t.example.'],
    ['NAPTR', '1 2 "u" "E2U+sip" "!a!b!" .'],
    ['CAA', '0 issue "ca.example"'],
    ['URI', '1 2 "https://x.example/"'],
    ['DS', `1 8 1 ${'ab'.repeat(20)}`],
    ['CDS', '0 0 0 00'],
    ['SSHFP', `1 1 ${'ab'.repeat(20)}`],
    ['TLSA', '3 1 0 abcdef'],
    ['DNSKEY', '257 3 15 AQIDBA=='],
    ['CDNSKEY', '0 3 0 AA=='],
    ['OPENPGPKEY', 'AQIDBA=='],
    [
      'SVCB',
      '1 . mandatory=alpn alpn=h2,h3 no-default-alpn port=1 ipv4hint=1.2.3.4 ech=AQ== ipv6hint=::1 key9=x',
    ],
    ['HTTPS', '1 t.example. alpn=h2 dohpath=/q{?dns} ohttp'],
  ];
  /** Types without names in their RDATA come back byte for byte (names come back lowercased). */
  const nameless = new Set([
    'A',
    'AAAA',
    'TXT',
    'SPF',
    'HINFO',
    'CAA',
    'URI',
    'DS',
    'CDS',
    'SSHFP',
    'TLSA',
    'DNSKEY',
    'CDNSKEY',
    'OPENPGPKEY',
  ]);
  const next = random(9460);
  for (const [type, text] of samples) {
    it(type, () => {
      const parsed = parseText(type, text);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const typeNumber = RRTYPE[type as keyof typeof RRTYPE];
      const inputs: Uint8Array[] = [parsed.value];
      for (let i = 0; i < 400; i++) {
        const base = i % 4 === 0 ? new Uint8Array(Math.floor(next() * 24)) : parsed.value.slice();
        const mutated = Uint8Array.from(base);
        const edits = 1 + Math.floor(next() * 3);
        for (let e = 0; e < edits && mutated.length > 0; e++) {
          mutated[Math.floor(next() * mutated.length)] = Math.floor(next() * 256);
        }
        const cut = next() < 0.3 ? Math.floor(next() * mutated.length) : mutated.length;
        inputs.push(mutated.subarray(0, cut));
      }
      let decoded = 0;
      for (const input of inputs) {
        const formatted = formatRdata(typeNumber, input);
        if (formatted.startsWith('\\#')) continue;
        decoded++;
        const again = parseText(type, formatted);
        expect(again, `${type} ${hex(input)} → ${formatted}`).toMatchObject({ ok: true });
        if (!again.ok) continue;
        expect(formatRdata(typeNumber, again.value)).toBe(formatted);
        if (nameless.has(type)) expect(hex(again.value)).toBe(hex(input));
      }
      expect(decoded).toBeGreaterThan(0);
    });
  }
});
