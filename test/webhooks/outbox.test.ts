import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { MAX_CONCURRENT, MAX_FETCHES_PER_ALARM } from '../../src/webhooks/delivery-pass';
import { type HealthWebhooks, MAX_EVENTS_PER_ENQUEUE } from '../../src/webhooks/health-webhooks';
import { MAX_PENDING } from '../../src/webhooks/outbox';
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

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('outbox', () => {
  it("keeps each subscription's order: the next event waits until the previous one is delivered", async () => {
    const stub = freshWebhooks();
    await instrumentWebhooks(stub, T0);
    const [slow, fast] = [crypto.randomUUID(), crypto.randomUUID()];
    await setMode(slow, 'fail');
    await subscribe(stub, { url: hookUrl(slow) });
    await subscribe(stub, { url: hookUrl(fast) });
    await stub.enqueue([1, 2, 3].map((n) => healthEvent(n)));
    await runDurableObjectAlarm(stub);
    // The failing receiver got only the first event; the other one got all three, in order.
    expect((await received(slow)).map((h) => h.headers['x-edgesteer-event-id'])).toEqual(['hc-1']);
    expect((await received(fast)).map((h) => h.headers['x-edgesteer-event-id'])).toEqual([
      'hc-1',
      'hc-2',
      'hc-3',
    ]);

    await setMode(slow, 'ok');
    await setClock(stub, T0 + 5_000);
    await runDurableObjectAlarm(stub);
    const bodies = (await received(slow)).map((h) => (JSON.parse(h.body) as { id: string }).id);
    expect(bodies).toEqual(['hc-1', 'hc-1', 'hc-2', 'hc-3']);
  });

  it('delivers only the checks a subscription names; none named means all', async () => {
    const stub = freshWebhooks();
    await instrumentWebhooks(stub, T0);
    const [some, all] = [crypto.randomUUID(), crypto.randomUUID()];
    await subscribe(stub, { url: hookUrl(some), healthCheckIds: ['web-1', 'db-9'] });
    await subscribe(stub, { url: hookUrl(all) });
    const events = [healthEvent(1, 'web-1'), healthEvent(2, 'api-2'), healthEvent(3, 'db-9')];
    expect(await stub.enqueue(events)).toEqual({ accepted: 5 });
    await runDurableObjectAlarm(stub);
    const ids = async (name: string) => (await received(name)).map((h) => h.headers['x-edgesteer-event-id']);
    expect(await ids(some)).toEqual(['hc-1', 'hc-3']);
    expect(await ids(all)).toEqual(['hc-1', 'hc-2', 'hc-3']);
  });

  it('a retried enqueue adds nothing, before or after delivery', async () => {
    const stub = freshWebhooks();
    const log = await instrumentWebhooks(stub, T0);
    const name = crypto.randomUUID();
    const id = await subscribe(stub, { url: hookUrl(name) });
    const events = [healthEvent(1), healthEvent(2)];
    expect(await stub.enqueue(events)).toEqual({ accepted: 2 });
    expect(await stub.enqueue(events)).toEqual({ accepted: 0 });
    expect(await stub.enqueue([healthEvent(2), healthEvent(3)])).toEqual({ accepted: 1 });
    await runDurableObjectAlarm(stub);
    expect(await stub.enqueue(events)).toEqual({ accepted: 0 });
    expect(await runDurableObjectAlarm(stub)).toBe(false);
    expect(log.calls.map((c) => c.eventId)).toEqual(['hc-1', 'hc-2', 'hc-3']);
    expect((await stub.get(id))?.status).toMatchObject({ pending: 0, delivered: 3 });
  });

  it('refuses malformed events as a whole (a bug in the caller)', async () => {
    const stub = freshWebhooks();
    await instrumentWebhooks(stub, T0);
    await subscribe(stub, { url: hookUrl(crypto.randomUUID()) });
    const bad = { ...healthEvent(2), id: 'hc 2\n' };
    // Called inside the object: a rejecting RPC through a stub leaks an unhandled rejection in the
    // test pool (workers-sdk issue 14736).
    await runInDurableObject(stub, async (instance: HealthWebhooks) => {
      await expect(instance.enqueue([healthEvent(1), bad])).rejects.toThrow('event 1: id');
      const tooMany = range(0, MAX_EVENTS_PER_ENQUEUE).map((n) => healthEvent(n));
      await expect(instance.enqueue(tooMany)).rejects.toThrow('at most 1000 events');
    });
    expect((await stub.status()).outbox.pending).toBe(0);
  });

  it(`holds at most ${MAX_PENDING} pending deliveries, dropping and counting the oldest`, async () => {
    const stub = freshWebhooks();
    const log = await instrumentWebhooks(stub, T0, async () => new Response(null, { status: 204 }));
    const id = await subscribe(stub, { url: 'https://receiver.invalid/hook' });
    const events = range(1, MAX_PENDING + 5).map((n) => healthEvent(n));
    for (let at = 0; at < events.length; at += MAX_EVENTS_PER_ENQUEUE) {
      const batch = events.slice(at, at + MAX_EVENTS_PER_ENQUEUE);
      expect(await stub.enqueue(batch)).toEqual({ accepted: batch.length });
    }
    const status = await stub.status();
    expect(status.outbox).toEqual({ pending: MAX_PENDING, maxPending: MAX_PENDING });
    expect(status.webhooks[0]?.status).toMatchObject({ pending: MAX_PENDING, dropped: 5 });
    // A dropped event stays known: enqueuing it again does not bring it back.
    expect(await stub.enqueue([events[0]!])).toEqual({ accepted: 0 });
    await runDurableObjectAlarm(stub);
    expect(log.calls[0]?.eventId).toBe('hc-6');
    expect((await stub.get(id))?.status).toMatchObject({ dropped: 5, delivered: MAX_FETCHES_PER_ALARM });
  });

  it(`makes at most ${MAX_FETCHES_PER_ALARM} requests per alarm, ${MAX_CONCURRENT} at once, and re-arms for the rest`, async () => {
    const stub = freshWebhooks();
    const log = await instrumentWebhooks(stub, T0, async () => {
      await later(5);
      return new Response(null, { status: 200 });
    });
    const subscriptions = await Promise.all(
      range(1, 8).map((n) => subscribe(stub, { url: `https://r${n}.invalid/` })),
    );
    expect(await stub.enqueue(range(1, 12).map((n) => healthEvent(n)))).toEqual({ accepted: 96 });

    await runDurableObjectAlarm(stub);
    expect(log.calls).toHaveLength(MAX_FETCHES_PER_ALARM);
    expect(log.maxInFlight).toBe(MAX_CONCURRENT);
    expect(await alarmAt(stub)).toBe(T0);
    await runDurableObjectAlarm(stub);
    expect(log.calls).toHaveLength(2 * MAX_FETCHES_PER_ALARM);
    await runDurableObjectAlarm(stub);
    expect(log.calls).toHaveLength(96);
    expect(await alarmAt(stub)).toBeNull();
    expect(log.maxInFlight).toBe(MAX_CONCURRENT);

    // Round-robin across subscriptions, and each one's events in order.
    for (const n of range(1, 8)) {
      const sent = log.calls.filter((c) => c.url === `https://r${n}.invalid/`).map((c) => c.eventId);
      expect(sent).toEqual(range(1, 12).map((e) => `hc-${e}`));
    }
    const status = await stub.status();
    expect(status.webhooks.map((w) => w.id).sort()).toEqual([...subscriptions].sort());
    expect(status.webhooks.every((w) => w.status.delivered === 12 && w.status.pending === 0)).toBe(true);
  });
});
