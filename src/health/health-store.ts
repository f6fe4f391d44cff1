/**
 * HealthState's SQLite tables (besides `meta`, signals/signal-meta.ts) and the snapshot they compile to.
 *
 * checks(id, healthy, since, source, reason)   one row per check with a result; no row = no result
 *                                              yet (counts healthy). `since` is the last transition.
 */

import type { SignalMeta } from '../signals/signal-meta';
import { PROBE_SCHEMA_STEP } from './probe-store';
import type { CheckState, HealthSnapshot } from './snapshot';

/** Migration steps (signals/signal-meta.ts `migrateSignal`); step 2 adds the probe tables. */
export const HEALTH_SCHEMA: readonly (readonly string[])[] = [
  [
    `CREATE TABLE IF NOT EXISTS checks (
       id TEXT PRIMARY KEY,
       healthy INTEGER NOT NULL,
       since TEXT NOT NULL,
       source TEXT NOT NULL CHECK (source IN ('manual', 'probe')),
       reason TEXT) WITHOUT ROWID`,
  ],
  PROBE_SCHEMA_STEP,
];

type CheckSql = { id: string; healthy: number; since: string; source: string; reason: string | null };

export interface CheckRow {
  readonly id: string;
  readonly state: CheckState;
}

function fromSql(row: CheckSql): CheckRow {
  const source = row.source === 'probe' ? 'probe' : 'manual';
  const base = { healthy: row.healthy === 1, since: row.since, source } as const;
  return { id: row.id, state: row.reason === null ? base : { ...base, reason: row.reason } };
}

export function readCheck(sql: SqlStorage, id: string): CheckState | null {
  const row = sql
    .exec<CheckSql>('SELECT id, healthy, since, source, reason FROM checks WHERE id = ?', id)
    .toArray()[0];
  return row === undefined ? null : fromSql(row).state;
}

/** Every check with a result, by id. */
export function listChecks(sql: SqlStorage): CheckRow[] {
  return sql
    .exec<CheckSql>('SELECT id, healthy, since, source, reason FROM checks ORDER BY id')
    .toArray()
    .map(fromSql);
}

export function countChecks(sql: SqlStorage): number {
  return sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM checks').one().n;
}

export function writeCheck(sql: SqlStorage, id: string, state: CheckState): void {
  sql.exec(
    `INSERT INTO checks (id, healthy, since, source, reason) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET healthy = excluded.healthy, since = excluded.since,
       source = excluded.source, reason = excluded.reason`,
    id,
    state.healthy ? 1 : 0,
    state.since,
    state.source,
    state.reason ?? null,
  );
}

/** Forgets a check's result; false when it had none. */
export function deleteCheck(sql: SqlStorage, id: string): boolean {
  const cursor = sql.exec('DELETE FROM checks WHERE id = ?', id);
  cursor.toArray();
  return cursor.rowsWritten > 0;
}

/** The HealthSnapshot JSON of the stored statuses at `meta.version` (checks in id order). */
export function healthSnapshotText(sql: SqlStorage, meta: SignalMeta): string {
  // fromEntries defines own properties, so even an id like `__proto__` is an ordinary member.
  const checks = Object.fromEntries(listChecks(sql).map((row) => [row.id, row.state]));
  const snapshot: HealthSnapshot = {
    format: 1,
    version: meta.version,
    updatedAt: new Date(meta.changedAt).toISOString(),
    checks,
  };
  return JSON.stringify(snapshot);
}
