/**
 * Cached upstream answers: which replies are stored and for how long (RFC 2308 for negative
 * answers), TTLs counted down on hits, and the stale window of RFC 8767. An entry holds its
 * records packed in one Uint8Array, so what it costs is what it counts; a small entry also keeps
 * the copy it served last (one second's TTLs), counted too. Pure: the clock is an argument.
 */

import type { UpstreamReply } from '../dns/codec/decode-reply';
import { RCODE, RRTYPE } from '../dns/constants';
import type { ResourceRecord } from '../dns/message';
import { type PackedRecords, pack, packedLength, recordCount, type Sections, unpack } from './packed';

/** Longest freshness edgesteer grants a positive answer (a common resolver cap). */
export const MAX_POSITIVE_TTL = 86_400;
/** RFC 2308 §5: negative answers are kept at most a few hours. */
export const MAX_NEGATIVE_TTL = 10_800;
/** RFC 8767 §5: how long past expiry an answer may still be served when every upstream fails. */
export const STALE_WINDOW_S = 86_400;
/** RFC 8767 §4: TTL of a stale answer. */
export const STALE_TTL = 30;

/** Answers with more records than this are answered but not cached. */
export const MAX_CACHED_RECORDS = 1_000;
/** Answers whose packed records pass this are answered but not cached (names in RDATA decompressed). */
export const MAX_CACHED_BYTES = 64 * 1024;
/**
 * Stated per-entry overhead on top of the bytes counted: the entry object, its Uint8Array and
 * ArrayBuffer headers, the owner list, the LRU's Map slot and node, the key's string header.
 */
export const ENTRY_OVERHEAD_BYTES = 1_024;
/**
 * Hits reuse the sections they served while the entry's age in whole seconds is the same (a
 * popular name is asked many times a second): the last copy of at most AGED_COPIES_KEPT entries
 * per isolate is kept, each entry of at most AGED_COPY_MAX_RECORDS records and AGED_COPY_MAX_BYTES
 * packed bytes. Worst case kept beyond the LRU's bound: 512 × (2 KiB packed + 16 × 256 bytes of
 * copy + ENTRY_OVERHEAD_BYTES) ≈ 3.6 MiB; larger answers are rebuilt on every hit.
 */
export const AGED_COPIES_KEPT = 512;
export const AGED_COPY_MAX_RECORDS = 16;
export const AGED_COPY_MAX_BYTES = 2_048;

/** The sections as served at one age. */
interface AgedCopy {
  readonly age: number;
  readonly sections: AgedSections;
}

export interface CacheEntry {
  readonly rcode: number;
  readonly aa: boolean;
  readonly ad: boolean;
  /** The sections, TTLs as stored (capped), in one Uint8Array (packed.ts). */
  readonly records: PackedRecords;
  /** ECS scope the upstream returned (only when ECS is forwarded). */
  readonly ecsScope: number | null;
  /** When the answer arrived (ms since the epoch). */
  readonly storedAt: number;
  /** Freshness lifetime in seconds: the smallest TTL that governs the answer. */
  readonly ttl: number;
  /**
   * Bytes held, for the LRU's byte bound: the packed records' buffer, 2 bytes per character of
   * each owner name, plus ENTRY_OVERHEAD_BYTES (the key is counted by the cache).
   */
  readonly size: number;
  /** Small enough to keep its last aged copy (AGED_COPY_MAX_RECORDS, AGED_COPY_MAX_BYTES). */
  readonly keepsAged: boolean;
  /** The fresh copy served last, while it is one of the AGED_COPIES_KEPT. */
  aged: AgedCopy | null;
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

function sizeOf(records: PackedRecords): number {
  return records.bytes.buffer.byteLength + records.owners.reduce((n, o) => n + 2 * o.length, 0);
}

/**
 * The entry for an upstream reply, TTLs capped; for negative answers the SOA carries the negative
 * TTL, min(SOA TTL, SOA MINIMUM) (RFC 2308 §3, §5). `ttl` is 0 when the reply must not be stored:
 * SERVFAIL and other error RCODEs, negative answers without an SOA (RFC 2308 §5), TTL 0, more than
 * MAX_CACHED_RECORDS records or MAX_CACHED_BYTES bytes.
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
  const sections = {
    answer: capped(reply.answer, MAX_POSITIVE_TTL),
    authority: capped(authority, MAX_POSITIVE_TTL),
    additional: capped(reply.additional, MAX_POSITIVE_TTL),
  };
  const lifetime = Math.min(minTtl(sections.answer), negative ? minTtl(soa) : Number.POSITIVE_INFINITY);
  const fits = recordCount(sections) <= MAX_CACHED_RECORDS && packedLength(sections) <= MAX_CACHED_BYTES;
  const ttl = cacheableRcode && fits && Number.isFinite(lifetime) ? lifetime : 0;
  const records = pack(sections);
  const keepsAged =
    recordCount(sections) <= AGED_COPY_MAX_RECORDS && records.bytes.length <= AGED_COPY_MAX_BYTES;
  return {
    rcode: reply.rcode,
    aa: reply.aa,
    ad: reply.ad,
    records,
    ecsScope: reply.ecsScope,
    storedAt,
    ttl,
    size: sizeOf(records) + ENTRY_OVERHEAD_BYTES,
    keepsAged,
    aged: null,
  };
}

/** Whole seconds the entry has spent in cache. */
function ageOf(entry: CacheEntry, now: number): number {
  return Math.max(0, Math.floor((now - entry.storedAt) / 1000));
}

export function freshnessOf(entry: CacheEntry, now: number): Freshness {
  const age = ageOf(entry, now);
  if (age < entry.ttl) return 'fresh';
  return age < entry.ttl + STALE_WINDOW_S ? 'stale' : 'expired';
}

/** The entry's sections as served at one moment. */
export type AgedSections = Sections<readonly ResourceRecord[]>;

/** The entries whose aged copy is kept, as a ring: taking a slot drops the copy of its last holder. */
const agedHolders: (CacheEntry | undefined)[] = [];
let nextHolder = 0;

/** How many entries hold an aged copy now (tests check the bound). */
export const keptAgedCopies = (): number => agedHolders.filter((e) => e?.aged != null).length;

function keepAged(entry: CacheEntry, copy: AgedCopy): void {
  if (entry.aged === null) {
    const previous = agedHolders[nextHolder];
    if (previous !== undefined) previous.aged = null;
    agedHolders[nextHolder] = entry;
    nextHolder = (nextHolder + 1) % AGED_COPIES_KEPT;
  }
  entry.aged = copy;
}

/**
 * The sections with TTLs reduced by the entry's age, or set to STALE_TTL for a stale answer;
 * built on the way out, or the kept copy of the same age (records are read-only). A stale copy is
 * never kept.
 */
export function sectionsAt(entry: CacheEntry, now: number, stale: boolean): AgedSections {
  if (stale) return unpack(entry.records, { by: 0, fixed: STALE_TTL });
  const age = ageOf(entry, now);
  const kept = entry.aged;
  if (kept !== null && kept.age === age) return kept.sections;
  const sections = unpack(entry.records, { by: age });
  if (entry.keepsAged) keepAged(entry, { age, sections });
  return sections;
}
