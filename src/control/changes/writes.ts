/**
 * The three writes: replace a whole zone, apply a change batch, delete a zone. Each is validated as
 * a whole (every problem, with its path; the HealthCheckIds of the sets it writes against the stored
 * checks) and then committed as one new config version, or refused with nothing changed.
 * Synchronous from the first read to the commit.
 */
import { err, ok, type Result } from '../../result';
import type { Problem } from '../../validation/problem';
import { type RecordSet, recordSetKey, type Zone } from '../../zones/model';
import { MAX_SNAPSHOT_BYTES } from '../limits';
import { type CompiledSet, compileRecordSet } from '../publish/compile';
import { healthCheckExists } from '../store/health-check-store';
import { deleteSet, deleteZoneSets, insertSets, readZoneSets, storedSetBytes } from '../store/record-store';
import { snapshotResourcesBytes } from '../store/resource-store';
import { deleteZoneRow, otherZonesBytes, readMeta, readZoneRow, writeZoneRow } from '../store/store';
import type { ZoneCache } from '../store/zone-cache';
import type { Change, ChangeInfo, ControlError, WriteOptions, ZoneWriteResult } from '../types';
import { batchDangling, danglingConflict, zoneDangling } from '../validation/dangling-aliases';
import { problemsForBatch, problemsForPut, setPath } from '../validation/problem-paths';
import { validateZone } from '../validation/validate';
import { missingHealthCheckProblems } from '../validation/validate-health-checks';
import { validationContext } from '../validation/validation-context';
import type { ZoneProblem } from '../validation/zone-problem';
import { applyBatch, batchSizeProblem } from './changes';
import { type CommitDeps, checkVersion, commit } from './commit';

export interface WriteDeps extends CommitDeps {
  readonly cache: ZoneCache;
}

const invalid = (problems: Problem[]): Result<never, ControlError> => err({ kind: 'invalid', problems });

function notFound(name: string): Result<never, ControlError> {
  return err({ kind: 'not-found', message: `no hosted zone ${name}` });
}

function compileProblems(set: RecordSet, messages: readonly string[]): ZoneProblem[] {
  const subject = {
    name: set.name,
    type: set.type,
    ...(set.setIdentifier === undefined ? {} : { setIdentifier: set.setIdentifier }),
  };
  return messages.map((message) => ({ subject, related: [], message }));
}

/** Wire form of every set a batch creates or replaces, by key; problems at each change's path. */
function compileChanges(changes: readonly Change[]): { sets: Map<string, CompiledSet>; problems: Problem[] } {
  const sets = new Map<string, CompiledSet>();
  const problems: Problem[] = [];
  for (const change of changes) {
    if (change.action === 'DELETE') continue;
    const result = compileRecordSet(change.recordSet);
    if (result.ok) sets.set(recordSetKey(change.recordSet), result.value);
    else
      problems.push(
        ...result.error.map((m) => ({ path: change.path, message: `${setPath(change.recordSet)}: ${m}` })),
      );
  }
  return { sets, problems };
}

/** The published snapshot must stay within one KV value. */
function snapshotSizeProblem(sql: SqlStorage, zone: string, zoneBytes: number): Problem | null {
  const total = otherZonesBytes(sql, zone) + snapshotResourcesBytes(sql) + zoneBytes;
  if (total <= MAX_SNAPSHOT_BYTES) return null;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return {
    path: '',
    message:
      `the published config would be ${mb(total)} MiB (this zone ${mb(zoneBytes)} MiB); ` +
      `it is limited to ${mb(MAX_SNAPSHOT_BYTES)} MiB`,
  };
}

export function putZone(
  deps: WriteDeps,
  zone: Zone,
  options: WriteOptions,
): Result<ZoneWriteResult, ControlError> {
  const { sql } = deps.storage;
  const version = checkVersion(readMeta(sql), options);
  if (!version.ok) return version;
  const context = validationContext(sql, zone.name);
  const problems = [
    ...validateZone(zone, context),
    ...missingHealthCheckProblems(zone.recordSets, (id) => healthCheckExists(sql, id)),
  ];
  const compiled: CompiledSet[] = [];
  for (const set of zone.recordSets) {
    const result = compileRecordSet(set);
    if (result.ok) compiled.push(result.value);
    else problems.push(...compileProblems(set, result.error));
  }
  if (problems.length > 0) return invalid(problemsForPut(problems));
  const bytes = compiled.reduce((n, c) => n + c.bytes, 0);
  const tooLarge = snapshotSizeProblem(sql, zone.name, bytes);
  if (tooLarge !== null) return invalid([tooLarge]);
  const created = readZoneRow(sql, zone.name) === null;
  const dangling = zoneDangling(sql, zone.name, !created, zone.recordSets, () => context);
  if (dangling.length > 0)
    return danglingConflict(`${created ? 'creating' : 'replacing'} the hosted zone ${zone.name}`, dangling);
  let committed = 0;
  const changeInfo = commit(deps, zone.name, options, (v, at) => {
    deleteZoneSets(sql, zone.name);
    insertSets(sql, zone.name, compiled);
    writeZoneRow(sql, {
      name: zone.name,
      version: v,
      updatedAt: at,
      recordSetCount: compiled.length,
      snapshotBytes: bytes,
    });
    committed = v;
  });
  deps.cache.put(zone.name, committed, new Map(zone.recordSets.map((rs) => [recordSetKey(rs), rs])));
  return ok({ changeInfo, created });
}

export function applyChanges(
  deps: WriteDeps,
  name: string,
  changes: readonly Change[],
  options: WriteOptions,
): Result<ChangeInfo, ControlError> {
  const { sql } = deps.storage;
  const row = readZoneRow(sql, name);
  if (row === null) return notFound(name);
  const version = checkVersion(readMeta(sql), options);
  if (!version.ok) return version;
  const tooMany = batchSizeProblem(changes.length, '/ChangeBatch/Changes');
  if (tooMany !== undefined) return invalid([tooMany]);
  const current = deps.cache.sets(name, row.version, () => readZoneSets(sql, name));
  const batch = applyBatch(name, (key) => current.get(key), changes);
  const compiled = compileChanges(changes);
  const { overlay, touched } = batch;
  const recordSets: RecordSet[] = [];
  for (const [key, set] of current) if (!overlay.has(key)) recordSets.push(set);
  for (const set of overlay.values()) if (set !== null) recordSets.push(set);
  const context = validationContext(sql, name);
  const zoneProblems = [
    ...validateZone({ name, recordSets }, context),
    // Only the sets the batch writes (validate-health-checks.ts says why).
    ...missingHealthCheckProblems(overlay.values(), (id) => healthCheckExists(sql, id)),
  ];
  // Every problem at once: Route 53 semantics, values, and the zone the batch meant to produce.
  const problems = [
    ...batch.problems,
    ...compiled.problems,
    ...problemsForBatch(zoneProblems, touched, changes),
  ];
  if (problems.length > 0) return invalid(problems);
  const names = changes.map((c) => c.recordSet.name);
  const dangling = batchDangling(sql, name, overlay, names, () => context);
  if (dangling.length > 0) return danglingConflict('this change batch', dangling);
  let bytes = row.snapshotBytes;
  for (const [key, set] of overlay) {
    const before = current.get(key);
    if (before !== undefined) bytes -= storedSetBytes(sql, name, before);
    if (set !== null) bytes += compiled.sets.get(key)?.bytes ?? 0;
  }
  const tooLarge = snapshotSizeProblem(sql, name, bytes);
  if (tooLarge !== null) return invalid([tooLarge]);

  let committed = 0;
  const changeInfo = commit(deps, name, options, (v, at) => {
    for (const [key, set] of overlay) {
      const before = current.get(key);
      if (before !== undefined) deleteSet(sql, name, before);
      const after = set === null ? undefined : compiled.sets.get(key);
      if (after !== undefined) insertSets(sql, name, [after]);
    }
    writeZoneRow(sql, {
      name,
      version: v,
      updatedAt: at,
      recordSetCount: recordSets.length,
      snapshotBytes: bytes,
    });
    committed = v;
  });
  // Committed: bring the cached sets forward in place rather than copying a large zone.
  for (const [key, set] of overlay) {
    if (set === null) current.delete(key);
    else current.set(key, set);
  }
  deps.cache.put(name, committed, current);
  return ok(changeInfo);
}

export function deleteZone(
  deps: WriteDeps,
  name: string,
  options: WriteOptions,
): Result<ChangeInfo, ControlError> {
  const { sql } = deps.storage;
  if (readZoneRow(sql, name) === null) return notFound(name);
  const version = checkVersion(readMeta(sql), options);
  if (!version.ok) return version;
  const dangling = zoneDangling(sql, name, true, null, () => validationContext(sql, name));
  if (dangling.length > 0) return danglingConflict(`deleting the hosted zone ${name}`, dangling);
  const changeInfo = commit(deps, name, options, () => {
    deleteZoneSets(sql, name);
    deleteZoneRow(sql, name);
  });
  deps.cache.drop(name);
  return ok(changeInfo);
}
