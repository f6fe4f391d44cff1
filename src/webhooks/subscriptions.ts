/** Subscription rows (webhook-schema.ts): writes, and the targets deliveries need. */
import type { AfterAttempt } from './retry';
import type { WebhookInput } from './webhook-input';

/** What a delivery needs: never leaves the Durable Object. */
export interface Target {
  readonly id: string;
  readonly url: string;
  readonly secret: string | null;
  /** null: every check. */
  readonly checkIds: ReadonlySet<string> | null;
}

export interface Attempt {
  readonly at: number;
  readonly status: number | null;
  readonly error: string | null;
  /** The delivery's state after it; null when the delivery was dropped or deleted meanwhile. */
  readonly state: AfterAttempt['state'] | null;
}

type TargetSql = { id: string; url: string; secret: string | null; check_ids: string | null };

/** The stored `check_ids` JSON → the ids, or null for every check. */
export const parseCheckIds = (json: string | null): string[] | null =>
  json === null ? null : (JSON.parse(json) as string[]);

export function countSubscriptions(sql: SqlStorage): number {
  return sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM subscriptions').one().n;
}

export function insertSubscription(sql: SqlStorage, id: string, input: WebhookInput, now: number): void {
  sql.exec(
    `INSERT INTO subscriptions (id, url, secret, check_ids, description, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    id,
    input.url,
    input.secret ?? null,
    input.healthCheckIds === undefined ? null : JSON.stringify(input.healthCheckIds),
    input.description ?? null,
    now,
    now,
  );
}

/** Replaces a subscription's settings; an absent secret stays as it was. False when there is none. */
export function updateSubscription(sql: SqlStorage, id: string, input: WebhookInput, now: number): boolean {
  const cursor = sql.exec(
    `UPDATE subscriptions SET url = ?, check_ids = ?, description = ?, updated_at = ?,
       secret = CASE WHEN ? THEN secret ELSE ? END
     WHERE id = ?`,
    input.url,
    input.healthCheckIds === undefined ? null : JSON.stringify(input.healthCheckIds),
    input.description ?? null,
    now,
    input.secret === undefined ? 1 : 0,
    input.secret ?? null,
    id,
  );
  cursor.toArray();
  return cursor.rowsWritten > 0;
}

export function deleteSubscription(sql: SqlStorage, id: string): boolean {
  const cursor = sql.exec('DELETE FROM subscriptions WHERE id = ?', id);
  cursor.toArray();
  return cursor.rowsWritten > 0;
}

function toTarget(row: TargetSql): Target {
  const ids = parseCheckIds(row.check_ids);
  return { id: row.id, url: row.url, secret: row.secret, checkIds: ids === null ? null : new Set(ids) };
}

export function listTargets(sql: SqlStorage): Target[] {
  return sql.exec<TargetSql>('SELECT id, url, secret, check_ids FROM subscriptions').toArray().map(toTarget);
}

export function readTarget(sql: SqlStorage, id: string): Target | null {
  const row = sql.exec<TargetSql>('SELECT id, url, secret, check_ids FROM subscriptions WHERE id = ?', id);
  const found = row.toArray()[0];
  return found === undefined ? null : toTarget(found);
}

export function recordAttempt(sql: SqlStorage, id: string, attempt: Attempt): void {
  sql.exec(
    `UPDATE subscriptions SET last_attempt_at = ?, last_status = ?, last_error = ?,
       delivered = delivered + ?, given_up = given_up + ?
     WHERE id = ?`,
    attempt.at,
    attempt.status,
    attempt.error,
    attempt.state === 'delivered' ? 1 : 0,
    attempt.state === 'given-up' ? 1 : 0,
    id,
  );
}
