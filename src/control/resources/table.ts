/**
 * The config resources beside the zones, as data: one description per resource says its name,
 * key, SQL table and columns and, for CIDR collections, regions and origins, its rules, limit and
 * what uses it. The store (store/rows.ts), the writes (changes/resource-writes.ts), the Durable Object and
 * the API routes (http/api/resources.ts) each have one generic implementation driven by this
 * table. Health checks share the store, the reads and the routes' reads; their writes
 * (changes/health-check-writes.ts) keep Route 53's own create/update semantics.
 */
import { typeToString } from '../../dns/constants';
import type { HealthCheckConfig } from '../../health/check-config';
import { type OutboundPolicy, urlTargetProblem } from '../../outbound/targets';
import type { Result } from '../../result';
import type { Problem } from '../../validation/problem';
import { parentsOf } from '../store/health-check-store';
import { cidrLocationsInUse, type SetUse, setsUsing } from '../store/record-store';
import type { StoredKind } from '../store/rows';
import { isHostedName } from '../store/store';
import { type CidrCollection, MAX_CIDR_COLLECTIONS, normalizeCidrCollection } from './cidr-collection';
import type { StoredHealthCheck } from './health-check';
import { checkOrigin, MAX_ORIGINS, type Origin, publishedOrigin } from './origin';
import { checkRegion, MAX_REGIONS, type Region } from './region';

/** The value each resource kind stores. */
export interface ResourceValues {
  'cidr-collection': CidrCollection;
  region: Region;
  origin: Origin;
  'health-check': StoredHealthCheck;
}
export type ResourceName = keyof ResourceValues;
/** The resources written through the generic put. */
export type WritableName = 'cidr-collection' | 'region' | 'origin';
/** The resources removed through the generic delete. */
export type DeletableName = ResourceName;

/** What blocks a write or a delete: the thing in use and the record sets that use it. */
export interface InUse {
  readonly what: string;
  readonly uses: readonly SetUse[];
}

/** A resource removed by the generic delete. */
export interface DeletableKind<T extends { readonly id: string }> extends StoredKind<T> {
  /** Why the resource cannot be deleted now (what uses it, as a 409 message), or undefined. */
  deleteConflict(sql: SqlStorage, id: string): string | undefined;
}

/** A resource written by the generic put: its rules, its limit, what uses it. */
export interface ResourceKind<T extends { readonly id: string }> extends DeletableKind<T> {
  /** The value as the control plane stores it (canonical form), or every problem with it. */
  validate(value: T): Result<T, Problem[]>;
  /** Problems of a valid value against the other stored config (paths into the body), if any. */
  contextProblems?(sql: SqlStorage, value: T, outbound: OutboundPolicy): Problem[];
  /** What the published snapshot carries of it: a write that keeps this keeps the snapshot. */
  published(value: T): unknown;
  readonly max: number;
  readonly tooMany: string;
  /** Why replacing `before` by `after` would break record sets that use it (409), or undefined. */
  replaceConflict?(sql: SqlStorage, before: T, after: T): string | undefined;
}

/** At most this many record sets are named in an "in use" message. */
const NAMED_USES = 10;

function describeUses(uses: readonly SetUse[]): string {
  const named = uses.slice(0, NAMED_USES).map((u) => {
    const id = u.setIdentifier === '' ? '' : ` (${u.setIdentifier})`;
    return `${u.name} ${typeToString(u.type)}${id}`;
  });
  const more = uses.length > NAMED_USES ? ` and ${uses.length - NAMED_USES} more` : '';
  return `${named.join(', ')}${more}`;
}

/** `… is used by 2 record sets: …; change those record sets first`, or undefined if unused. */
function inUse({ what, uses }: InUse): string | undefined {
  if (uses.length === 0) return undefined;
  const count = uses.length === 1 ? '1 record set' : `${uses.length} record sets`;
  return `${what} is used by ${count}: ${describeUses(uses)}; change those record sets first`;
}

/** The locations as stored and published: name and CIDRs only. */
function storedLocations(c: CidrCollection): CidrCollection['locations'] {
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
  replaceConflict(sql, before, after) {
    const kept = new Set(after.locations.map((l) => l.name));
    const lost = cidrLocationsInUse(sql, before.id).filter((u) => u.value !== '*' && !kept.has(u.value));
    const names = [...new Set(lost.map((u) => u.value))].join(', ');
    return inUse({ what: `location ${names} of CIDR collection ${before.id}`, uses: lost });
  },
  deleteConflict: (sql, id) => inUse({ what: `CIDR collection ${id}`, uses: cidrLocationsInUse(sql, id) }),
};

const region: ResourceKind<Region> = {
  noun: 'region',
  table: 'regions',
  columns: (r) => ({
    name: r.name ?? null,
    latitude: r.latitude,
    longitude: r.longitude,
    beacon_url: r.beaconUrl ?? null,
  }),
  fromRow: (row) => ({
    id: String(row['id']),
    latitude: Number(row['latitude']),
    longitude: Number(row['longitude']),
    ...(row['name'] === null ? {} : { name: String(row['name']) }),
    ...(row['beacon_url'] === null || row['beacon_url'] === undefined
      ? {}
      : { beaconUrl: String(row['beacon_url']) }),
  }),
  validate: checkRegion,
  contextProblems: (_sql, r, outbound) => {
    const problem = r.beaconUrl === undefined ? null : urlTargetProblem(r.beaconUrl, outbound);
    return problem === null ? [] : [{ path: '/BeaconUrl', message: problem }];
  },
  published: (r) => r,
  max: MAX_REGIONS,
  tooMany: `at most ${MAX_REGIONS} regions`,
  deleteConflict: (sql, id) =>
    inUse({
      what: `region ${id}`,
      uses: setsUsing(sql, ['$.routing.region', '$.routing.localZoneGroup'], id),
    }),
};

const origin: ResourceKind<Origin> = {
  noun: 'origin',
  table: 'origins',
  columns: (o) => ({ config_json: JSON.stringify(publishedOrigin(o)) }),
  fromRow: (row) => {
    const { host, ...rest } = JSON.parse(String(row['config_json'])) as ReturnType<typeof publishedOrigin>;
    return { id: host, ...rest };
  },
  validate: checkOrigin,
  contextProblems: (sql, o) =>
    isHostedName(sql, o.originName)
      ? []
      : [{ path: '/OriginName', message: `OriginName ${o.originName} is not inside a hosted zone` }],
  published: publishedOrigin,
  max: MAX_ORIGINS,
  tooMany: `there are ${MAX_ORIGINS} origins already; at most ${MAX_ORIGINS}`,
  // Nothing in the config refers to an origin: the proxy looks it up by the request's host.
  deleteConflict: () => undefined,
};

const healthCheck: DeletableKind<StoredHealthCheck> = {
  noun: 'health check',
  table: 'health_checks',
  columns: (c) => ({ config_json: JSON.stringify(c.config), caller_reference: c.callerReference ?? null }),
  fromRow: (row) => ({
    id: String(row['id']),
    ...(row['caller_reference'] === null ? {} : { callerReference: String(row['caller_reference']) }),
    config: JSON.parse(String(row['config_json'])) as HealthCheckConfig,
  }),
  deleteConflict(sql, id) {
    const sets = setsUsing(sql, ['$.healthCheckId'], id);
    const parents = parentsOf(sql, id);
    if (sets.length === 0 && parents.length === 0) return undefined;
    const users = [
      ...(sets.length === 0
        ? []
        : [`${sets.length === 1 ? '1 record set' : `${sets.length} record sets`}: ${describeUses(sets)}`]),
      ...(parents.length === 0
        ? []
        : [
            `${parents.length === 1 ? '1 calculated health check' : `${parents.length} calculated health checks`}: ${parents.join(', ')}`,
          ]),
    ];
    return `health check ${id} is used by ${users.join('; and by ')}; change those first`;
  },
};

export const RESOURCES: { readonly [K in WritableName]: ResourceKind<ResourceValues[K]> } = {
  'cidr-collection': cidrCollection,
  region,
  origin,
};

export const STORED: { readonly [K in DeletableName]: DeletableKind<ResourceValues[K]> } = {
  ...RESOURCES,
  'health-check': healthCheck,
};
