/**
 * Writes of the config resources beside the zones: CIDR collections and operator regions. Each is
 * validated, then committed as one new config version (the same counter and change ids as zone
 * writes, published in the same snapshot), or refused with nothing changed. A resource that
 * record sets use cannot be deleted, and a collection cannot lose a location in use.
 */
import { typeToString } from '../../dns/constants';
import { err, ok, type Result } from '../../result';
import { conflict, invalid, notFound } from '../../validation/problem';
import { type InUse, RESOURCES, type ResourceValues, type WritableName } from '../resources/table';
import type { SetUse } from '../store/record-store';
import { countRows, deleteResourceRow, readResource, writeResource } from '../store/rows';
import { readMeta } from '../store/store';
import type { ChangeInfo, ControlError, ResourceWriteResult, WriteOptions } from '../types';
import { type CommitDeps, checkVersion, commit, type SnapshotEffect } from './commit';

/** A write that leaves a resource as it was stored leaves the published snapshot as it was. */
function effectOf<T>(before: T | undefined, after: T): SnapshotEffect {
  return before !== undefined && JSON.stringify(before) === JSON.stringify(after) ? 'unchanged' : 'changed';
}

/** At most this many record sets are named in an "in use" message. */
const NAMED_USES = 10;

/** The change's subject: `cidr-collection/{id}`, `region/{id}`. */
const subjectOf = (name: WritableName, id: string) => `${name}/${id}`;

export function describeUses(uses: readonly SetUse[]): string {
  const named = uses.slice(0, NAMED_USES).map((u) => {
    const id = u.setIdentifier === '' ? '' : ` (${u.setIdentifier})`;
    return `${u.name} ${typeToString(u.type)}${id}`;
  });
  const more = uses.length > NAMED_USES ? ` and ${uses.length - NAMED_USES} more` : '';
  return `${named.join(', ')}${more}`;
}

function inUse({ what, uses }: InUse): Result<never, ControlError> {
  const count = uses.length === 1 ? '1 record set' : `${uses.length} record sets`;
  return err(conflict(`${what} is used by ${count}: ${describeUses(uses)}; change those record sets first`));
}

/** Create or replace a resource: validated, within its limit, breaking no record set that uses it. */
export function putResource<K extends WritableName>(
  deps: CommitDeps,
  name: K,
  value: ResourceValues[K],
  options: WriteOptions,
): Result<ResourceWriteResult, ControlError> {
  const kind = RESOURCES[name];
  const { sql } = deps.storage;
  const version = checkVersion(readMeta(sql), options);
  if (!version.ok) return version;
  const checked = kind.validate(value);
  if (!checked.ok) return err(invalid(checked.error));
  const existing = readResource(sql, kind, value.id);
  if (existing === null && countRows(sql, kind) >= kind.max) {
    return err(invalid([{ path: 'id', message: kind.tooMany }]));
  }
  const lost = existing === null ? undefined : kind.lostUses?.(sql, existing.value, checked.value);
  if (lost !== undefined) return inUse(lost);
  const effect = effectOf(
    existing === null ? undefined : kind.published(existing.value),
    kind.published(checked.value),
  );
  const changeInfo = commit(
    deps,
    subjectOf(name, value.id),
    options,
    (v, at) => writeResource(sql, kind, checked.value, v, at),
    effect,
  );
  return ok({ changeInfo, created: existing === null });
}

/** Delete a resource; refused (conflict) while record sets use it. */
export function deleteResource<K extends WritableName>(
  deps: CommitDeps,
  name: K,
  id: string,
  options: WriteOptions,
): Result<ChangeInfo, ControlError> {
  const kind = RESOURCES[name];
  const { sql } = deps.storage;
  if (readResource(sql, kind, id) === null) return err(notFound(`no ${kind.noun} ${id}`));
  const version = checkVersion(readMeta(sql), options);
  if (!version.ok) return version;
  const uses = kind.uses(sql, id);
  if (uses.uses.length > 0) return inUse(uses);
  return ok(commit(deps, subjectOf(name, id), options, () => deleteResourceRow(sql, kind, id)));
}
