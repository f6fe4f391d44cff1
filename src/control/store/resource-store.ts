/**
 * CIDR collections, regions, health checks and origins as the snapshot carries them (rows.ts reads
 * them).
 */
import { probeConfig } from '../../health/check-config-refs';
import type { SnapshotResources } from '../publish/compile';
import { publishedOrigin } from '../resources/origin';
import { STORED } from '../resources/table';
import { healthChecksBytes } from './health-check-store';
import { listResources } from './rows';

export const listCidrCollections = (sql: SqlStorage) => listResources(sql, STORED['cidr-collection']);
export const listRegions = (sql: SqlStorage) => listResources(sql, STORED.region);
const listHealthChecks = (sql: SqlStorage) => listResources(sql, STORED['health-check']);
const listOrigins = (sql: SqlStorage) => listResources(sql, STORED.origin);

/** The collections, regions, health checks and origins as the snapshot carries them, sorted by id. */
export function snapshotResources(sql: SqlStorage): SnapshotResources {
  return {
    cidrCollections: listCidrCollections(sql).map((c) => c.value),
    regions: listRegions(sql).map((r) => r.value),
    healthChecks: listHealthChecks(sql).map((c) => ({
      id: c.value.id,
      config: probeConfig(c.value.config),
    })),
    origins: listOrigins(sql).map((o) => publishedOrigin(o.value)),
  };
}

/** An upper bound on what the collections, regions, health checks and origins add to the snapshot JSON. */
export function snapshotResourcesBytes(sql: SqlStorage): number {
  const row = sql
    .exec<{ n: number | null }>(
      `SELECT (SELECT coalesce(sum(length(locations_json) + length(name) + length(id) + 64), 0) FROM cidr_collections)
            + (SELECT coalesce(sum(coalesce(length(name), 0) + length(id) + 96), 0) FROM regions)
            + (SELECT coalesce(sum(length(config_json) + 1), 0) FROM origins) AS n`,
    )
    .one();
  return (row.n ?? 0) + healthChecksBytes(sql);
}
