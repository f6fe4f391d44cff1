/**
 * Cached upstream answers: which replies are stored and for how long (RFC 2308 for negative
 * answers), TTLs counted down on hits, and the stale window of RFC 8767. Pure: the clock is an
 * argument.
 */

import type { UpstreamReply } from '../dns/codec/decode-reply';
import { RCODE, RRTYPE } from '../dns/constants';
import type { ResourceRecord } from '../dns/message';

/** Longest freshness edgesteer grants a positive answer (a common resolver cap). */
export const MAX_POSITIVE_TTL = 86_400;
/** RFC 2308 §5: negative answers are kept at most a few hours. */
export const MAX_NEGATIVE_TTL = 10_800;
/** RFC 8767 §5: how long past expiry an answer may still be served when every upstream fails. */
export const STALE_WINDOW_S = 86_400;
/** RFC 8767 §4: TTL of a stale answer. */
export const STALE_TTL = 30;

export interface CacheEntry {
  readonly rcode: number;
  readonly aa: boolean;
  readonly ad: boolean;
  readonly answer: readonly ResourceRecord[];
  readonly authority: readonly ResourceRecord[];
  readonly additional: readonly ResourceRecord[];
  /** ECS scope the upstream returned (only when ECS is forwarded). */
  readonly ecsScope: number | null;
  /** When the answer arrived (ms since the epoch). */
  readonly storedAt: number;
  /** Freshness lifetime in seconds: the smallest TTL that governs the answer. */
  readonly ttl: number;
  /** Estimated size in bytes, for the LRU's byte bound. */
  readonly size: number;
  /** The last aged copy of the sections: every hit within the same second shares it. */
  aged?: { readonly age: number; readonly sections: AgedSections };
}

export type Freshness = 'fresh' | 'stale' | 'expired';

const capped = (rrs: readonly ResourceRecord[], cap: number) =>
  rrs.map((rr) => (rr.ttl > cap ? { ...rr, ttl: cap } : rr));

/** SOA MINIMUM: the last 32 bits of the RDATA. */
function soaMinimum(rdata: Uint8Array): number {
  const at = rdata.length - 4;
  return ((rdata[at]! << 24) | (rdata[at + 1]! << 16) | (rdata[at + 2]! << 8) | rdata[at + 3]!) >>> 0;
}

function minTtl(rrs: readonly ResourceRecord[]): number {
  return rrs.reduce((m, rr) => Math.min(m, rr.ttl), Number.POSITIVE_INFINITY);
}

/**
 * The entry for an upstream reply, TTLs capped; for negative answers the SOA carries the negative
 * TTL, min(SOA TTL, SOA MINIMUM) (RFC 2308 §3, §5). `ttl` is 0 when the reply must not be stored:
 * SERVFAIL and other error RCODEs, negative answers without an SOA (RFC 2308 §5), TTL 0.
 */
export function entryOf(reply: UpstreamReply, storedAt: number): CacheEntry {
  const cacheableRcode = reply.rcode === RCODE.NOERROR || reply.rcode === RCODE.NXDOMAIN;
  const negative = reply.rcode === RCODE.NXDOMAIN || reply.answer.length === 0;
  const authority = reply.authority.map((rr) =>
    negative && rr.type === RRTYPE.SOA && rr.rdata.length >= 4
      ? { ...rr, ttl: Math.min(rr.ttl, soaMinimum(rr.rdata), MAX_NEGATIVE_TTL) }
      : rr,
  );
  const soa = authority.filter((rr) => rr.type === RRTYPE.SOA);
  const answer = capped(reply.answer, MAX_POSITIVE_TTL);
  const additional = capped(reply.additional, MAX_POSITIVE_TTL);
  const lifetime = Math.min(minTtl(answer), negative ? minTtl(soa) : Number.POSITIVE_INFINITY);
  const ttl = cacheableRcode && Number.isFinite(lifetime) ? lifetime : 0;
  let size = 96;
  for (const rr of [...answer, ...authority, ...additional]) size += rr.name.length + rr.rdata.length + 24;
  return {
    rcode: reply.rcode,
    aa: reply.aa,
    ad: reply.ad,
    answer,
    authority: capped(authority, MAX_POSITIVE_TTL),
    additional,
    ecsScope: reply.ecsScope,
    storedAt,
    ttl,
    size,
  };
}

/** Whole seconds the entry has spent in cache. */
export function ageOf(entry: CacheEntry, now: number): number {
  return Math.max(0, Math.floor((now - entry.storedAt) / 1000));
}

export function freshnessOf(entry: CacheEntry, now: number): Freshness {
  const age = ageOf(entry, now);
  if (age < entry.ttl) return 'fresh';
  return age < entry.ttl + STALE_WINDOW_S ? 'stale' : 'expired';
}

/** The entry's sections as served at one moment. */
export interface AgedSections {
  readonly answer: readonly ResourceRecord[];
  readonly authority: readonly ResourceRecord[];
  readonly additional: readonly ResourceRecord[];
}

const age = (rrs: readonly ResourceRecord[], by: number, stale: boolean) =>
  rrs.map((rr) => ({ ...rr, ttl: stale ? STALE_TTL : Math.max(0, rr.ttl - by) }));

/** The sections with TTLs reduced by the entry's age, or set to STALE_TTL for a stale answer. */
export function sectionsAt(entry: CacheEntry, now: number, stale: boolean): AgedSections {
  const by = stale ? -1 : ageOf(entry, now);
  const memo = entry.aged;
  if (memo !== undefined && memo.age === by) return memo.sections;
  const sections = {
    answer: age(entry.answer, by, stale),
    authority: age(entry.authority, by, stale),
    additional: age(entry.additional, by, stale),
  };
  entry.aged = { age: by, sections };
  return sections;
}
