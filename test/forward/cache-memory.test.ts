/**
 * What the isolate cache really holds (README, Forwarding): its entries are walked and every byte
 * they retain counted, independently of the cache's own accounting. Worst-case answers (many large
 * ones) keep it under its bound, its accounting is the retained bytes plus a fixed per-entry
 * overhead, answers over the per-entry cap are answered but not cached, and TTLs are aged on the
 * way out: a hit of a large answer leaves nothing behind in the entry (small ones keep one aged
 * copy, at most AGED_COPIES_KEPT of them per isolate: units.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseForwardSettings } from '../../src/forward/config';
import { ENTRY_OVERHEAD_BYTES, MAX_CACHED_RECORDS } from '../../src/forward/entry';
import { Forwarder } from '../../src/forward/forwarder';
import type { LruLimits } from '../../src/forward/lru';
import type { Fetcher } from '../../src/forward/send';
import { askForwarder } from '../support/forward';
import { retained } from '../support/retained';

/**
 * An upstream answering every query with `count` A records (TTL 300), owners compressed to the
 * question as real resolvers do (4,000 records fit in 64 KiB only so).
 */
function upstreamOf(count: number): Fetcher {
  return async (_url, init) => {
    const query = init.body as Uint8Array;
    let end = 12;
    while (query[end] !== 0) end += query[end]! + 1;
    const question = query.subarray(12, end + 5);
    const reply = new Uint8Array(12 + question.length + 16 * count);
    const view = new DataView(reply.buffer);
    view.setUint16(2, 0x8180); // QR, RD, RA
    view.setUint16(4, 1);
    view.setUint16(6, count);
    reply.set(question, 12);
    for (let i = 0, at = 12 + question.length; i < count; i++, at += 16) {
      view.setUint16(at, 0xc00c);
      view.setUint16(at + 2, 1); // A
      view.setUint16(at + 4, 1); // IN
      view.setUint32(at + 6, 300);
      view.setUint16(at + 10, 4);
      view.setUint32(at + 12, 0x0a000000 + i);
    }
    return new Response(reply, { headers: { 'Content-Type': 'application/dns-message' } });
  };
}

function forwarder(fetch: Fetcher, clock: { now: number }, limits: LruLimits): Forwarder {
  const settings = parseForwardSettings({ UPSTREAMS: 'https://upstream.test/dns-query' });
  if (settings.kind !== 'on') throw new Error(JSON.stringify(settings));
  return new Forwarder(settings.config, { fetch, now: () => clock.now, shared: null }, limits);
}

/** Bytes and objects the cache's entries hold, keys included, by walking them. */
function heldBy(f: Forwarder) {
  const held = { bytes: 0, objects: 0 };
  let entries = 0;
  for (const [key, entry] of f.cache.entries()) {
    retained(entry, held);
    held.bytes += 2 * key.length;
    entries++;
  }
  return { ...held, entries };
}

describe('the isolate cache holds what it says, and no more than its bound', () => {
  it(`worst case: answers of ${MAX_CACHED_RECORDS} A records, each hit a second later`, async () => {
    const limits = { maxEntries: 10_000, maxBytes: 256 * 1024 };
    const clock = { now: 1_000_000 };
    const f = forwarder(upstreamOf(MAX_CACHED_RECORDS), clock, limits);
    for (let i = 0; i < 40; i++) {
      const name = `big-${i}.fwd.test`;
      expect((await askForwarder(f, name)).answers).toHaveLength(MAX_CACHED_RECORDS);
      clock.now += 1_500;
      const hit = await askForwarder(f, name);
      expect((hit.answers![0] as { ttl: number }).ttl).toBe(299);
      const held = heldBy(f);
      expect(held.bytes + held.entries * ENTRY_OVERHEAD_BYTES).toBe(f.cache.totalBytes);
      expect(f.cache.totalBytes).toBeLessThanOrEqual(limits.maxBytes);
      // A fixed number of objects per entry, whatever its number of records: none per record or per hit.
      expect(held.objects).toBeLessThanOrEqual(4 * held.entries);
    }
    expect(f.exchanges).toBe(40); // every second query was a hit
    expect(f.cache.size).toBeGreaterThan(1);
    expect(f.cache.size).toBeLessThan(40); // the byte bound evicted
  });

  it(`an answer of more than ${MAX_CACHED_RECORDS} records is answered in full but not cached`, async () => {
    const f = forwarder(upstreamOf(4_000), { now: 1_000_000 }, { maxEntries: 100, maxBytes: 16 << 20 });
    const first = await askForwarder(f, 'huge.fwd.test');
    expect([first.rcode, first.answers!.length]).toEqual(['NOERROR', 4_000]);
    expect([f.cache.size, f.cache.totalBytes]).toEqual([0, 0]);
    await askForwarder(f, 'huge.fwd.test');
    expect(f.exchanges).toBe(2);
  });
});
