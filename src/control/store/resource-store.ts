/**
 * CIDR-collection and region rows of the control plane's SQLite storage (schema.ts), read and
 * written through their descriptions in resources/table.ts.
 */
import { probeConfig } from '../../health/check-config-refs';
import type { SnapshotResources } from '../publish/compile';
import { RESOURCES, type ResourceKind } from '../resources/table';
import type { Versioned } from '../types';
import { healthChecksBytes, listHealthCheckRows } from './health-check-store';

type Row = Record<string, SqlStorageValue>;

function fromSql<T extends { readonly id: string }>(kind: ResourceKind<T>, row: Row): Versioned<T> {
  return { value: kind.fromRow(row), version: Number(row['version']), updatedAt: String(row['updated_at']) };
}

export function listResources<T extends { readonly id: string }>(
  sql: SqlStorage,
  kind: ResourceKind<T>,
): Versioned<T>[] {
  return sql
    .exec<Row>(`SELECT * FROM ${kind.table} ORDER BY id`)
    .toArray()
    .map((row) => fromSql(kind, row));
}

export function readResource<T extends { readonly id: string }>(
  sql: SqlStorage,
  kind: ResourceKind<T>,
  id: string,
): Versioned<T> | null {
  const row = sql.exec<Row>(`SELECT * FROM ${kind.table} WHERE id = ?`, id).toArray()[0];
  return row === undefined ? null : fromSql(kind, row);
}

/** Insert or replace the row of `value`, stamped with the config version that wrote it. */
export function writeResource<T extends { readonly id: string }>(
  sql: SqlStorage,
  kind: ResourceKind<T>,
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
  kind: ResourceKind<{ readonly id: string }>,
  id: string,
): void {
  sql.exec(`DELETE FROM ${kind.table} WHERE id = ?`, id);
}

export function countRows(sql: SqlStorage, kind: ResourceKind<{ readonly id: string }>): number {
  return sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${kind.table}`).one().n;
}

export const listCidrCollections = (sql: SqlStorage) => listResources(sql, RESOURCES['cidr-collection']);
export const listRegions = (sql: SqlStorage) => listResources(sql, RESOURCES.region);

/** The collections, regions and health checks as the snapshot carries them, sorted by id. */
export function snapshotResources(sql: SqlStorage): SnapshotResources {
  return {
    cidrCollections: listCidrCollections(sql).map((c) => c.value),
    regions: listRegions(sql).map((r) => r.value),
    healthChecks: listHealthCheckRows(sql).map((c) => ({
      id: c.value.id,
      config: probeConfig(c.value.config),
    })),
  };
}

/** An upper bound on what the collections, regions and health checks add to the snapshot JSON. */
export function snapshotResourcesBytes(sql: SqlStorage): number {
  const row = sql
    .exec<{ n: number | null }>(
      `SELECT (SELECT coalesce(sum(length(locations_json) + length(name) + length(id) + 64), 0) FROM cidr_collections)
            + (SELECT coalesce(sum(coalesce(length(name), 0) + length(id) + 96), 0) FROM regions) AS n`,
    )
    .one();
  return (row.n ?? 0) + healthChecksBytes(sql);
}
