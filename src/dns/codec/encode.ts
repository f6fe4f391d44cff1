/**
 * Response encoder. Owner names equal to QNAME become a pointer to the question, so they carry the
 * query's case (docs/doh-protocol.md §14.8); other owner names are compressed against earlier owners.
 * RDATA is written as stored (uncompressed). Never sets TC: a reply that would pass 65,535 octets is
 * reported as `null` and the caller answers SERVFAIL (RFC 8484 §6).
 */
import { CLASS, EDNS_OPTION, MAX_MESSAGE_SIZE, PADDING_BLOCK, REPLY_UDP_SIZE, RRTYPE } from '../constants';
import { EDE_OPTION_CODE, edeOptionData } from '../ede';
import type { ReplyEdns, ResourceRecord, Response } from '../message';
import { nameToWire } from '../name';

const HEADER_SIZE = 12;
const QUESTION_POINTER = 0xc000 | HEADER_SIZE;

/** One scratch buffer per isolate: encoding is synchronous, so requests never share it mid-write. */
const scratch = new Uint8Array(MAX_MESSAGE_SIZE);
const nameWireCache = new Map<string, Uint8Array>();
const NAME_CACHE_LIMIT = 10_000;

class Overflow extends Error {}

function wireOf(name: string): Uint8Array {
  let w = nameWireCache.get(name);
  if (w === undefined) {
    w = nameToWire(name);
    if (nameWireCache.size >= NAME_CACHE_LIMIT) nameWireCache.clear();
    nameWireCache.set(name, w);
  }
  return w;
}

class Writer {
  at = 0;
  /**
   * Canonical owner name → offset of its first full spelling in this message; made on the first
   * owner that is not QNAME (most answers have none).
   */
  private owners: Map<string, number> | undefined;

  constructor(private readonly qname: string | null) {}

  private room(n: number): void {
    if (this.at + n > MAX_MESSAGE_SIZE) throw new Overflow();
  }

  u8(v: number): void {
    this.room(1);
    scratch[this.at++] = v;
  }

  u16(v: number): void {
    this.room(2);
    scratch[this.at++] = v >>> 8;
    scratch[this.at++] = v & 0xff;
  }

  u32(v: number): void {
    this.u16(v >>> 16);
    this.u16(v & 0xffff);
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    scratch.set(b, this.at);
    this.at += b.length;
  }

  owner(name: string): void {
    if (name === this.qname) {
      this.u16(QUESTION_POINTER);
      return;
    }
    const seen = this.owners?.get(name);
    if (seen !== undefined) {
      this.u16(0xc000 | seen);
      return;
    }
    if (this.at < 0x4000) {
      this.owners ??= new Map();
      this.owners.set(name, this.at);
    }
    this.bytes(wireOf(name));
  }

  record(rr: ResourceRecord): void {
    this.owner(rr.name);
    this.u16(rr.type);
    this.u16(CLASS.IN);
    this.u32(rr.ttl);
    this.u16(rr.rdata.length);
    this.bytes(rr.rdata);
  }
}

function flagsOf(r: Response): number {
  return (
    0x8000 |
    ((r.opcode & 0xf) << 11) |
    (r.aa ? 0x0400 : 0) |
    (r.rd ? 0x0100 : 0) |
    (r.ra ? 0x0080 : 0) |
    (r.ad ? 0x0020 : 0) |
    (r.cd ? 0x0010 : 0) |
    (r.rcode & 0xf)
  );
}

function writeOpt(w: Writer, edns: ReplyEdns, extendedRcode: number): void {
  w.u8(0); // root owner
  w.u16(RRTYPE.OPT);
  w.u16(REPLY_UDP_SIZE);
  w.u8(extendedRcode);
  w.u8(0); // version 0
  w.u16(edns.dnssecOk ? 0x8000 : 0); // every other flag bit cleared (RFC 8906 §8.2.4)
  const rdlengthAt = w.at;
  w.u16(0);
  const ecs = edns.clientSubnet;
  if (ecs !== null) {
    w.u16(EDNS_OPTION.ECS);
    w.u16(4 + ecs.address.length);
    w.u16(ecs.family);
    w.u8(ecs.sourcePrefix);
    w.u8(ecs.scopePrefix);
    w.bytes(ecs.address);
  }
  for (const e of edns.extendedErrors ?? []) {
    const data = edeOptionData(e);
    w.u16(EDE_OPTION_CODE);
    w.u16(data.length);
    w.bytes(data);
  }
  if (edns.padding) {
    // RFC 8467 §4.1: pad the whole message to a multiple of 468; give up rather than pass 65,535.
    const n = (PADDING_BLOCK - ((w.at + 4) % PADDING_BLOCK)) % PADDING_BLOCK;
    if (w.at + 4 + n <= MAX_MESSAGE_SIZE) {
      w.u16(EDNS_OPTION.PADDING);
      w.u16(n);
      scratch.fill(0, w.at, w.at + n);
      w.at += n;
    }
  }
  const rdlength = w.at - rdlengthAt - 2;
  scratch[rdlengthAt] = rdlength >>> 8;
  scratch[rdlengthAt + 1] = rdlength & 0xff;
}

/** Encodes a response; null when it would not fit in 65,535 octets. */
export function encodeResponse(r: Response): Uint8Array | null {
  const w = new Writer(r.question?.name ?? null);
  try {
    w.u16(r.id);
    w.u16(flagsOf(r));
    w.u16(r.question === null ? 0 : 1);
    w.u16(r.answer.length);
    w.u16(r.authority.length);
    w.u16(r.additional.length + (r.edns === null ? 0 : 1));
    if (r.question !== null) w.bytes(r.question.wire);
    for (const rr of r.answer) w.record(rr);
    for (const rr of r.authority) w.record(rr);
    for (const rr of r.additional) w.record(rr);
    if (r.edns !== null) writeOpt(w, r.edns, r.rcode >>> 4);
  } catch (e) {
    if (e instanceof Overflow) return null;
    throw e;
  }
  return scratch.slice(0, w.at);
}
