/**
 * edgesteer's typed DNS message model. The codec translates between these and the wire; nothing
 * else sees wire bytes except RDATA, which is kept in its uncompressed wire form.
 */
import type { ExtendedError } from './ede';

/** One resource record. Class is always IN for what edgesteer serves. */
export interface ResourceRecord {
  /** Canonical owner name (see name.ts); the encoder writes QNAME-owned records in the query's case. */
  readonly name: string;
  readonly type: number;
  readonly ttl: number;
  /** Uncompressed wire RDATA. */
  readonly rdata: Uint8Array;
}

/** EDNS Client Subnet as sent (RFC 7871 §6); address holds exactly ⌈source/8⌉ octets. */
export interface ClientSubnet {
  readonly family: 1 | 2;
  readonly sourcePrefix: number;
  readonly scopePrefix: number;
  readonly address: Uint8Array;
}

export interface Question {
  /** Canonical (lowercase) QNAME, the lookup key. */
  readonly name: string;
  /** QNAME as sent, in presentation form with the sender's case (for JSON `Question`). */
  readonly nameAsSent: string;
  readonly type: number;
  readonly qclass: number;
  /** The question's bytes exactly as received (name, type, class), echoed in replies. */
  readonly wire: Uint8Array;
}

/** What the query's OPT record said (RFC 6891). */
export interface QueryEdns {
  readonly version: number;
  readonly dnssecOk: boolean;
  readonly udpSize: number;
  /** Owner of the OPT record was the root, as RFC 6891 §6.1.2 requires. */
  readonly ownerIsRoot: boolean;
  /** Raw option payloads, by code, in order. */
  readonly options: readonly { readonly code: number; readonly data: Uint8Array }[];
}

/** A decoded query, before any protocol checks (resolver/checks.ts applies them in order). */
export interface Query {
  readonly id: number;
  readonly opcode: number;
  readonly rd: boolean;
  readonly cd: boolean;
  readonly qdcount: number;
  /** The first question; null when QDCOUNT is 0. */
  readonly question: Question | null;
  /** Number of OPT records seen in the additional section. */
  readonly optCount: number;
  readonly edns: QueryEdns | null;
}

/** EDNS part of a reply: present exactly when the query had OPT. */
export interface ReplyEdns {
  readonly dnssecOk: boolean;
  /** ECS to echo, with the scope decided by the answer (RFC 7871 §7.2.1). */
  readonly clientSubnet: ClientSubnet | null;
  /** Pad the reply to a multiple of 468 octets (RFC 7830, RFC 8467). */
  readonly padding: boolean;
  /** Extended DNS Errors (RFC 8914), written before Padding. */
  readonly extendedErrors?: readonly ExtendedError[];
}

export interface Response {
  readonly id: number;
  readonly opcode: number;
  /** Full 12-bit RCODE; values above 15 go partly into the OPT record. */
  readonly rcode: number;
  readonly aa: boolean;
  readonly rd: boolean;
  readonly ra: boolean;
  readonly ad: boolean;
  readonly cd: boolean;
  readonly question: Question | null;
  readonly answer: readonly ResourceRecord[];
  readonly authority: readonly ResourceRecord[];
  readonly additional: readonly ResourceRecord[];
  readonly edns: ReplyEdns | null;
}
