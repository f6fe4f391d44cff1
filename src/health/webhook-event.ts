/**
 * What webhooks deliver. The health Durable Object emits `HealthEvent`s (HealthWebhooks.enqueue);
 * the management API's test call sends a `WebhookTestEvent` to one subscription. Each is POSTed as
 * its JSON, one event per request.
 */

/** One change of a health check's published status, as webhooks deliver it. */
export interface HealthEvent {
  /** Unique and stable across retries, e.g. "hc-<sequence>"; receivers de-duplicate by it. */
  readonly id: string;
  readonly type: 'health-check.status-changed';
  readonly healthCheckId: string;
  readonly healthy: boolean;
  readonly previousHealthy: boolean;
  /** ISO time of the transition. */
  readonly at: string;
  readonly reason: string;
  readonly source: 'probe' | 'manual';
}

/** Sent by `POST /api/v1/webhooks/{id}/test` to that subscription only, whatever its filter. */
export interface WebhookTestEvent {
  /** "test-<uuid>". */
  readonly id: string;
  readonly type: 'webhook.test';
  readonly webhookId: string;
  /** ISO time of the request. */
  readonly at: string;
}

/** Every event a receiver may get; switch on `type` (new types may be added). */
export type WebhookEvent = HealthEvent | WebhookTestEvent;
