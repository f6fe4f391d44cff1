/**
 * The outbox (webhook-schema.ts): one row per delivery of an event to a subscription. A
 * subscription's pending rows go out in `seq` order, each waiting for the one before it; its head
 * is the oldest pending row, and `next_at` of the head is when it may be tried (again).
 */
import type { AfterAttempt } from './retry';

/** Pending deliveries across all subscriptions; past it, the oldest are dropped and counted. */
export const MAX_PENDING = 10_000;
/** Finished deliveries remembered, so a retried enqueue of an event already sent is recognised. */
export const FINISHED_KEPT = 10_000;

export interface Delivery {
  readonly seq: number;
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly body: string;
  /** Attempts made so far. */
  readonly attempts: number;
  readonly nextAt: number;
}

/** Joined as `o`, keeps each subscription's head only. */
const HEADS =
  "JOIN (SELECT MIN(seq) AS seq FROM outbox WHERE state = 'pending' GROUP BY subscription_id) h ON o.seq = h.seq";

type DeliverySql = {
  seq: number;
  subscription_id: string;
  event_id: string;
  body: string;
  attempts: number;
  next_at: number;
};

const toDelivery = (row: DeliverySql): Delivery => ({
  seq: row.seq,
  subscriptionId: row.subscription_id,
  eventId: row.event_id,
  body: row.body,
  attempts: row.attempts,
  nextAt: row.next_at,
});

/** Adds a pending delivery, due at `now`; false when this subscription already has the event. */
export function addDelivery(
  sql: SqlStorage,
  subscriptionId: string,
  eventId: string,
  body: string,
  now: number,
): boolean {
  const rows = sql.exec(
    `INSERT INTO outbox (subscription_id, event_id, body, state, next_at) VALUES (?, ?, ?, 'pending', ?)
     ON CONFLICT (subscription_id, event_id) DO NOTHING RETURNING seq`,
    subscriptionId,
    eventId,
    body,
    now,
  );
  return rows.toArray().length > 0;
}

export function pendingTotal(sql: SqlStorage): number {
  return sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").one().n;
}

/** Drops the oldest pending deliveries beyond `max`, counting them per subscription; returns how many. */
export function trimPending(sql: SqlStorage, max = MAX_PENDING): number {
  const excess = pendingTotal(sql) - max;
  if (excess <= 0) return 0;
  const cutoff = sql
    .exec<{ seq: number }>(
      "SELECT seq FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT 1 OFFSET ?",
      excess - 1,
    )
    .one().seq;
  sql.exec(
    `UPDATE subscriptions SET dropped = dropped + (SELECT COUNT(*) FROM outbox o
       WHERE o.subscription_id = subscriptions.id AND o.state = 'pending' AND o.seq <= ?)`,
    cutoff,
  );
  sql.exec("UPDATE outbox SET state = 'dropped' WHERE state = 'pending' AND seq <= ?", cutoff);
  return excess;
}

/** The subscription's next delivery, due or not. */
export function headOf(sql: SqlStorage, subscriptionId: string): Delivery | null {
  const row = sql
    .exec<DeliverySql>(
      `SELECT seq, subscription_id, event_id, body, attempts, next_at FROM outbox
       WHERE subscription_id = ? AND state = 'pending' ORDER BY seq LIMIT 1`,
      subscriptionId,
    )
    .toArray()[0];
  return row === undefined ? null : toDelivery(row);
}

/** Subscriptions whose head is due at `now`, the longest-waiting first. */
export function dueSubscriptions(sql: SqlStorage, now: number): string[] {
  return sql
    .exec<{ subscription_id: string }>(
      `SELECT o.subscription_id FROM outbox o
       ${HEADS}
       WHERE o.next_at <= ? ORDER BY o.next_at, o.seq`,
      now,
    )
    .toArray()
    .map((row) => row.subscription_id);
}

/** When the earliest head is due; null when nothing is pending. */
export function nextDueAt(sql: SqlStorage): number | null {
  return sql
    .exec<{ at: number | null }>(
      `SELECT MIN(o.next_at) AS at FROM outbox o
       ${HEADS}`,
    )
    .one().at;
}

/** Stores an attempt's end; false when the delivery is no longer pending (dropped or deleted meanwhile). */
export function finishAttempt(sql: SqlStorage, seq: number, attempts: number, after: AfterAttempt): boolean {
  const cursor = sql.exec(
    "UPDATE outbox SET attempts = ?, state = ?, next_at = ? WHERE seq = ? AND state = 'pending'",
    attempts,
    after.state,
    after.state === 'pending' ? after.nextAt : 0,
    seq,
  );
  cursor.toArray();
  return cursor.rowsWritten > 0;
}

/** Makes the subscription's head due now (its URL changed: no reason to sit out the old wait). */
export function hurryHead(sql: SqlStorage, subscriptionId: string, now: number): void {
  const head = headOf(sql, subscriptionId);
  if (head !== null && head.nextAt > now)
    sql.exec('UPDATE outbox SET next_at = ? WHERE seq = ?', now, head.seq);
}

export function deleteDeliveries(sql: SqlStorage, subscriptionId: string): void {
  sql.exec('DELETE FROM outbox WHERE subscription_id = ?', subscriptionId);
}

/** Forgets all but the newest `keep` finished deliveries. */
export function pruneFinished(sql: SqlStorage, keep = FINISHED_KEPT): void {
  sql.exec(
    `DELETE FROM outbox WHERE state <> 'pending' AND seq <= (SELECT seq FROM outbox WHERE state <> 'pending'
       ORDER BY seq DESC LIMIT 1 OFFSET ?)`,
    keep,
  );
}
