/**
 * The Forwarder with an injected clock and the real local upstream: TTLs counted down on hits,
 * expiry, serve-stale within the window (RFC 8767) and SERVFAIL past it.
 */
import { describe, expect, it } from 'vitest';
import { parseForwardSettings } from '../../src/forward/config';
import { STALE_WINDOW_S } from '../../src/forward/entry';
import { Forwarder } from '../../src/forward/forwarder';
import type { Fetcher } from '../../src/forward/send';
import {
  askForwarder,
  extendedErrors,
  onceInFlight,
  scenarioId,
  seenBy,
  setScenario,
  upstreamUrl,
} from '../support/forward';

function forwarderFor(
  scenario: string,
  clock: { now: number },
  fetcher: Fetcher = (i, init) => fetch(i, init),
): Forwarder {
  const settings = parseForwardSettings({
    UPSTREAMS: upstreamUrl(scenario),
    FORWARD_ALLOW_INSECURE_UPSTREAMS: 'true',
    FORWARD_TIMEOUT_MS: '500',
  });
  if (settings.kind !== 'on') throw new Error(JSON.stringify(settings));
  return new Forwarder(settings.config, {
    fetch: fetcher,
    now: () => clock.now,
    shared: null,
  });
}

const ask = askForwarder;

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

describe('a coalesced query whose starter is cancelled (client gone)', () => {
  it('the waiter does not inherit the failure: it asks again and gets the upstream answer', async () => {
    const id = scenarioId('starter-gone');
    await setScenario(id, { behaviour: 'answer', delayMs: 300 });
    const starter = new AbortController();
    // As in workerd: the subrequests of a cancelled request die with it, whatever the code does.
    let calls = 0;
    const fetcher: Fetcher = (i, init) => {
      const tied = calls++ === 0 ? AbortSignal.any([starter.signal, init.signal!]) : init.signal!;
      return fetch(i, { ...init, signal: tied });
    };
    const f = forwarderFor(id, { now: 7_000_000 }, fetcher);
    const first = ask(f, `${id}.fwd.test`, starter.signal);
    const waiter = ask(f, `${id}.fwd.test`, new AbortController().signal);
    await onceInFlight(id, () => starter.abort());
    void first.catch(() => {});
    const reply = await waiter;
    expect(reply.rcode).toBe('NOERROR');
    expect(reply.answers![0]).toMatchObject({ type: 'A', data: '198.51.100.7' });
    expect([calls, f.exchanges]).toEqual([2, 2]);
  });

  it('a starter that stays is shared as before: one upstream request for both', async () => {
    const id = scenarioId('starter-stays');
    await setScenario(id, { behaviour: 'answer', delayMs: 100 });
    const f = forwarderFor(id, { now: 7_000_000 });
    const signal = () => new AbortController().signal;
    const replies = await Promise.all([
      ask(f, `${id}.fwd.test`, signal()),
      ask(f, `${id}.fwd.test`, signal()),
    ]);
    expect(replies.map((r) => r.rcode)).toEqual(['NOERROR', 'NOERROR']);
    expect(await seenBy(id)).toHaveLength(1);
  });
});
