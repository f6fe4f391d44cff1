/**
 * Writes of the config resources beside the zones: CIDR collections, operator regions and origins.
 * Each is validated (against the other stored config too, where its kind says so: an origin's
 * OriginName must lie in a hosted zone), then committed as one new config version (the same
 * counter and change ids as zone writes, published in the same snapshot), or refused with nothing
 * changed. A resource that record sets use cannot be deleted, and a collection cannot lose a
 * location in use.
 */

import type { OutboundPolicy } from '../../outbound/targets';
import { err, ok, type Result } from '../../result';
import { conflict, invalid, notFound } from '../../validation/problem';
import {
  type DeletableName,
  RESOURCES,
  type ResourceValues,
  STORED,
  type WritableName,
} from '../resources/table';
import { countRows, deleteResourceRow, readResource, writeResource } from '../store/rows';
import { readMeta } from '../store/store';
import type { ChangeInfo, ControlError, ResourceWriteResult, WriteOptions } from '../types';
import { type CommitDeps, checkVersion, commit, type SnapshotEffect } from './commit';

/** A write that leaves a resource as it was stored leaves the published snapshot as it was. */
function effectOf<T>(before: T | undefined, after: T): SnapshotEffect {
  return before !== undefined && JSON.stringify(before) === JSON.stringify(after) ? 'unchanged' : 'changed';
}

/** The change's subject: `cidr-collection/{id}`, `region/{id}`, `origin/{host}`. */
const subjectOf = (name: DeletableName, id: string) => `${name}/${id}`;

/** Create or replace a resource: validated, within its limit, breaking no record set that uses it. */
export function putResource<K extends WritableName>(
  deps: CommitDeps & { readonly outbound: OutboundPolicy },
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
  const context = kind.contextProblems?.(sql, checked.value, deps.outbound) ?? [];
  if (context.length > 0) return err(invalid(context));
  const existing = readResource(sql, kind, value.id);
  if (existing === null && countRows(sql, kind) >= kind.max) {
    return err(invalid([{ path: 'id', message: kind.tooMany }]));
  }
  const lost = existing === null ? undefined : kind.replaceConflict?.(sql, existing.value, checked.value);
  if (lost !== undefined) return err(conflict(lost));
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

/** Delete a resource; refused (conflict) while record sets (or calculated checks) use it. */
export function deleteResource<K extends DeletableName>(
  deps: CommitDeps,
  name: K,
  id: string,
  options: WriteOptions,
): Result<ChangeInfo, ControlError> {
  const kind = STORED[name];
  const { sql } = deps.storage;
  if (readResource(sql, kind, id) === null) return err(notFound(`no ${kind.noun} ${id}`));
  const version = checkVersion(readMeta(sql), options);
  if (!version.ok) return version;
  const blocked = kind.deleteConflict(sql, id);
  if (blocked !== undefined) return err(conflict(blocked));
  return ok(commit(deps, subjectOf(name, id), options, () => deleteResourceRow(sql, kind, id)));
}
