/**
 * HealthWebhooks' SQLite tables (besides `meta`: `schema_version` only, durable/meta-table.ts).
 *
 * subscriptions   one row per webhook; `check_ids` is a JSON array (NULL: every check); `secret`
 *                 is write-only (never leaves the object but as a signature). Delivery counters and
 *                 the last attempt live here too.
 * outbox          one row per (subscription, event): `pending` until delivered, given up, or dropped
 *                 by the outbox bound. Finished rows stay (the newest FINISHED_KEPT) so that an
 *                 enqueue retried after its deliveries went out is still recognised.
 */

/** Migration steps (signals/signal-meta.ts `migrateSignal`). */
export const WEBHOOK_SCHEMA: readonly (readonly string[])[] = [
  [
    `CREATE TABLE IF NOT EXISTS subscriptions (
       id TEXT PRIMARY KEY,
       url TEXT NOT NULL,
       secret TEXT,
       check_ids TEXT,
       description TEXT,
       created_at INTEGER NOT NULL,
       updated_at INTEGER NOT NULL,
       delivered INTEGER NOT NULL DEFAULT 0,
       given_up INTEGER NOT NULL DEFAULT 0,
       dropped INTEGER NOT NULL DEFAULT 0,
       last_attempt_at INTEGER,
       last_status INTEGER,
       last_error TEXT) WITHOUT ROWID`,
    `CREATE TABLE IF NOT EXISTS outbox (
       seq INTEGER PRIMARY KEY,
       subscription_id TEXT NOT NULL,
       event_id TEXT NOT NULL,
       body TEXT NOT NULL,
       state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'given-up', 'dropped')),
       attempts INTEGER NOT NULL DEFAULT 0,
       next_at INTEGER NOT NULL,
       UNIQUE (subscription_id, event_id))`,
    `CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (subscription_id, seq) WHERE state = 'pending'`,
    `CREATE INDEX IF NOT EXISTS outbox_finished ON outbox (seq) WHERE state <> 'pending'`,
  ],
];
