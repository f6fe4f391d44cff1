/**
 * The Forwarder with an injected clock and the real local upstream: TTLs counted down on hits,
 * expiry, serve-stale within the window (RFC 8767) and SERVFAIL past it.
 */
import { describe, expect, it } from 'vitest';
import { decodeQuery } from '../../src/dns/codec/decode';
import { encodeResponse } from '../../src/dns/codec/encode';
import { parseForwardSettings } from '../../src/forward/config';
import { STALE_WINDOW_S } from '../../src/forward/entry';
import { Forwarder } from '../../src/forward/forwarder';
import type { Resolution } from '../../src/resolver/context';
import { resolve } from '../../src/resolver/resolve';
import { EMPTY_INDEX } from '../../src/zones/zone-index';
import { decodeReply, queryBytes } from '../support/dns';
import { extendedErrors, scenarioId, seenBy, setScenario, upstreamUrl } from './support';

const REQUEST = { origin: 'https://doh.test', waitUntil: () => {} };

function forwarderFor(scenario: string, clock: { now: number }): Forwarder {
  const settings = parseForwardSettings({
    UPSTREAMS: upstreamUrl(scenario),
    FORWARD_ALLOW_INSECURE_UPSTREAMS: 'true',
    FORWARD_TIMEOUT_MS: '500',
  });
  if (settings.kind !== 'on') throw new Error(JSON.stringify(settings));
  return new Forwarder(settings.config, {
    fetch: (i, init) => fetch(i, init),
    now: () => clock.now,
    shared: null,
  });
}

async function ask(f: Forwarder, name: string) {
  const q = decodeQuery(queryBytes(name, 'A', { edns: {} }));
  if (!q.ok) throw new Error(q.error);
  const handed = resolve(q.value, EMPTY_INDEX, { recursionAvailable: true });
  const r: Resolution = await f.forward(handed.upstream!, REQUEST);
  return decodeReply(encodeResponse(r.response)!);
}

const ttlOf = (reply: Awaited<ReturnType<typeof ask>>) => (reply.answers![0] as { ttl: number }).ttl;

describe('TTLs and expiry with an injected clock', () => {
  it('counts TTLs down on hits and asks again once the answer expired', async () => {
    const id = scenarioId('clock');
    await setScenario(id, { behaviour: 'answer', ttl: 120 });
    const clock = { now: 1_000_000 };
    const f = forwarderFor(id, clock);
    expect(ttlOf(await ask(f, `${id}.fwd.test`))).toBe(120);
    clock.now += 45_500;
    expect(ttlOf(await ask(f, `${id}.fwd.test`))).toBe(75);
    expect(await seenBy(id)).toHaveLength(1);
    clock.now += 75_000;
    expect(ttlOf(await ask(f, `${id}.fwd.test`))).toBe(120);
    expect(await seenBy(id)).toHaveLength(2);
  });

  /** An answer cached with TTL 60, then the upstream breaks and `laterMs` pass. */
  async function cachedThenBroken(label: string, laterMs: number) {
    const id = scenarioId(label);
    await setScenario(id, { behaviour: 'answer', ttl: 60 });
    const clock = { now: 5_000_000 };
    const f = forwarderFor(id, clock);
    await ask(f, `${id}.fwd.test`);
    await setScenario(id, { behaviour: 'status', status: 503 });
    clock.now += laterMs;
    return ask(f, `${id}.fwd.test`);
  }

  it('serves stale (TTL 30, EDE 3) when upstreams fail within the stale window', async () => {
    const stale = await cachedThenBroken('stale', 3_600_000);
    expect(stale.rcode).toBe('NOERROR');
    expect(ttlOf(stale)).toBe(30);
    expect(extendedErrors(stale)).toEqual([{ code: 3, text: expect.stringContaining('HTTP 503') }]);
  });

  it('past the stale window, a failure is SERVFAIL', async () => {
    expect((await cachedThenBroken('too-stale', (60 + STALE_WINDOW_S) * 1000)).rcode).toBe('SERVFAIL');
  });
});
