/**
 * Decoder for replies from upstream resolvers. Names inside RDATA are decompressed for the types
 * where compression may appear (RFC 3597 §4), so records leave here in the model's uncompressed
 * form; the OPT record is read (extended RCODE, ECS scope) and dropped, since edgesteer rebuilds
 * OPT from the client's query. Records of a class other than IN are dropped.
 *
 * Every name of a reply (question, owners, names in RDATA) spends from one NameBudget, and each
 * name follows at most 127 pointers, so no reply of 65,535 octets costs more than the budget's
 * bound; a reply over it is undecodable (the forwarder answers SERVFAIL + EDE 23).
 */
import { err, ok, type Result } from '../../result';
import { CLASS, EDNS_OPTION, RRTYPE } from '../constants';
import type { ResourceRecord } from '../message';
import { nameToWire } from '../name';
import { messageNameBudget, type NameBudget, nameFromWire } from '../wire-name';

export interface UpstreamReply {
  readonly id: number;
  /** Full RCODE: header bits plus the OPT's extended RCODE. */
  readonly rcode: number;
  readonly aa: boolean;
  readonly tc: boolean;
  readonly ad: boolean;
  readonly qdcount: number;
  /** The first question's bytes as received, or null. */
  readonly question: Uint8Array | null;
  readonly answer: readonly ResourceRecord[];
  readonly authority: readonly ResourceRecord[];
  readonly additional: readonly ResourceRecord[];
  /** SCOPE PREFIX-LENGTH of the upstream's ECS option, when it sent one. */
  readonly ecsScope: number | null;
  /** The bytes this was decoded from (kept for the shared cache). */
  readonly wire: Uint8Array;
}

/** Field layout of RDATA that may hold compressed names: `n` a name, a number a fixed run of octets. */
const NAME_LAYOUTS: ReadonlyMap<number, readonly ('n' | number)[]> = new Map<number, ('n' | number)[]>([
  [RRTYPE.NS, ['n']],
  [3, ['n']], // MD
  [4, ['n']], // MF
  [RRTYPE.CNAME, ['n']],
  [RRTYPE.SOA, ['n', 'n', 20]],
  [7, ['n']], // MB
  [8, ['n']], // MG
  [9, ['n']], // MR
  [RRTYPE.PTR, ['n']],
  [14, ['n', 'n']], // MINFO
  [RRTYPE.MX, [2, 'n']],
  [RRTYPE.RP, ['n', 'n']],
  [RRTYPE.AFSDB, [2, 'n']],
  [RRTYPE.SRV, [6, 'n']], // RFC 2052 servers still compress it (RFC 3597 §4)
]);

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | u16(b, at + 2)) >>> 0;

function rdataOf(
  bytes: Uint8Array,
  type: number,
  start: number,
  end: number,
  budget: NameBudget,
): Result<Uint8Array, string> {
  const layout = NAME_LAYOUTS.get(type);
  if (layout === undefined) return ok(bytes.slice(start, end));
  const parts: Uint8Array[] = [];
  let at = start;
  for (const field of layout) {
    if (field === 'n') {
      const name = nameFromWire(bytes, at, false, budget);
      if (!name.ok) return name;
      parts.push(nameToWire(name.value.name));
      at = name.value.end;
    } else {
      parts.push(bytes.subarray(at, at + field));
      at += field;
    }
  }
  if (at !== end) return err(`RDATA of type ${type} does not match its RDLENGTH`);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let w = 0;
  for (const p of parts) {
    out.set(p, w);
    w += p.length;
  }
  return ok(out);
}

function ecsScopeOf(bytes: Uint8Array, start: number, end: number): number | null {
  for (let at = start; at + 4 <= end; at += 4 + u16(bytes, at + 2)) {
    if (u16(bytes, at) === EDNS_OPTION.ECS && u16(bytes, at + 2) >= 4) return bytes[at + 7] ?? null;
  }
  return null;
}

/** Decodes an upstream reply; `budget` bounds the work on its names (tests pass one to observe it). */
export function decodeReply(
  bytes: Uint8Array,
  budget: NameBudget = messageNameBudget(bytes.length),
): Result<UpstreamReply, string> {
  if (bytes.length < 12) return err('shorter than a DNS header');
  const flags = u16(bytes, 2);
  if ((flags & 0x8000) === 0) return err('QR=0: not a response');
  const qdcount = u16(bytes, 4);
  let at = 12;
  let question: Uint8Array | null = null;
  for (let i = 0; i < qdcount; i++) {
    const name = nameFromWire(bytes, at, true, budget);
    if (!name.ok) return err(`question: ${name.error}`);
    if (name.value.end + 4 > bytes.length) return err('question runs past the end');
    if (i === 0) question = bytes.slice(at, name.value.end + 4);
    at = name.value.end + 4;
  }
  const sections: ResourceRecord[][] = [[], [], []];
  let rcode = flags & 0xf;
  let ecsScope: number | null = null;
  for (let s = 0; s < 3; s++) {
    for (let i = u16(bytes, 6 + 2 * s); i > 0; i--) {
      const owner = nameFromWire(bytes, at, true, budget);
      if (!owner.ok) return err(`record owner: ${owner.error}`);
      at = owner.value.end;
      if (at + 10 > bytes.length) return err('record header runs past the end');
      const type = u16(bytes, at);
      const klass = u16(bytes, at + 2);
      const ttl = u32(bytes, at + 4);
      const start = at + 10;
      const end = start + u16(bytes, at + 8);
      if (end > bytes.length) return err('RDATA runs past the end');
      at = end;
      if (type === RRTYPE.OPT) {
        rcode |= bytes[start - 6]! << 4;
        ecsScope = ecsScopeOf(bytes, start, end);
        continue;
      }
      if (klass !== CLASS.IN) continue;
      const rdata = rdataOf(bytes, type, start, end, budget);
      if (!rdata.ok) return rdata;
      // RFC 2181 §8: a TTL with the top bit set is treated as 0.
      sections[s]!.push({
        name: owner.value.name,
        type,
        ttl: ttl > 0x7fffffff ? 0 : ttl,
        rdata: rdata.value,
      });
    }
  }
  if (at !== bytes.length) return err(`${bytes.length - at} bytes after the last record`);
  return ok({
    id: u16(bytes, 0),
    rcode,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    ad: (flags & 0x0020) !== 0,
    qdcount,
    question,
    answer: sections[0]!,
    authority: sections[1]!,
    additional: sections[2]!,
    ecsScope,
    wire: bytes,
  });
}
