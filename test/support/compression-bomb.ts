/**
 * Compression-pointer bombs (issue 9): messages whose names make a naive decompressor follow the
 * same pointer chain again and again. Plain bytes (no Buffer), so the Node upstream of the
 * forwarding tests and the benchmark can build them too.
 */

const HEADER = 12;

/** `www.example.com` A IN: name, QTYPE, QCLASS. */
export const BOMB_QUESTION = Uint8Array.from([
  3, 0x77, 0x77, 0x77, 7, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 3, 0x63, 0x6f, 0x6d, 0, 0, 1, 0, 1,
]);

/** Private-use type (RFC 6895 §3.1): opaque RDATA that no decoder reads names from. */
const OPAQUE_TYPE = 65280;

export interface BombOptions {
  /** Backward pointers in the chain, one after the other in the first record's RDATA. */
  readonly chain: number;
  /** Records after it whose owner points at the chain's last pointer; default: fill 65,535 octets. */
  readonly owners?: number;
  /** QR=1: an upstream reply rather than a query. */
  readonly response?: boolean;
  readonly id?: number;
  /** Question bytes (name, QTYPE, QCLASS) at offset 12; the chain ends there. */
  readonly question?: Uint8Array;
  /** Section the records go to: 0 answer, 1 authority, 2 additional. */
  readonly section?: 0 | 1 | 2;
}

const OWNER_RECORD_SIZE = 12; // pointer owner, type, class, TTL, RDLENGTH 0

/**
 * The audit's attack: one record holds `chain` pointers, each pointing at the one before it (the
 * first at the question name), and `owners` records are owned by the last pointer, so each owner
 * costs a naive decoder `chain + 1` pointer hops.
 */
export function compressionBomb(o: BombOptions): Uint8Array {
  const question = o.question ?? BOMB_QUESTION;
  const fixed = HEADER + question.length + 12 + 2 * o.chain;
  const owners = o.owners ?? Math.floor((65_535 - fixed) / OWNER_RECORD_SIZE);
  const out = new Uint8Array(fixed + owners * OWNER_RECORD_SIZE);
  const view = new DataView(out.buffer);
  view.setUint16(0, o.id ?? 0);
  view.setUint16(2, o.response ? 0x8180 : 0x0100);
  view.setUint16(4, 1);
  view.setUint16(6 + 2 * (o.section ?? 0), 1 + owners);
  out.set(question, HEADER);
  let at = HEADER + question.length;
  // The chain's record: owned by the question name, opaque RDATA of 2 × chain octets.
  view.setUint16(at, 0xc000 | HEADER);
  view.setUint16(at + 2, OPAQUE_TYPE);
  view.setUint16(at + 4, 1);
  view.setUint16(at + 10, 2 * o.chain);
  at += 12;
  let previous = HEADER;
  for (let i = 0; i < o.chain; i++) {
    view.setUint16(at, 0xc000 | previous);
    previous = at;
    at += 2;
  }
  for (let i = 0; i < owners; i++) {
    view.setUint16(at, 0xc000 | previous);
    view.setUint16(at + 2, 10); // NULL with no RDATA: the owner name is the whole cost
    view.setUint16(at + 4, 1);
    at += OWNER_RECORD_SIZE;
  }
  return out;
}

/**
 * A header, the name `a.` at offset 12, then `hops` pointers each pointing at the one before
 * (the first at `a.`). Reading the name at `offset` follows exactly `hops` pointers.
 */
export function pointerChain(hops: number): { bytes: Uint8Array; offset: number } {
  const out = new Uint8Array(HEADER + 3 + 2 * hops);
  out.set([1, 0x61, 0], HEADER);
  let previous = HEADER;
  let at = HEADER + 3;
  for (let i = 0; i < hops; i++) {
    out[at] = 0xc0 | (previous >> 8);
    out[at + 1] = previous & 0xff;
    previous = at;
    at += 2;
  }
  return { bytes: out, offset: previous };
}

/** Question bytes (name, QTYPE, QCLASS) of an uncompressed query. */
export function questionOf(query: Uint8Array): Uint8Array {
  let at = HEADER;
  while (at < query.length && query[at] !== 0) at += 1 + query[at]!;
  return query.slice(HEADER, at + 5);
}
