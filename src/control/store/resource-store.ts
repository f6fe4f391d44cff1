/** CIDR-collection and region rows of the control plane's SQLite storage (schema.ts). */
import { probeConfig } from '../../health/check-config-refs';
import type { SnapshotResources } from '../publish/compile';
import type { CidrCollection } from '../resources/cidr-collection';
import type { Region } from '../resources/region';
import type { Versioned } from '../types';
import { healthChecksBytes, listHealthCheckRows } from './health-check-store';

type CollectionSql = {
  id: string;
  name: string;
  locations_json: string;
  version: number;
  updated_at: string;
};
type RegionSql = {
  id: string;
  name: string | null;
  latitude: number;
  longitude: number;
  version: number;
  updated_at: string;
};

function collectionFromSql(row: CollectionSql): Versioned<CidrCollection> {
  const locations = JSON.parse(row.locations_json) as CidrCollection['locations'];
  return {
    value: { id: row.id, name: row.name, locations },
    version: row.version,
    updatedAt: row.updated_at,
  };
}

function regionFromSql(row: RegionSql): Versioned<Region> {
  const { id, latitude, longitude } = row;
  const value: Region = { id, latitude, longitude, ...(row.name === null ? {} : { name: row.name }) };
  return { value, version: row.version, updatedAt: row.updated_at };
}

export function listCidrCollections(sql: SqlStorage): Versioned<CidrCollection>[] {
  return sql
    .exec<CollectionSql>('SELECT * FROM cidr_collections ORDER BY id')
    .toArray()
    .map(collectionFromSql);
}

export function readCidrCollection(sql: SqlStorage, id: string): Versioned<CidrCollection> | null {
  const row = sql.exec<CollectionSql>('SELECT * FROM cidr_collections WHERE id = ?', id).toArray()[0];
  return row === undefined ? null : collectionFromSql(row);
}

/** The locations as stored and published: name and CIDRs only. */
export function storedLocations(c: CidrCollection): CidrCollection['locations'] {
  return c.locations.map((l) => ({ name: l.name, cidrs: l.cidrs }));
}

export function writeCidrCollection(sql: SqlStorage, c: CidrCollection, version: number, at: string): void {
  sql.exec(
    `INSERT INTO cidr_collections (id, name, locations_json, version, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, locations_json = excluded.locations_json,
       version = excluded.version, updated_at = excluded.updated_at`,
    c.id,
    c.name,
    JSON.stringify(storedLocations(c)),
    version,
    at,
  );
}

export function deleteCidrCollectionRow(sql: SqlStorage, id: string): void {
  sql.exec('DELETE FROM cidr_collections WHERE id = ?', id);
}

export function listRegions(sql: SqlStorage): Versioned<Region>[] {
  return sql.exec<RegionSql>('SELECT * FROM regions ORDER BY id').toArray().map(regionFromSql);
}

export function readRegion(sql: SqlStorage, id: string): Versioned<Region> | null {
  const row = sql.exec<RegionSql>('SELECT * FROM regions WHERE id = ?', id).toArray()[0];
  return row === undefined ? null : regionFromSql(row);
}

export function writeRegion(sql: SqlStorage, r: Region, version: number, at: string): void {
  sql.exec(
    `INSERT INTO regions (id, name, latitude, longitude, version, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, latitude = excluded.latitude,
       longitude = excluded.longitude, version = excluded.version, updated_at = excluded.updated_at`,
    r.id,
    r.name ?? null,
    r.latitude,
    r.longitude,
    version,
    at,
  );
}

export function deleteRegionRow(sql: SqlStorage, id: string): void {
  sql.exec('DELETE FROM regions WHERE id = ?', id);
}

export function countRows(sql: SqlStorage, table: 'cidr_collections' | 'regions'): number {
  return sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${table}`).one().n;
}

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
