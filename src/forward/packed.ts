/**
 * A cached answer's records in one Uint8Array, the only per-record storage the cache keeps:
 * the section counts (3 × u16), then per record its owner (u16 index into a short list of
 * distinct owner names), TYPE (u16), TTL (u32), RDLENGTH (u16) and RDATA (uncompressed, as the
 * model holds it). TTLs are aged on the way out: records are rebuilt from the bytes with the TTL
 * reduced, their RDATA views onto the bytes, and nothing of the aged copy is kept.
 */
import type { ResourceRecord } from '../dns/message';

export interface PackedRecords {
  readonly bytes: Uint8Array;
  /** Distinct owner names, in order of first appearance. */
  readonly owners: readonly string[];
}

export interface Sections<T> {
  readonly answer: T;
  readonly authority: T;
  readonly additional: T;
}

const HEADER = 6;
/** Owner index, TYPE, TTL, RDLENGTH. */
const RECORD_HEADER = 10;
/** Where the TTL sits in a record. */
const TTL_AT = 4;

export function recordCount(s: Sections<readonly ResourceRecord[]>): number {
  return s.answer.length + s.authority.length + s.additional.length;
}

/** Length of the packed form, known before packing (for the per-entry cap). */
export function packedLength(s: Sections<readonly ResourceRecord[]>): number {
  let n = HEADER;
  for (const rrs of [s.answer, s.authority, s.additional]) {
    for (const rr of rrs) n += RECORD_HEADER + rr.rdata.length;
  }
  return n;
}

export function pack(s: Sections<readonly ResourceRecord[]>): PackedRecords {
  const bytes = new Uint8Array(packedLength(s));
  const view = new DataView(bytes.buffer);
  const owners: string[] = [];
  const index = new Map<string, number>();
  let at = HEADER;
  for (const [i, rrs] of [s.answer, s.authority, s.additional].entries()) {
    view.setUint16(2 * i, rrs.length);
    for (const rr of rrs) {
      let owner = index.get(rr.name);
      if (owner === undefined) {
        owner = owners.push(rr.name) - 1;
        index.set(rr.name, owner);
      }
      view.setUint16(at, owner);
      view.setUint16(at + 2, rr.type);
      view.setUint32(at + TTL_AT, rr.ttl);
      view.setUint16(at + 8, rr.rdata.length);
      bytes.set(rr.rdata, at + RECORD_HEADER);
      at += RECORD_HEADER + rr.rdata.length;
    }
  }
  return { bytes, owners };
}

/** TTL as served: the stored TTL aged by `by` seconds, or `fixed` for every record when given. */
export interface Aging {
  readonly by: number;
  readonly fixed?: number;
}

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number) => u16(b, at) * 0x10000 + u16(b, at + 2);

/** One section's `count` records from `at`; returns where the next section starts. */
function unpackSection(
  p: PackedRecords,
  at: number,
  count: number,
  aging: Aging,
  out: ResourceRecord[],
): number {
  const { bytes, owners } = p;
  for (let n = count; n > 0; n--) {
    const rdlength = u16(bytes, at + 8);
    const start = at + RECORD_HEADER;
    out.push({
      name: owners[u16(bytes, at)]!,
      type: u16(bytes, at + 2),
      ttl: aging.fixed ?? Math.max(0, u32(bytes, at + TTL_AT) - aging.by),
      rdata: bytes.subarray(start, start + rdlength),
    });
    at = start + rdlength;
  }
  return at;
}

/**
 * The records with TTLs aged; RDATA are views onto `p.bytes` (read-only by convention). A cache
 * hit runs this: plain reads and index loops, no DataView or iterator per call.
 */
export function unpack(p: PackedRecords, aging: Aging): Sections<ResourceRecord[]> {
  const answer: ResourceRecord[] = [];
  const authority: ResourceRecord[] = [];
  const additional: ResourceRecord[] = [];
  let at = unpackSection(p, HEADER, u16(p.bytes, 0), aging, answer);
  at = unpackSection(p, at, u16(p.bytes, 2), aging, authority);
  unpackSection(p, at, u16(p.bytes, 4), aging, additional);
  return { answer, authority, additional };
}
