import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CLOSED_OUTBOUND } from '../../src/outbound/targets';
import type { HealthWebhooks } from '../../src/webhooks/health-webhooks';
import { MAX_ATTEMPTS, retryDelayMs } from '../../src/webhooks/retry';
import { alarmAt, setClock, T0 } from '../support/signals';
import {
  freshWebhooks,
  healthEvent,
  hookUrl,
  instrumentWebhooks,
  received,
  setMode,
  subscribe,
} from '../support/webhooks';

const SECRET = 'whsec-test-0123456789abcdef';

async function statusOf(stub: DurableObjectStub<HealthWebhooks>, id: string) {
  const view = await stub.get(id);
  if (view === null) throw new Error(`no webhook ${id}`);
  return view.status;
}

describe('delivery', () => {
  it('POSTs the event JSON with its id, and a signature the receiver can verify', async () => {
    const stub = freshWebhooks();
    await instrumentWebhooks(stub, T0);
    const name = crypto.randomUUID();
    const signed = await subscribe(stub, { url: hookUrl(name), secret: SECRET });
    const plain = await subscribe(stub, { url: hookUrl(`${name}-plain`) });
    const event = healthEvent(1);
    expect(await stub.enqueue([event])).toEqual({ accepted: 2 });
    expect(await alarmAt(stub)).toBe(T0);
    expect(await runDurableObjectAlarm(stub)).toBe(true);

    const [hook] = await received(name);
    expect(hook?.body).toBe(JSON.stringify(event));
    expect(hook?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'edgesteer-webhooks',
      'x-edgesteer-event-id': 'hc-1',
    });
    // Verified the way a receiver would, with Node's HMAC rather than the Worker's Web Crypto.
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(hook?.headers['x-edgesteer-signature']));
    expect(match?.[1]).toBe(String(Math.floor(T0 / 1000)));
    const expected = createHmac('sha256', SECRET).update(`${match?.[1]}.${hook?.body}`).digest('hex');
    expect(match?.[2]).toBe(expected);

    const [unsigned] = await received(`${name}-plain`);
    expect(unsigned?.body).toBe(JSON.stringify(event));
    expect(unsigned?.headers['x-edgesteer-signature']).toBeUndefined();
    for (const id of [signed, plain]) {
      expect(await statusOf(stub, id)).toEqual({
        pending: 0,
        delivered: 1,
        givenUp: 0,
        dropped: 0,
        lastAttemptAt: new Date(T0).toISOString(),
        lastStatus: 204,
        lastError: null,
        nextAttemptAt: null,
      });
    }
    expect(await alarmAt(stub)).toBeNull();
  });

  it('retries a failing receiver after 5 s, then 15 s, and delivers once it answers 2xx', async () => {
    const stub = freshWebhooks();
    const log = await instrumentWebhooks(stub, T0);
    const name = crypto.randomUUID();
    await setMode(name, 'fail');
    const id = await subscribe(stub, { url: hookUrl(name), secret: SECRET });
    await stub.enqueue([healthEvent(1)]);
    await runDurableObjectAlarm(stub);
    expect(await statusOf(stub, id)).toMatchObject({
      pending: 1,
      delivered: 0,
      lastStatus: 500,
      lastError: 'HTTP 500',
      nextAttemptAt: new Date(T0 + 5_000).toISOString(),
    });
    expect(await alarmAt(stub)).toBe(T0 + 5_000);

    // Not due yet: an early alarm sends nothing.
    await runInDurableObject(stub, (_, state) => state.storage.setAlarm(T0 + 1_000));
    await runDurableObjectAlarm(stub);
    expect(log.calls).toHaveLength(1);
    expect(await alarmAt(stub)).toBe(T0 + 5_000);

    await setClock(stub, T0 + 5_000);
    await runDurableObjectAlarm(stub);
    expect(await alarmAt(stub)).toBe(T0 + 20_000);

    await setMode(name, 'ok');
    await setClock(stub, T0 + 20_000);
    await runDurableObjectAlarm(stub);
    expect(await statusOf(stub, id)).toMatchObject({
      pending: 0,
      delivered: 1,
      lastStatus: 204,
      lastError: null,
    });
    const hooks = await received(name);
    expect(hooks.map((h) => h.headers['x-edgesteer-event-id'])).toEqual(['hc-1', 'hc-1', 'hc-1']);
    expect(new Set(hooks.map((h) => h.body)).size).toBe(1);
    // Each attempt is signed at its own time.
    const signedAt = hooks.map((h) => /^t=(\d+),/.exec(String(h.headers['x-edgesteer-signature']))?.[1]);
    expect(signedAt).toEqual([T0, T0 + 5_000, T0 + 20_000].map((t) => String(t / 1000)));
  });

  it('gives up after the last attempt, records it, and moves on to the next event', async () => {
    const stub = freshWebhooks();
    const log = await instrumentWebhooks(stub, T0, async () => new Response('busy', { status: 503 }));
    const id = await subscribe(stub, { url: 'https://receiver.invalid/hook' });
    await stub.enqueue([healthEvent(1), healthEvent(2)]);
    let now = T0;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await runDurableObjectAlarm(stub);
      const next = await alarmAt(stub);
      waits.push((next ?? now) - now);
      now = next ?? now;
      await setClock(stub, now);
    }
    expect(log.calls.map((c) => c.eventId)).toEqual([...Array(MAX_ATTEMPTS).fill('hc-1'), 'hc-2']);
    expect(waits.slice(0, -1)).toEqual(
      Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1, 0.5)),
    );
    // The 10th failure gave hc-1 up, and hc-2 went out at once (and failed: it waits 5 s).
    expect(waits.at(-1)).toBe(5_000);
    expect(await statusOf(stub, id)).toMatchObject({
      pending: 1,
      delivered: 0,
      givenUp: 1,
      lastError: 'HTTP 503',
    });
  });

  it('a PUT sends a delivery waiting to retry at once', async () => {
    const stub = freshWebhooks();
    await instrumentWebhooks(stub, T0);
    const name = crypto.randomUUID();
    await setMode(name, 'fail');
    const id = await subscribe(stub, { url: hookUrl(name) });
    await stub.enqueue([healthEvent(1)]);
    await runDurableObjectAlarm(stub);
    expect(await alarmAt(stub)).toBe(T0 + 5_000);
    await setClock(stub, T0 + 1_000);
    const fixed = `${hookUrl(name)}-fixed`;
    expect((await stub.update(id, { url: fixed })).ok).toBe(true);
    expect(await alarmAt(stub)).toBe(T0 + 1_000);
    await runDurableObjectAlarm(stub);
    expect(await received(`${name}-fixed`)).toHaveLength(1);
    expect(await statusOf(stub, id)).toMatchObject({ pending: 0, delivered: 1 });
  });

  it('a receiver that never answers times out; the attempt counts as failed', async () => {
    const stub = freshWebhooks();
    await instrumentWebhooks(stub, T0);
    await runInDurableObject(stub, (instance: HealthWebhooks) => {
      instance.timeoutMs = 200;
    });
    const name = crypto.randomUUID();
    await setMode(name, 'hang');
    const id = await subscribe(stub, { url: hookUrl(name) });
    await stub.enqueue([healthEvent(1)]);
    await runDurableObjectAlarm(stub);
    expect(await received(name)).toHaveLength(1);
    expect(await statusOf(stub, id)).toMatchObject({
      pending: 1,
      lastStatus: null,
      lastError: 'timeout after 200 ms',
      nextAttemptAt: new Date(T0 + 5_000).toISOString(),
    });
  });

  it('a network error counts as failed, with its reason', async () => {
    const stub = freshWebhooks();
    await instrumentWebhooks(stub, T0, async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:9');
    });
    const id = await subscribe(stub, { url: 'http://127.0.0.1:9/hook' });
    await stub.enqueue([healthEvent(1)]);
    await runDurableObjectAlarm(stub);
    expect(await statusOf(stub, id)).toMatchObject({
      pending: 1,
      lastStatus: null,
      lastError: 'connection refused',
    });
  });

  it('a stored URL the outbound rules refuse now is not sent to (a failed attempt naming why)', async () => {
    const stub = freshWebhooks();
    const log = await instrumentWebhooks(stub, T0);
    await runInDurableObject(stub, (instance: HealthWebhooks) => {
      instance.outbound = () => CLOSED_OUTBOUND;
    });
    // Stored straight in the object, as a URL written before the rule (or with the switch on) would be.
    const id = await subscribe(stub, { url: hookUrl('refused-now') });
    await stub.enqueue([healthEvent(1)]);
    await runDurableObjectAlarm(stub);
    expect(log.calls).toEqual([]);
    expect(await received('refused-now')).toEqual([]);
    expect(await statusOf(stub, id)).toMatchObject({
      pending: 1,
      lastStatus: null,
      lastError: expect.stringMatching(/^not sent: 127\.0\.0\.1 is in 127\.0\.0\.0\/8/),
    });
  });
});
