/**
 * The config resources beside the zones, as data: one description per resource says its name,
 * key, SQL table and columns and, for CIDR collections and regions, its rules, limit and what uses
 * it. The store (store/rows.ts), the writes (changes/resource-writes.ts), the Durable Object and
 * the API routes (http/api/resources.ts) each have one generic implementation driven by this
 * table. Health checks share the store, the reads and the routes' reads; their writes
 * (changes/health-check-writes.ts) keep Route 53's own create/update semantics.
 */
import type { HealthCheckConfig } from '../../health/check-config';
import type { Result } from '../../result';
import type { Problem } from '../../validation/problem';
import { cidrLocationsInUse, type SetUse, setsUsing } from '../store/record-store';
import { type CidrCollection, MAX_CIDR_COLLECTIONS, normalizeCidrCollection } from './cidr-collection';
import type { StoredHealthCheck } from './health-check';
import { checkRegion, MAX_REGIONS, type Region } from './region';

/** The value each resource kind stores. */
export interface ResourceValues {
  'cidr-collection': CidrCollection;
  region: Region;
  'health-check': StoredHealthCheck;
}
export type ResourceName = keyof ResourceValues;
/** The resources written through the generic put and delete. */
export type WritableName = 'cidr-collection' | 'region';

/** What blocks a write or a delete: the thing in use and the record sets that use it. */
export interface InUse {
  readonly what: string;
  readonly uses: readonly SetUse[];
}

/** How a resource is stored and named. */
export interface StoredKind<T extends { readonly id: string }> {
  /** In messages: `no ${noun} ${id}`. */
  readonly noun: string;
  /** SQLite table (store/schema.ts), keyed by `id`, with `version` and `updated_at` columns. */
  readonly table: 'cidr_collections' | 'regions' | 'health_checks';
  /** The columns besides id, version and updated_at, as written. */
  columns(value: T): Record<string, SqlStorageValue>;
  fromRow(row: Record<string, SqlStorageValue>): T;
}

/** A resource written by the generic put and delete: its rules, its limit, what uses it. */
export interface ResourceKind<T extends { readonly id: string }> extends StoredKind<T> {
  /** The value as the control plane stores it (canonical form), or every problem with it. */
  validate(value: T): Result<T, Problem[]>;
  /** What the published snapshot carries of it: a write that keeps this keeps the snapshot. */
  published(value: T): unknown;
  readonly max: number;
  readonly tooMany: string;
  /** Record sets the replacement of `before` by `after` would break (none: undefined). */
  lostUses?(sql: SqlStorage, before: T, after: T): InUse | undefined;
  /** Record sets that use the resource, which block its deletion. */
  uses(sql: SqlStorage, id: string): InUse;
}

/** The locations as stored and published: name and CIDRs only. */
export function storedLocations(c: CidrCollection): CidrCollection['locations'] {
  return c.locations.map((l) => ({ name: l.name, cidrs: l.cidrs }));
}

const cidrCollection: ResourceKind<CidrCollection> = {
  noun: 'CIDR collection',
  table: 'cidr_collections',
  columns: (c) => ({ name: c.name, locations_json: JSON.stringify(storedLocations(c)) }),
  fromRow: (row) => ({
    id: String(row['id']),
    name: String(row['name']),
    locations: JSON.parse(String(row['locations_json'])) as CidrCollection['locations'],
  }),
  validate: normalizeCidrCollection,
  published: (c) => ({ name: c.name, locations: storedLocations(c) }),
  max: MAX_CIDR_COLLECTIONS,
  tooMany: `there are ${MAX_CIDR_COLLECTIONS} CIDR collections already; at most ${MAX_CIDR_COLLECTIONS}`,
  lostUses(sql, before, after) {
    const kept = new Set(after.locations.map((l) => l.name));
    const lost = cidrLocationsInUse(sql, before.id).filter((u) => u.value !== '*' && !kept.has(u.value));
    if (lost.length === 0) return undefined;
    const names = [...new Set(lost.map((u) => u.value))].join(', ');
    return { what: `location ${names} of CIDR collection ${before.id}`, uses: lost };
  },
  uses: (sql, id) => ({ what: `CIDR collection ${id}`, uses: cidrLocationsInUse(sql, id) }),
};

const region: ResourceKind<Region> = {
  noun: 'region',
  table: 'regions',
  columns: (r) => ({ name: r.name ?? null, latitude: r.latitude, longitude: r.longitude }),
  fromRow: (row) => ({
    id: String(row['id']),
    latitude: Number(row['latitude']),
    longitude: Number(row['longitude']),
    ...(row['name'] === null ? {} : { name: String(row['name']) }),
  }),
  validate: checkRegion,
  published: (r) => r,
  max: MAX_REGIONS,
  tooMany: `at most ${MAX_REGIONS} regions`,
  uses: (sql, id) => ({
    what: `region ${id}`,
    uses: setsUsing(sql, ['$.routing.region', '$.routing.localZoneGroup'], id),
  }),
};

const healthCheck: StoredKind<StoredHealthCheck> = {
  noun: 'health check',
  table: 'health_checks',
  columns: (c) => ({ config_json: JSON.stringify(c.config), caller_reference: c.callerReference ?? null }),
  fromRow: (row) => ({
    id: String(row['id']),
    ...(row['caller_reference'] === null ? {} : { callerReference: String(row['caller_reference']) }),
    config: JSON.parse(String(row['config_json'])) as HealthCheckConfig,
  }),
};

export const RESOURCES: { readonly [K in WritableName]: ResourceKind<ResourceValues[K]> } = {
  'cidr-collection': cidrCollection,
  region,
};

export const STORED: { readonly [K in ResourceName]: StoredKind<ResourceValues[K]> } = {
  ...RESOURCES,
  'health-check': healthCheck,
};
