/**
 * Health-check queries beyond the generic rows (rows.ts) of the control plane's SQLite storage
 * (schema.ts, table health_checks).
 */
export function healthCheckExists(sql: SqlStorage, id: string): boolean {
  return sql.exec('SELECT 1 FROM health_checks WHERE id = ?', id).toArray().length > 0;
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
