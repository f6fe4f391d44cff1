/**
 * Health-check queries beyond the generic rows (rows.ts) of the control plane's SQLite storage
 * (schema.ts, table health_checks).
 */
import type { StoredHealthCheck } from '../resources/health-check';
import { STORED } from '../resources/table';
import type { Versioned } from '../types';
import { readResourceWhere } from './rows';

export function healthCheckExists(sql: SqlStorage, id: string): boolean {
  return sql.exec('SELECT 1 FROM health_checks WHERE id = ?', id).toArray().length > 0;
}

export function readHealthCheckByReference(
  sql: SqlStorage,
  reference: string,
): Versioned<StoredHealthCheck> | null {
  return readResourceWhere(sql, STORED['health-check'], 'caller_reference', reference);
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
