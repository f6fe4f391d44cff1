/**
 * Writes of the config resources beside the zones: CIDR collections and operator regions. Each is
 * validated, then committed as one new config version (the same counter and change ids as zone
 * writes, published in the same snapshot), or refused with nothing changed. A resource that
 * record sets use cannot be deleted, and a collection cannot lose a location in use.
 */
import { typeToString } from '../../dns/constants';
import { err, ok, type Result } from '../../result';
import {
  type CidrCollection,
  MAX_CIDR_COLLECTIONS,
  normalizeCidrCollection,
} from '../resources/cidr-collection';
import { checkRegion, MAX_REGIONS, type Region } from '../resources/region';
import { cidrLocationsInUse, type SetUse, setsUsing } from '../store/record-store';
import {
  countRows,
  deleteCidrCollectionRow,
  deleteRegionRow,
  readCidrCollection,
  readRegion,
  storedLocations,
  writeCidrCollection,
  writeRegion,
} from '../store/resource-store';
import { readMeta } from '../store/store';
import type { ChangeInfo, ControlError, ResourceWriteResult, WriteOptions } from '../types';
import { type CommitDeps, checkVersion, commit, type SnapshotEffect } from './commit';

/** A write that leaves a resource as it was stored leaves the published snapshot as it was. */
function effectOf<T>(before: T | undefined, after: T): SnapshotEffect {
  return before !== undefined && JSON.stringify(before) === JSON.stringify(after) ? 'unchanged' : 'changed';
}

const publishedCollection = (c: CidrCollection) => ({ name: c.name, locations: storedLocations(c) });

/** At most this many record sets are named in an "in use" message. */
const NAMED_USES = 10;

export const collectionSubject = (id: string) => `cidr-collection/${id}`;
export const regionSubject = (id: string) => `region/${id}`;

export function describeUses(uses: readonly SetUse[]): string {
  const named = uses.slice(0, NAMED_USES).map((u) => {
    const id = u.setIdentifier === '' ? '' : ` (${u.setIdentifier})`;
    return `${u.name} ${typeToString(u.type)}${id}`;
  });
  const more = uses.length > NAMED_USES ? ` and ${uses.length - NAMED_USES} more` : '';
  return `${named.join(', ')}${more}`;
}

function inUse(what: string, uses: readonly SetUse[]): Result<never, ControlError> {
  const count = uses.length === 1 ? '1 record set' : `${uses.length} record sets`;
  return err({
    kind: 'conflict',
    message: `${what} is used by ${count}: ${describeUses(uses)}; change those record sets first`,
  });
}

export function putCidrCollection(
  deps: CommitDeps,
  collection: CidrCollection,
  options: WriteOptions,
): Result<ResourceWriteResult, ControlError> {
  const { sql } = deps.storage;
  const version = checkVersion(readMeta(sql), options);
  if (!version.ok) return version;
  const normal = normalizeCidrCollection(collection);
  if (!normal.ok) return err({ kind: 'invalid', problems: normal.error });
  const existing = readCidrCollection(sql, collection.id);
  if (existing === null && countRows(sql, 'cidr_collections') >= MAX_CIDR_COLLECTIONS) {
    const message = `there are ${MAX_CIDR_COLLECTIONS} CIDR collections already; at most ${MAX_CIDR_COLLECTIONS}`;
    return err({ kind: 'invalid', problems: [{ path: 'id', message }] });
  }
  if (existing !== null) {
    const kept = new Set(normal.value.locations.map((l) => l.name));
    const lost = cidrLocationsInUse(sql, collection.id).filter((u) => u.value !== '*' && !kept.has(u.value));
    if (lost.length > 0) {
      const names = [...new Set(lost.map((u) => u.value))].join(', ');
      return inUse(`location ${names} of CIDR collection ${collection.id}`, lost);
    }
  }
  const effect = effectOf(
    existing === null ? undefined : publishedCollection(existing.value),
    publishedCollection(normal.value),
  );
  const changeInfo = commit(
    deps,
    collectionSubject(collection.id),
    options,
    (v, at) => writeCidrCollection(sql, normal.value, v, at),
    effect,
  );
  return ok({ changeInfo, created: existing === null });
}

export function deleteCidrCollection(
  deps: CommitDeps,
  id: string,
  options: WriteOptions,
): Result<ChangeInfo, ControlError> {
  const { sql } = deps.storage;
  if (readCidrCollection(sql, id) === null)
    return err({ kind: 'not-found', message: `no CIDR collection ${id}` });
  const version = checkVersion(readMeta(sql), options);
  if (!version.ok) return version;
  const uses = cidrLocationsInUse(sql, id);
  if (uses.length > 0) return inUse(`CIDR collection ${id}`, uses);
  return ok(commit(deps, collectionSubject(id), options, () => deleteCidrCollectionRow(sql, id)));
}

export function putRegion(
  deps: CommitDeps,
  region: Region,
  options: WriteOptions,
): Result<ResourceWriteResult, ControlError> {
  const { sql } = deps.storage;
  const version = checkVersion(readMeta(sql), options);
  if (!version.ok) return version;
  const checked = checkRegion(region);
  if (!checked.ok) return err({ kind: 'invalid', problems: checked.error });
  const existing = readRegion(sql, region.id);
  if (existing === null && countRows(sql, 'regions') >= MAX_REGIONS) {
    return err({ kind: 'invalid', problems: [{ path: 'id', message: `at most ${MAX_REGIONS} regions` }] });
  }
  const changeInfo = commit(
    deps,
    regionSubject(region.id),
    options,
    (v, at) => writeRegion(sql, checked.value, v, at),
    effectOf(existing?.value, checked.value),
  );
  return ok({ changeInfo, created: existing === null });
}

export function deleteRegion(
  deps: CommitDeps,
  id: string,
  options: WriteOptions,
): Result<ChangeInfo, ControlError> {
  const { sql } = deps.storage;
  if (readRegion(sql, id) === null) return err({ kind: 'not-found', message: `no region ${id}` });
  const version = checkVersion(readMeta(sql), options);
  if (!version.ok) return version;
  const uses = setsUsing(sql, ['$.routing.region', '$.routing.localZoneGroup'], id);
  if (uses.length > 0) return inUse(`region ${id}`, uses);
  return ok(commit(deps, regionSubject(id), options, () => deleteRegionRow(sql, id)));
}
