/** What each event is POSTed as, and the check that enqueued events are well-formed. */
import { checkIdProblem } from '../health/check-status';
import type { WebhookEvent } from '../health/webhook-event';
import { assertNever } from '../result';

/** Event ids travel in a header: 1–128 visible ASCII characters. */
const EVENT_ID = /^[\x21-\x7e]{1,128}$/;
const MAX_REASON_CHARS = 1_024;

/** The JSON body: the event's own members in a fixed order, nothing else. */
export function eventBody(event: WebhookEvent): string {
  switch (event.type) {
    case 'health-check.status-changed': {
      const { id, type, healthCheckId, healthy, previousHealthy, at, reason, source } = event;
      return JSON.stringify({ id, type, healthCheckId, healthy, previousHealthy, at, reason, source });
    }
    case 'webhook.test': {
      const { id, type, webhookId, at } = event;
      return JSON.stringify({ id, type, webhookId, at });
    }
    default:
      return assertNever(event);
  }
}

/** What is wrong with an event handed to `enqueue` (a bug in the caller), or null. */
export function healthEventProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const e = value as Record<string, unknown>;
  if (typeof e['id'] !== 'string' || !EVENT_ID.test(e['id'])) return 'id: 1–128 visible ASCII characters';
  if (e['type'] !== 'health-check.status-changed') return 'type: expected "health-check.status-changed"';
  const check = e['healthCheckId'];
  if (typeof check !== 'string' || checkIdProblem(check, '') !== null) return 'healthCheckId: not a check id';
  if (typeof e['healthy'] !== 'boolean' || typeof e['previousHealthy'] !== 'boolean') {
    return 'healthy, previousHealthy: expected booleans';
  }
  if (typeof e['at'] !== 'string' || Number.isNaN(Date.parse(e['at']))) return 'at: expected an ISO time';
  if (typeof e['reason'] !== 'string' || e['reason'].length > MAX_REASON_CHARS) {
    return `reason: expected a string of at most ${MAX_REASON_CHARS} characters`;
  }
  if (e['source'] !== 'probe' && e['source'] !== 'manual') return 'source: expected "probe" or "manual"';
  return null;
}

/** Throws unless `events` is an array of at most `max` well-formed HealthEvents (else a caller's bug). */
export function assertHealthEvents(events: unknown, max: number): void {
  if (!Array.isArray(events) || events.length > max) {
    throw new TypeError(`enqueue takes an array of at most ${max} events`);
  }
  events.forEach((event: unknown, i) => {
    const problem = healthEventProblem(event);
    if (problem !== null) throw new TypeError(`event ${i}: ${problem}`);
  });
}
