/**
 * The rows of the resources beside the zones (CIDR collections, regions, origins, health checks) in the
 * control plane's SQLite storage (schema.ts): one generic reader and writer, driven by each
 * resource's description in resources/table.ts.
 */
import type { Versioned } from '../types';

/** How a resource is stored and named; each description in resources/table.ts is one. */
export interface StoredKind<T extends { readonly id: string }> {
  /** In messages: `no ${noun} ${id}`. */
  readonly noun: string;
  /** SQLite table (store/schema.ts), keyed by `id`, with `version` and `updated_at` columns. */
  readonly table: 'cidr_collections' | 'regions' | 'origins' | 'health_checks';
  /** The columns besides id, version and updated_at, as written. */
  columns(value: T): Record<string, SqlStorageValue>;
  fromRow(row: Record<string, SqlStorageValue>): T;
}

type Row = Record<string, SqlStorageValue>;

function fromSql<T extends { readonly id: string }>(kind: StoredKind<T>, row: Row): Versioned<T> {
  return { value: kind.fromRow(row), version: Number(row['version']), updatedAt: String(row['updated_at']) };
}

export function listResources<T extends { readonly id: string }>(
  sql: SqlStorage,
  kind: StoredKind<T>,
): Versioned<T>[] {
  return sql
    .exec<Row>(`SELECT * FROM ${kind.table} ORDER BY id`)
    .toArray()
    .map((row) => fromSql(kind, row));
}

export function readResource<T extends { readonly id: string }>(
  sql: SqlStorage,
  kind: StoredKind<T>,
  id: string,
): Versioned<T> | null {
  return readResourceWhere(sql, kind, 'id', id);
}

/** The resource whose `column` holds `value` (a unique column), or null. */
export function readResourceWhere<T extends { readonly id: string }>(
  sql: SqlStorage,
  kind: StoredKind<T>,
  column: string,
  value: SqlStorageValue,
): Versioned<T> | null {
  const row = sql.exec<Row>(`SELECT * FROM ${kind.table} WHERE ${column} = ?`, value).toArray()[0];
  return row === undefined ? null : fromSql(kind, row);
}

/** Insert or replace the row of `value`, stamped with the config version that wrote it. */
export function writeResource<T extends { readonly id: string }>(
  sql: SqlStorage,
  kind: StoredKind<T>,
  value: T,
  version: number,
  at: string,
): void {
  const columns = kind.columns(value);
  const names = [...Object.keys(columns), 'version', 'updated_at'];
  const updates = names.map((n) => `${n} = excluded.${n}`).join(', ');
  sql.exec(
    `INSERT INTO ${kind.table} (id, ${names.join(', ')}) VALUES (${names.map(() => '?, ').join('')}?)
     ON CONFLICT (id) DO UPDATE SET ${updates}`,
    value.id,
    ...Object.values(columns),
    version,
    at,
  );
}

export function deleteResourceRow(
  sql: SqlStorage,
  kind: StoredKind<{ readonly id: string }>,
  id: string,
): void {
  sql.exec(`DELETE FROM ${kind.table} WHERE id = ?`, id);
}

export function countRows(sql: SqlStorage, kind: StoredKind<{ readonly id: string }>): number {
  return sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${kind.table}`).one().n;
}
