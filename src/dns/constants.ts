/** DNS numbers, with the RFC names (RFC 1035 §3.2, IANA DNS parameters). */

export const RRTYPE = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  NULL: 10,
  PTR: 12,
  HINFO: 13,
  MX: 15,
  TXT: 16,
  RP: 17,
  AFSDB: 18,
  AAAA: 28,
  LOC: 29,
  SRV: 33,
  NAPTR: 35,
  CERT: 37,
  DNAME: 39,
  OPT: 41,
  DS: 43,
  SSHFP: 44,
  RRSIG: 46,
  NSEC: 47,
  DNSKEY: 48,
  NSEC3: 50,
  NSEC3PARAM: 51,
  TLSA: 52,
  CDS: 59,
  CDNSKEY: 60,
  OPENPGPKEY: 61,
  SVCB: 64,
  HTTPS: 65,
  SPF: 99,
  TKEY: 249,
  TSIG: 250,
  IXFR: 251,
  AXFR: 252,
  MAILB: 253,
  MAILA: 254,
  ANY: 255,
  URI: 256,
  CAA: 257,
} as const;

const TYPE_NAMES = new Map<number, string>(Object.entries(RRTYPE).map(([name, code]) => [code, name]));

/** `A` for 1, `TYPE1234` for types without a mnemonic (RFC 3597 §5). */
export function typeToString(type: number): string {
  return TYPE_NAMES.get(type) ?? `TYPE${type}`;
}

/** Mnemonic (any case) or `TYPEnnn` → number; undefined when neither. */
export function typeFromString(text: string): number | undefined {
  const upper = text.toUpperCase();
  const known = (RRTYPE as Record<string, number>)[upper];
  if (known !== undefined) return known;
  const m = /^TYPE(\d{1,5})$/.exec(upper);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 0 && n <= 65535 ? n : undefined;
}

export const CLASS = { IN: 1, CH: 3, HS: 4, NONE: 254, ANY: 255 } as const;

export const OPCODE = { QUERY: 0 } as const;

/** Response codes; values above 15 need an OPT record (RFC 6891 §6.1.3). */
export const RCODE = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  BADVERS: 16,
} as const;

export const EDNS_OPTION = { ECS: 8, PADDING: 12 } as const;

/** The reply OPT advertises this payload size; over DoH it has no effect (docs/doh-protocol.md §11). */
export const REPLY_UDP_SIZE = 1232;

/** Padding block size for replies (RFC 8467 §4.1). */
export const PADDING_BLOCK = 468;

/** Largest DNS message over DoH (RFC 8484 §6). */
export const MAX_MESSAGE_SIZE = 65535;
