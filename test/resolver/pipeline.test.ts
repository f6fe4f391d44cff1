/**
 * The query pipeline (src/resolver/pipeline.ts) driven directly: an in-memory snapshot, a fake
 * forwarder that records what it is asked, no HTTP. Each step's outcome is checked on the wire.
 */
import { describe, expect, it } from 'vitest';
import { decodeQuery } from '../../src/dns/codec/decode';
import { RCODE, RRTYPE } from '../../src/dns/constants';
import { EMPTY_LATENCY_INDEX } from '../../src/latency/latency-index';
import type { Handoff } from '../../src/resolver/context';
import { reply } from '../../src/resolver/context';
import { answerQuery, type Forwarder, handleQuery, type QueryDeps } from '../../src/resolver/pipeline';
import { healthViewOf, type Signals } from '../../src/resolver/signals';
import type { ZoneIndex } from '../../src/zones/zone-index';
import { decodeReply, queryBytes, type Reply } from '../support/dns';
import { indexOf } from '../support/zones';

const ZONE = `
$ORIGIN example.com.
$TTL 300
@    SOA ns1 hostmaster 1 7200 900 1209600 60
@    NS  ns1
ns1  A   192.0.2.53
www  A   192.0.2.1
out  CNAME target.elsewhere.test.
`;

const SIGNALS: Signals = {
  health: healthViewOf({ format: 1, version: 1, updatedAt: '', checks: {} }),
  latency: EMPTY_LATENCY_INDEX,
  latencyVersion: 0,
};

/** A forwarder answering every hand-off with 198.51.100.7 (TTL 120), recording each hand-off. */
function fakeForwarder(): Forwarder & { readonly asked: Handoff[] } {
  const asked: Handoff[] = [];
  return {
    asked,
    forward(h) {
      asked.push(h);
      const a = {
        name: h.name,
        type: RRTYPE.A,
        class: 1,
        ttl: 120,
        rdata: new Uint8Array([198, 51, 100, 7]),
      };
      return reply(h.ctx, { rcode: RCODE.NOERROR, aa: false, answer: [...h.answer, a] });
    },
  };
}

function deps(zones: ZoneIndex | null, forwarder: Forwarder | null): QueryDeps {
  let loads = 0;
  return {
    snapshots: () => {
      loads++;
      return { zones, signals: SIGNALS };
    },
    forwarder: () => forwarder,
    get loads() {
      return loads;
    },
  } as QueryDeps;
}

const zones = () => indexOf({ 'example.com': ZONE });

/** Each answer's data as text (with its type in front when `typed`). */
const dataOf = (reply: Reply, typed = false) =>
  (reply.answers ?? []).map((a) => {
    const data = String((a as { data?: unknown }).data);
    return typed ? `${a.type} ${data}` : data;
  });

async function wire(bytes: Uint8Array, d: QueryDeps) {
  const handled = await handleQuery(bytes, d);
  if (!handled.ok) throw new Error(handled.error);
  return { ...handled.value, reply: decodeReply(handled.value.bytes) };
}

describe('handleQuery', () => {
  it('answers a hosted name authoritatively without asking the forwarder', async () => {
    const forwarder = fakeForwarder();
    const { reply, cacheControl } = await wire(queryBytes('www.example.com', 'A'), deps(zones(), forwarder));
    expect(reply.rcode).toBe('NOERROR');
    expect(reply.flags! & 0x0400).toBe(0x0400); // AA
    expect(dataOf(reply)).toEqual(['192.0.2.1']);
    expect(cacheControl).toBe('max-age=300');
    expect(forwarder.asked).toEqual([]);
  });

  it('hands a name outside every zone to the forwarder exactly once, RA=1', async () => {
    const forwarder = fakeForwarder();
    const { reply, cacheControl } = await wire(queryBytes('www.other.test', 'A'), deps(zones(), forwarder));
    expect(forwarder.asked.map((h) => h.name)).toEqual(['www.other.test.']);
    expect(dataOf(reply)).toEqual(['198.51.100.7']);
    expect(reply.flags! & 0x0080).toBe(0x0080); // RA
    expect(cacheControl).toBe('max-age=120');
  });

  it('forwards an out-of-zone CNAME target with the hosted CNAME in front (RD=1)', async () => {
    const forwarder = fakeForwarder();
    const { reply } = await wire(queryBytes('out.example.com', 'A'), deps(zones(), forwarder));
    expect(forwarder.asked.map((h) => h.name)).toEqual(['target.elsewhere.test.']);
    expect(dataOf(reply, true)).toEqual(['CNAME target.elsewhere.test', 'A 198.51.100.7']);
  });

  it('without a forwarder: REFUSED outside hosted zones, RA=0', async () => {
    const { reply, cacheControl } = await wire(queryBytes('www.other.test', 'A'), deps(zones(), null));
    expect(reply.rcode).toBe('REFUSED');
    expect(reply.flags! & 0x0080).toBe(0);
    expect(cacheControl).toBe('no-store');
  });

  it('SERVFAIL (no-store) while no config snapshot could be loaded', async () => {
    const forwarder = fakeForwarder();
    const { reply, cacheControl } = await wire(queryBytes('www.example.com', 'A'), deps(null, forwarder));
    expect(reply.rcode).toBe('SERVFAIL');
    expect(cacheControl).toBe('no-store');
    expect(forwarder.asked).toEqual([]);
  });

  it('an exception in a step (here the forwarder) is SERVFAIL, not a thrown error', async () => {
    const failing: Forwarder = {
      forward: () => Promise.reject(new Error('upstream exploded')),
    };
    const { reply, cacheControl } = await wire(queryBytes('www.other.test', 'A'), deps(zones(), failing));
    expect(reply.rcode).toBe('SERVFAIL');
    expect(cacheControl).toBe('no-store');
  });

  it('an answer over 65,535 octets becomes SERVFAIL', async () => {
    const many = Array.from({ length: 400 }, (_, i) => `big TXT "${'x'.repeat(250)}${i}"`).join('\n');
    const big = indexOf({ 'example.com': `${ZONE}\n${many}\n` });
    const { reply, bytes } = await wire(queryBytes('big.example.com', 'TXT'), deps(big, null));
    expect(reply.rcode).toBe('SERVFAIL');
    expect(bytes.length).toBeLessThan(512);
  });

  it('bytes that do not decode are an error for the transport (HTTP 400), not an answer', async () => {
    const handled = await handleQuery(new Uint8Array([1, 2, 3]), deps(zones(), null));
    expect(handled.ok).toBe(false);
  });

  it('loads the snapshot once per query', async () => {
    const d = deps(zones(), fakeForwarder());
    const q = decodeQuery(queryBytes('www.example.com', 'A'));
    if (!q.ok) throw new Error(q.error);
    await answerQuery(q.value, d);
    expect((d as unknown as { loads: number }).loads).toBe(1);
  });
});
