/**
 * The query edgesteer sends upstream (docs/doh-protocol.md §15): ID 0 (RFC 8484 §4.1), RD=1, the
 * question with its name lowercased (one cache entry serves every spelling), CD copied, and an OPT
 * with DO copied, ECS only when the operator enabled it, and Padding to a block size (RFC 8467 §4.1).
 */
import { EDNS_OPTION, REPLY_UDP_SIZE, RRTYPE } from '../constants';
import type { ClientSubnet } from '../message';

export interface OutgoingQuery {
  /** The question (name, type, class) in wire form; the name is lowercased here. */
  readonly question: Uint8Array;
  readonly dnssecOk: boolean;
  readonly checkingDisabled: boolean;
  /** ECS to send (already truncated), or null. */
  readonly clientSubnet: ClientSubnet | null;
  /** Pad the whole message to a multiple of this many octets (RFC 8467: 128 for queries). */
  readonly paddingBlock: number;
}

/** The question's bytes with ASCII letters of the name lowercased (type and class untouched). */
export function lowercaseQuestion(question: Uint8Array): Uint8Array {
  const out = question.slice();
  let at = 0;
  while (at < out.length && out[at] !== 0) {
    const end = at + 1 + out[at]!;
    for (let i = at + 1; i < end && i < out.length; i++) {
      const b = out[i]!;
      if (b >= 0x41 && b <= 0x5a) out[i] = b | 0x20;
    }
    at = end;
  }
  return out;
}

export function encodeQuery(q: OutgoingQuery): Uint8Array {
  const question = lowercaseQuestion(q.question);
  const ecs = q.clientSubnet;
  const ecsLength = ecs === null ? 0 : 4 + 4 + ecs.address.length;
  const unpadded = 12 + question.length + 11 + ecsLength + 4;
  const pad = (q.paddingBlock - (unpadded % q.paddingBlock)) % q.paddingBlock;
  const out = new Uint8Array(unpadded + pad);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0); // ID 0
  view.setUint16(2, 0x0100 | (q.checkingDisabled ? 0x0010 : 0)); // RD=1, CD copied
  view.setUint16(4, 1); // QDCOUNT
  view.setUint16(10, 1); // ARCOUNT: the OPT record
  out.set(question, 12);
  let at = 12 + question.length;
  out[at] = 0; // root owner
  view.setUint16(at + 1, RRTYPE.OPT);
  view.setUint16(at + 3, REPLY_UDP_SIZE);
  view.setUint16(at + 7, q.dnssecOk ? 0x8000 : 0); // extended RCODE 0, version 0, then flags
  view.setUint16(at + 9, ecsLength + 4 + pad);
  at += 11;
  if (ecs !== null) {
    view.setUint16(at, EDNS_OPTION.ECS);
    view.setUint16(at + 2, 4 + ecs.address.length);
    view.setUint16(at + 4, ecs.family);
    out[at + 6] = ecs.sourcePrefix;
    out[at + 7] = 0; // SCOPE is 0 in queries
    out.set(ecs.address, at + 8);
    at += ecsLength;
  }
  view.setUint16(at, EDNS_OPTION.PADDING);
  view.setUint16(at + 2, pad); // padding octets are already 0x00
  return out;
}
