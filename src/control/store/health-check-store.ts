/** Health-check rows of the control plane's SQLite storage (schema.ts, table health_checks). */
import type { HealthCheckConfig } from '../../health/check-config';
import type { Versioned } from '../types';

/** A stored health-check definition. */
export interface StoredHealthCheck {
  readonly id: string;
  readonly callerReference?: string;
  readonly config: HealthCheckConfig;
}

type HealthCheckSql = {
  id: string;
  config_json: string;
  version: number;
  updated_at: string;
  caller_reference: string | null;
};

const COLUMNS = 'id, config_json, version, updated_at, caller_reference';

function fromSql(row: HealthCheckSql): Versioned<StoredHealthCheck> {
  const config = JSON.parse(row.config_json) as HealthCheckConfig;
  const reference = row.caller_reference === null ? {} : { callerReference: row.caller_reference };
  return { value: { id: row.id, ...reference, config }, version: row.version, updatedAt: row.updated_at };
}

export function listHealthCheckRows(sql: SqlStorage): Versioned<StoredHealthCheck>[] {
  return sql.exec<HealthCheckSql>(`SELECT ${COLUMNS} FROM health_checks ORDER BY id`).toArray().map(fromSql);
}

export function readHealthCheckRow(sql: SqlStorage, id: string): Versioned<StoredHealthCheck> | null {
  const row = sql.exec<HealthCheckSql>(`SELECT ${COLUMNS} FROM health_checks WHERE id = ?`, id).toArray()[0];
  return row === undefined ? null : fromSql(row);
}

export function healthCheckExists(sql: SqlStorage, id: string): boolean {
  return sql.exec('SELECT 1 FROM health_checks WHERE id = ?', id).toArray().length > 0;
}

export function readHealthCheckByReference(
  sql: SqlStorage,
  reference: string,
): Versioned<StoredHealthCheck> | null {
  const row = sql
    .exec<HealthCheckSql>(`SELECT ${COLUMNS} FROM health_checks WHERE caller_reference = ?`, reference)
    .toArray()[0];
  return row === undefined ? null : fromSql(row);
}

export function writeHealthCheckRow(
  sql: SqlStorage,
  check: StoredHealthCheck,
  version: number,
  at: string,
): void {
  sql.exec(
    `INSERT INTO health_checks (${COLUMNS}) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET config_json = excluded.config_json, version = excluded.version,
       updated_at = excluded.updated_at`,
    check.id,
    JSON.stringify(check.config),
    version,
    at,
    check.callerReference ?? null,
  );
}

export function deleteHealthCheckRow(sql: SqlStorage, id: string): void {
  sql.exec('DELETE FROM health_checks WHERE id = ?', id);
}

export function countHealthChecks(sql: SqlStorage): number {
  return sql.exec<{ n: number }>('SELECT count(*) AS n FROM health_checks').one().n;
}

/** Ids of the calculated checks that list `id` as a child. */
export function parentsOf(sql: SqlStorage, id: string): string[] {
  return sql
    .exec<{ id: string }>(
      `SELECT id FROM health_checks
       WHERE EXISTS (SELECT 1 FROM json_each(config_json, '$.ChildHealthChecks') WHERE value = ?) ORDER BY id`,
      id,
    )
    .toArray()
    .map((r) => r.id);
}

/** An upper bound on what the checks add to the snapshot JSON. */
export function healthChecksBytes(sql: SqlStorage): number {
  const row = sql
    .exec<{ n: number | null }>(
      'SELECT coalesce(sum(length(config_json) + length(id) + 32), 0) AS n FROM health_checks',
    )
    .one();
  return row.n ?? 0;
}
