/** Webhook test helpers: the local receiver (webhook-receiver.ts), fresh objects, events, an instrumented fetch. */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { inject } from 'vitest';
import { stubByName } from '../../src/durable/stub';
import type { HealthEvent } from '../../src/health/webhook-event';
import type { HealthWebhooks } from '../../src/webhooks/health-webhooks';
import type { WebhookInput } from '../../src/webhooks/webhook-input';
import type { ReceivedHook, ReceiverMode } from './webhook-receiver';

const { port } = inject('webhookReceiver');
const receiver = `http://127.0.0.1:${port}`;

/** A receiver endpoint of its own. */
export const hookUrl = (name: string): string => `${receiver}/hooks/${name}`;

export async function setMode(name: string, mode: ReceiverMode): Promise<void> {
  const response = await fetch(`${receiver}/_control/mode/${name}`, {
    method: 'POST',
    body: JSON.stringify({ mode }),
  });
  await response.text();
}

export async function received(name: string): Promise<ReceivedHook[]> {
  return (await fetch(`${receiver}/_control/received/${name}`)).json<ReceivedHook[]>();
}

/** A HealthWebhooks object of the test's own (not the API's "primary"). */
export function freshWebhooks(): DurableObjectStub<HealthWebhooks> {
  return stubByName<HealthWebhooks>(env.WEBHOOKS, crypto.randomUUID());
}

export function healthEvent(n: number, healthCheckId = 'web-1', healthy = n % 2 === 0): HealthEvent {
  return {
    id: `hc-${n}`,
    type: 'health-check.status-changed',
    healthCheckId,
    healthy,
    previousHealthy: !healthy,
    at: new Date(Date.UTC(2030, 0, 1, 0, 0, n)).toISOString(),
    reason: healthy ? 'status 200' : 'timeout after 6000 ms',
    source: 'probe',
  };
}

/** Creates a subscription; fails the test on an error. */
export async function subscribe(
  stub: DurableObjectStub<HealthWebhooks>,
  input: WebhookInput,
): Promise<string> {
  const created = await stub.create(input);
  if (!created.ok) throw new Error(created.error.message);
  return created.value.id;
}

export interface FetchLog {
  /** Requests made, in order: URL and X-Edgesteer-Event-Id. */
  readonly calls: { readonly url: string; readonly eventId: string | null }[];
  /** Most requests in flight at once. */
  maxInFlight: number;
}

/**
 * Sets the object's clock and randomness, and wraps its fetch to log calls; `answer` replaces the
 * network (default: the real fetch).
 */
export async function instrumentWebhooks(
  stub: DurableObjectStub<HealthWebhooks>,
  now: number,
  answer?: (url: string) => Promise<Response>,
): Promise<FetchLog> {
  const log: FetchLog = { calls: [], maxInFlight: 0 };
  await runInDurableObject(stub, (instance: HealthWebhooks) => {
    let inFlight = 0;
    instance.now = () => now;
    instance.random = () => 0.5;
    instance.fetcher = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      log.calls.push({ url, eventId: new Headers(init?.headers).get('X-Edgesteer-Event-Id') });
      log.maxInFlight = Math.max(log.maxInFlight, ++inFlight);
      try {
        return await (answer === undefined ? fetch(input, init) : answer(url));
      } finally {
        inFlight--;
      }
    };
  });
  return log;
}
