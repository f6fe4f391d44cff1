/** Pure forwarding modules: configuration, LRU bounds, ECS truncation, the upstream query, entries. */
import packet from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { decodeQuery } from '../../src/dns/codec/decode';
import { decodeReply } from '../../src/dns/codec/decode-reply';
import { encodeQuery } from '../../src/dns/codec/encode-query';
import { loopProblem, parseForwardSettings } from '../../src/forward/config';
import {
  AGED_COPIES_KEPT,
  AGED_COPY_MAX_BYTES,
  AGED_COPY_MAX_RECORDS,
  entryOf,
  freshnessOf,
  keptAgedCopies,
  MAX_CACHED_BYTES,
  MAX_CACHED_RECORDS,
  sectionsAt,
} from '../../src/forward/entry';
import { Lru } from '../../src/forward/lru';
import { cacheKeyOf, keptSuffixes, SUFFIX_LIMIT, truncateSubnet } from '../../src/forward/upstream-query';
import type { Handoff } from '../../src/resolver/context';
import { resolve } from '../../src/resolver/pipeline';
import { hex } from '../support/dns';
import { retained } from '../support/retained';
import { indexOf } from '../support/zones';

describe('parseForwardSettings', () => {
  it('defaults: on, Cloudflare then Google, fallback, 2 s, no ECS', () => {
    expect(parseForwardSettings({})).toEqual({
      kind: 'on',
      config: {
        upstreams: [
          {
            url: 'https://cloudflare-dns.com/dns-query',
            host: 'cloudflare-dns.com',
            authority: 'cloudflare-dns.com',
          },
          { url: 'https://dns.google/dns-query', host: 'dns.google', authority: 'dns.google' },
        ],
        mode: 'fallback',
        timeoutMs: 2000,
        ecs: false,
      },
    });
  });

  it('FORWARDING=off turns it off', () => {
    expect(parseForwardSettings({ FORWARDING: 'off' })).toEqual({ kind: 'off' });
  });

  it('reports every problem at once', () => {
    expect(
      parseForwardSettings({
        UPSTREAMS: 'http://dns.example/q, https://9.9.9.9/dns-query,nope,https://[2606:4700::1111]/x',
        FORWARD_MODE: 'fastest',
        FORWARD_TIMEOUT_MS: '5',
        FORWARD_ECS: 'maybe',
      }),
    ).toEqual({
      kind: 'invalid',
      problems: [
        'UPSTREAMS entry 1: must be https://',
        'UPSTREAMS entry 2: IP literal host',
        'UPSTREAMS entry 3: not a URL',
        'UPSTREAMS entry 4: IP literal host',
        'FORWARD_MODE: expected fallback or race',
        'FORWARD_TIMEOUT_MS: expected whole milliseconds from 100 to 30000',
        'FORWARD_ECS: expected on or off',
      ],
    });
  });

  it('FORWARD_ALLOW_INSECURE_UPSTREAMS=true allows http and IP literals (local tests)', () => {
    const s = parseForwardSettings({
      UPSTREAMS: 'http://127.0.0.1:8053/dns-query',
      FORWARD_ALLOW_INSECURE_UPSTREAMS: 'true',
    });
    expect(s.kind).toBe('on');
  });

  it("the loop check compares host and port with edgesteer's own", () => {
    const s = parseForwardSettings({
      UPSTREAMS: 'https://doh.example/dns-query,https://doh.example:8443/dns-query',
    });
    if (s.kind !== 'on') throw new Error('expected valid settings');
    expect(loopProblem(s.config, 'doh.example')).toBe("UPSTREAMS entry 1: points at edgesteer's own host");
    expect(loopProblem(s.config, 'DOH.example:8443')).toBe(
      "UPSTREAMS entry 2: points at edgesteer's own host",
    );
    expect(loopProblem(s.config, 'doh.example:9443')).toBeNull();
  });

  it('an upstream on any hostname in SERVED_HOSTNAMES is a loop, whatever its port', () => {
    const s = parseForwardSettings({
      UPSTREAMS:
        'https://dns.google/dns-query,https://DNS.example.net:8443/dns-query,https://doh.example.com/q',
      SERVED_HOSTNAMES: 'doh.example.com, dns.example.net.',
    });
    expect(s).toEqual({
      kind: 'invalid',
      problems: [
        "UPSTREAMS entry 2: points at edgesteer's own host (SERVED_HOSTNAMES)",
        "UPSTREAMS entry 3: points at edgesteer's own host (SERVED_HOSTNAMES)",
      ],
    });
    const elsewhere = parseForwardSettings({
      UPSTREAMS: 'https://doh.example.com.evil.example/dns-query',
      SERVED_HOSTNAMES: 'doh.example.com',
    });
    expect(elsewhere.kind).toBe('on');
  });
});

describe('Lru', () => {
  it('evicts the least recently used entry past the entry bound', () => {
    const lru = new Lru<number>({ maxEntries: 2, maxBytes: 1000 });
    lru.set('a', 1, 10);
    lru.set('b', 2, 10);
    lru.get('a');
    lru.set('c', 3, 10);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3]);
  });

  it('evicts past the byte bound and refuses an entry larger than the bound', () => {
    const lru = new Lru<number>({ maxEntries: 100, maxBytes: 100 });
    lru.set('a', 1, 60);
    lru.set('b', 2, 60);
    expect([lru.get('a'), lru.get('b'), lru.totalBytes]).toEqual([undefined, 2, 60]);
    lru.set('huge', 3, 101);
    expect(lru.get('huge')).toBeUndefined();
  });

  it('a new entry is never evicted by its own insertion, even when every older one was used', () => {
    const lru = new Lru<number>({ maxEntries: 100, maxBytes: 100 });
    for (const k of ['a', 'b', 'c']) {
      lru.set(k, 1, 30);
      lru.get(k);
    }
    lru.set('d', 4, 30);
    expect([lru.get('d'), lru.size, lru.totalBytes]).toEqual([4, 3, 90]);
  });
});

describe('upstream query and reply', () => {
  it('truncates ECS to /24 and /56', () => {
    const v4 = truncateSubnet({
      family: 1,
      sourcePrefix: 32,
      scopePrefix: 0,
      address: Uint8Array.of(198, 51, 100, 77),
    });
    expect([v4.sourcePrefix, [...v4.address]]).toEqual([24, [198, 51, 100]]);
    const v6 = truncateSubnet({
      family: 2,
      sourcePrefix: 64,
      scopePrefix: 0,
      address: new Uint8Array(8).fill(0xff),
    });
    expect([v6.sourcePrefix, hex(v6.address)]).toEqual([56, 'ffffffffffffff']);
    const short = truncateSubnet({
      family: 1,
      sourcePrefix: 20,
      scopePrefix: 0,
      address: Uint8Array.of(10, 1, 0xf0),
    });
    expect(short.sourcePrefix).toBe(20);
  });

  it('encodes ID 0, RD=1, lowercased question and an OPT padded to 128 octets', () => {
    const question = Uint8Array.of(3, 0x57, 0x77, 0x57, 0, 0, 1, 0, 1); // "WwW." A IN
    const q = encodeQuery({
      question,
      dnssecOk: true,
      checkingDisabled: false,
      clientSubnet: null,
      paddingBlock: 128,
    });
    expect(q.length).toBe(128);
    expect(hex(q.subarray(0, 21))).toBe('000001000001000000000001037777770000010001');
  });

  it('a negative reply lives for min(SOA TTL, MINIMUM); a reply without SOA is not stored', () => {
    const bytes = packet.encode({
      type: 'response',
      flags: packet.RECURSION_AVAILABLE | 3, // NXDOMAIN
      questions: [{ name: 'a', type: 'A', class: 'IN' }],
      authorities: [
        {
          name: 'a',
          type: 'SOA',
          ttl: 3600,
          data: { mname: 'ns.a', rname: 'hm.a', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 60 },
        },
      ],
    });
    const reply = decodeReply(new Uint8Array(bytes));
    if (!reply.ok) throw new Error(reply.error);
    const entry = entryOf(reply.value, 0);
    expect(entry.ttl).toBe(60);
    expect(sectionsAt(entry, 30_000, false).authority[0]!.ttl).toBe(30);
    expect(sectionsAt(entry, 30_000, true).authority[0]!.ttl).toBe(30); // STALE_TTL
    expect(freshnessOf(entry, 61_000)).toBe('stale');
    expect(entryOf({ ...reply.value, authority: [] }, 0).ttl).toBe(0);
  });
});

describe('cache entries: packed records, aged on the way out', () => {
  const rr = (name: string, type: number, ttl: number, rdata: number[]) => ({
    name,
    type,
    ttl,
    rdata: Uint8Array.from(rdata),
  });
  const reply = (answer: ReturnType<typeof rr>[], additional: ReturnType<typeof rr>[] = []) => ({
    id: 0,
    rcode: 0,
    aa: false,
    tc: false,
    ad: false,
    qdcount: 1,
    question: null,
    answer,
    authority: [],
    additional,
    ecsScope: null,
    wire: new Uint8Array(0),
  });

  it('each hit gets TTLs reduced by the age; the packed records are the same before and after', () => {
    const entry = entryOf(
      reply(
        [rr('www.example', 5, 300, [1, 0]), rr('x.example', 1, 120, [192, 0, 2, 1])],
        [rr('ns.example', 28, 90_000, Array(16).fill(0))],
      ),
      1_000_000,
    );
    const before = retained(entry.records);
    const ttls = (now: number, stale = false) => {
      const s = sectionsAt(entry, now, stale);
      return [...s.answer, ...s.additional].map((r) => r.ttl);
    };
    expect(ttls(1_000_000)).toEqual([300, 120, 86_400]);
    expect(ttls(1_045_900)).toEqual([255, 75, 86_355]);
    expect(ttls(1_130_000)).toEqual([170, 0, 86_270]);
    expect(ttls(1_130_000, true)).toEqual([30, 30, 30]);
    expect(sectionsAt(entry, 1_045_900, false).answer.map((r) => [r.name, r.type, [...r.rdata]])).toEqual([
      ['www.example', 5, [1, 0]],
      ['x.example', 1, [192, 0, 2, 1]],
    ]);
    expect(retained(entry.records)).toEqual(before);
    // Besides them the entry keeps only the fresh copy it served last (stale copies are not kept).
    expect(entry.aged?.age).toBe(45);
  });

  it(`hits of the same second share one copy; at most ${AGED_COPIES_KEPT} entries keep one, small ones only`, () => {
    const small = (i: number) =>
      entryOf(
        reply([rr(`n${i}.example`, 1, 300, [192, 0, 2, 1]), rr(`n${i}.example`, 1, 300, [192, 0, 2, 2])]),
        0,
      );
    const first = small(0);
    const a = sectionsAt(first, 10_100, false);
    expect(sectionsAt(first, 10_900, false)).toBe(a); // same age in whole seconds: the kept copy
    const b = sectionsAt(first, 11_000, false);
    expect(b).not.toBe(a);
    expect(b.answer.map((r) => r.ttl)).toEqual([289, 289]);
    expect(sectionsAt(first, 11_000, true)).not.toBe(b); // stale: built, not kept
    expect(first.aged?.sections).toBe(b);

    const entries = Array.from({ length: AGED_COPIES_KEPT + 100 }, (_, i) => small(i + 1));
    for (const e of entries) sectionsAt(e, 5_000, false);
    expect(keptAgedCopies()).toBe(AGED_COPIES_KEPT);
    expect(entries.slice(0, 100).every((e) => e.aged === null)).toBe(true); // the oldest gave theirs up
    expect(entries.slice(100).every((e) => e.aged?.age === 5)).toBe(true);
    expect(first.aged).toBeNull();

    const many = entryOf(
      reply(
        Array.from({ length: AGED_COPY_MAX_RECORDS + 1 }, (_, i) => rr('m.example', 1, 60, [10, 0, 0, i])),
      ),
      0,
    );
    const wide = entryOf(reply([rr('w.example', 16, 60, Array(AGED_COPY_MAX_BYTES).fill(1))]), 0);
    for (const e of [many, wide]) {
      sectionsAt(e, 0, false);
      expect(e.keepsAged).toBe(false);
      expect(e.aged).toBeNull();
    }
    expect(keptAgedCopies()).toBe(AGED_COPIES_KEPT);
  });

  it(`more than ${MAX_CACHED_RECORDS} records or ${MAX_CACHED_BYTES} bytes: not stored (TTL 0), still served`, () => {
    const a = (i: number) => rr('a.example', 1, 60, [10, 0, i >> 8, i & 255]);
    const many = Array.from({ length: MAX_CACHED_RECORDS + 1 }, (_, i) => a(i));
    expect(entryOf(reply(many.slice(1)), 0).ttl).toBe(60);
    const tooMany = entryOf(reply(many), 0);
    expect(tooMany.ttl).toBe(0);
    expect(sectionsAt(tooMany, 0, false).answer).toHaveLength(MAX_CACHED_RECORDS + 1);
    // Names in RDATA come decompressed: 300 NS records of 250-octet targets pass the byte cap.
    const big = Array.from({ length: 300 }, () => rr('a.example', 2, 60, Array(250).fill(1)));
    expect(entryOf(reply(big), 0).ttl).toBe(0);
    expect(entryOf(reply(big.slice(0, 200)), 0).ttl).toBe(60);
  });
});

describe('cache keys', () => {
  /** The hand-off of a www.example.net query of `type`; undefined for the types refused before it. */
  const handoffOrNot = (type: number, dnssecOk: boolean, cd: boolean): Handoff | undefined => {
    // RD (and CD) set, one question, an OPT record with DO when asked: any type number.
    const name = [3, ...Buffer.from('www'), 7, ...Buffer.from('example'), 3, ...Buffer.from('net'), 0];
    const opt = [0, 0, 41, 0x10, 0, 0, 0, dnssecOk ? 0x80 : 0, 0, 0, 0];
    const bytes = Uint8Array.from([
      ...[0, 1, 0x01, cd ? 0x10 : 0, 0, 1, 0, 0, 0, 0, 0, dnssecOk ? 1 : 0],
      ...name,
      type >> 8,
      type & 0xff,
      0,
      1,
      ...(dnssecOk ? opt : []),
    ]);
    const q = decodeQuery(bytes);
    if (!q.ok) throw new Error(q.error);
    return resolve(q.value, indexOf({}), { recursionAvailable: true }).upstream;
  };
  const handoffFor = (type: number, dnssecOk: boolean, cd: boolean): Handoff => {
    const handed = handoffOrNot(type, dnssecOk, cd);
    if (handed === undefined) throw new Error(`type ${type}: no hand-off`);
    return handed;
  };

  it('name|type|class|DO|CD, the same however often asked', () => {
    expect(cacheKeyOf(handoffFor(1, false, false), false)).toBe('www.example.net.|1|1|0|0');
    expect(cacheKeyOf(handoffFor(28, true, true), false)).toBe('www.example.net.|28|1|1|1');
    expect(cacheKeyOf(handoffFor(28, true, true), false)).toBe('www.example.net.|28|1|1|1');
  });

  it('keeps at most SUFFIX_LIMIT suffixes however many types clients ask, and keys stay right past it', () => {
    let asked = 0;
    for (let type = 1; asked < SUFFIX_LIMIT + 1000; type++) {
      const handed = handoffOrNot(type, false, false);
      if (handed === undefined) continue; // meta types, OPT, zone transfers: answered before forwarding
      asked++;
      expect(cacheKeyOf(handed, false)).toBe(`www.example.net.|${type}|1|0|0`);
    }
    expect(keptSuffixes()).toBe(SUFFIX_LIMIT);
  });
});
