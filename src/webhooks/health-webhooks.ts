/**
 * Webhooks on health-status changes: one Durable Object ("primary"), apart from the health object
 * so a slow receiver never holds up probes. `enqueue` stores one delivery per matching subscription
 * in a durable outbox, in one transaction and at most once per event and subscription, and makes
 * sure the alarm runs. The alarm POSTs the due deliveries, in order per subscription, at most
 * MAX_FETCHES_PER_ALARM in one invocation (the Free plan allows 50 subrequests) and MAX_CONCURRENT at
 * once, retries failures (retry.ts), and re-arms itself for what is left (delivery-pass.ts).
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import type { HealthEvent, WebhookEvent } from '../health/webhook-event';
import { type OutboundPolicy, outboundPolicy } from '../outbound/targets';
import { err, ok, type Result } from '../result';
import { migrateSignal } from '../signals/signal-meta';
import { DELIVERY_TIMEOUT_MS } from './deliver';
import { deliverDue } from './delivery-pass';
import { assertHealthEvents, eventBody } from './event-body';
import * as outbox from './outbox';
import { readViews, type WebhookView } from './subscription-views';
import * as subscriptions from './subscriptions';
import type { WebhookInput } from './webhook-input';
import { WEBHOOK_SCHEMA } from './webhook-schema';

export const MAX_WEBHOOKS = 20;
/** Events in one enqueue call (× 20 subscriptions: at most 20,000 rows in its transaction). */
export const MAX_EVENTS_PER_ENQUEUE = 1_000;

export type WebhookError =
  | { readonly kind: 'not-found'; readonly message: string }
  | { readonly kind: 'conflict'; readonly message: string };

export interface WebhookStatus {
  readonly outbox: { readonly pending: number; readonly maxPending: number };
  readonly webhooks: readonly WebhookView[];
}

const notFound = (id: string): WebhookError => ({ kind: 'not-found', message: `no webhook ${id}` });

export class HealthWebhooks extends DurableObject<Env> {
  /** The clock, randomness (retry jitter) and HTTP client; tests replace them. */
  now: () => number = () => Date.now();
  random: () => number = () => Math.random();
  /** Not `fetch`: that name is the Durable Object's own HTTP handler. */
  fetcher: typeof fetch = (input, init) => fetch(input, init);
  timeoutMs = DELIVERY_TIMEOUT_MS;
  /** Where deliveries may go, from the vars at each alarm (tests close it). */
  outbound: () => OutboundPolicy = () => outboundPolicy(this.env);

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      migrateSignal(ctx.storage.sql, 'health-webhooks', WEBHOOK_SCHEMA);
      await this.arm();
    });
  }

  /**
   * Stores a delivery of each event for every subscription that wants it, and counts the new ones
   * (an event a subscription already has is skipped). Throws on more than MAX_EVENTS_PER_ENQUEUE
   * events or a malformed one, storing nothing.
   */
  async enqueue(events: readonly HealthEvent[]): Promise<{ accepted: number }> {
    assertHealthEvents(events, MAX_EVENTS_PER_ENQUEUE);
    const sql = this.ctx.storage.sql;
    const targets = subscriptions.listTargets(sql);
    const accepted = await this.store(events, (event) =>
      targets.filter((t) => t.checkIds === null || t.checkIds.has(event.healthCheckId)).map((t) => t.id),
    );
    return { accepted };
  }

  /** Sends a `webhook.test` event to this subscription only. */
  async sendTest(id: string): Promise<Result<{ eventId: string }, WebhookError>> {
    if (subscriptions.readTarget(this.ctx.storage.sql, id) === null) return err(notFound(id));
    const at = new Date(this.now()).toISOString();
    const event: WebhookEvent = {
      id: `test-${crypto.randomUUID()}`,
      type: 'webhook.test',
      webhookId: id,
      at,
    };
    await this.store([event], () => [id]);
    return ok({ eventId: event.id });
  }

  async create(input: WebhookInput): Promise<Result<WebhookView, WebhookError>> {
    const sql = this.ctx.storage.sql;
    if (subscriptions.countSubscriptions(sql) >= MAX_WEBHOOKS) {
      return err({ kind: 'conflict', message: `at most ${MAX_WEBHOOKS} webhooks; delete one first` });
    }
    const id = crypto.randomUUID();
    subscriptions.insertSubscription(sql, id, input, this.now());
    return ok(this.view(id));
  }

  /** Replaces a subscription's settings (an absent secret stays); a delivery waiting to retry goes at once. */
  async update(id: string, input: WebhookInput): Promise<Result<WebhookView, WebhookError>> {
    const sql = this.ctx.storage.sql;
    const now = this.now();
    const updated = this.ctx.storage.transactionSync(() => {
      if (!subscriptions.updateSubscription(sql, id, input, now)) return false;
      outbox.hurryHead(sql, id, now);
      return true;
    });
    if (!updated) return err(notFound(id));
    await this.arm();
    return ok(this.view(id));
  }

  /** Deletes a subscription and its deliveries; false when there was none. */
  async remove(id: string): Promise<boolean> {
    const sql = this.ctx.storage.sql;
    return this.ctx.storage.transactionSync(() => {
      outbox.deleteDeliveries(sql, id);
      return subscriptions.deleteSubscription(sql, id);
    });
  }

  async get(id: string): Promise<WebhookView | null> {
    return readViews(this.ctx.storage.sql, id)[0] ?? null;
  }

  /** Every subscription with its delivery status, and the outbox's fill. */
  async status(): Promise<WebhookStatus> {
    const sql = this.ctx.storage.sql;
    return {
      outbox: { pending: outbox.pendingTotal(sql), maxPending: outbox.MAX_PENDING },
      webhooks: readViews(sql),
    };
  }

  /** Delivers what is due, then comes back for the rest. */
  override async alarm(): Promise<void> {
    const deps = {
      fetch: this.fetcher,
      now: this.now,
      random: this.random,
      timeoutMs: this.timeoutMs,
      outbound: this.outbound(),
    };
    await deliverDue(this.ctx.storage, deps);
    await this.arm();
  }

  private view(id: string): WebhookView {
    const view = readViews(this.ctx.storage.sql, id)[0];
    if (view === undefined) throw new Error(`webhook ${id} vanished`);
    return view;
  }

  /** Stores the events for the subscriptions `to` names, trims the outbox, arms the alarm. */
  private async store<E extends WebhookEvent>(
    events: readonly E[],
    to: (event: E) => string[],
  ): Promise<number> {
    const sql = this.ctx.storage.sql;
    const now = this.now();
    const added = this.ctx.storage.transactionSync(() => {
      let count = 0;
      for (const event of events) {
        const body = eventBody(event);
        for (const id of to(event)) if (outbox.addDelivery(sql, id, event.id, body, now)) count++;
      }
      outbox.trimPending(sql);
      return count;
    });
    if (added > 0) await this.arm();
    return added;
  }

  /** Sets the alarm to the earliest due delivery, unless it is already set earlier. */
  private async arm(): Promise<void> {
    const next = outbox.nextDueAt(this.ctx.storage.sql);
    if (next === null) return;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > next) await this.ctx.storage.setAlarm(next);
  }
}
