/**
 * Route 53 change-batch semantics (docs/routing-semantics.md §6.2), applied in order to a zone's record
 * sets. Pure: the caller validates the resulting zone and commits, or commits nothing.
 *
 * - A set is identified by Name + Type + SetIdentifier.
 * - CREATE fails when the set exists; UPSERT creates or replaces; DELETE must match the existing
 *   set in every field (TTL, values as a set, routing, alias, health check, failure mode; an
 *   absent FailureMode matches OPEN, the default).
 * - A set may be changed once per batch; the one exception is DELETE followed by CREATE, Route 53's
 *   documented way to replace a set. Any other repeat is InvalidChangeBatch.
 * - The apex SOA and NS can be replaced (UPSERT) but not deleted.
 * - At most MAX_CHANGES_PER_BATCH (1,000) changes, Route 53's limit (batchSizeProblem).
 *
 * Changes are checked against the sets as the batch's successful changes leave them. A refused
 * change still takes its intended effect in the returned overlay (a CREATE of an existing set
 * replaces it, a mismatched DELETE deletes), so the caller validates the zone the batch meant and
 * reports those problems too: every problem at once, not the first layer only.
 */
import { RRTYPE, typeToString } from '../../dns/constants';
import { isSubdomain } from '../../dns/name';
import { assertNever } from '../../result';
import type { Problem } from '../../validation/problem';
import { type RecordSet, recordSetKey } from '../../zones/model';
import { MAX_CHANGES_PER_BATCH } from '../limits';
import { policyJson } from '../publish/policy-json';
import type { Change } from '../types';

/** A batch of more than MAX_CHANGES_PER_BATCH changes, refused before any of them is looked at. */
export function batchSizeProblem(count: number, path: string): Problem | undefined {
  if (count <= MAX_CHANGES_PER_BATCH) return undefined;
  return {
    path,
    message: `${count} changes in one batch; at most ${MAX_CHANGES_PER_BATCH} per change batch`,
  };
}

export interface BatchResult {
  /** The record sets the batch changed, by key: the new set, or null when deleted. */
  readonly overlay: Map<string, RecordSet | null>;
  /** Keys the batch changed, each with the path of the last change that touched it. */
  readonly touched: Map<string, string>;
  /** Route 53 semantic problems; the batch commits only when there are none. */
  readonly problems: readonly Problem[];
}

function describe(rs: Pick<RecordSet, 'name' | 'type' | 'setIdentifier'>): string {
  const head = `${typeToString(rs.type)} ${rs.name}`;
  return rs.setIdentifier === undefined
    ? head
    : `${head} (SetIdentifier ${JSON.stringify(rs.setIdentifier)})`;
}

/** The routing part of a set for comparison; FailureMode OPEN is the default, as if absent. */
function policyOf(rs: RecordSet): string | null {
  return policyJson(rs.failureMode === 'open' ? { ...rs, failureMode: undefined } : rs);
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((v) => set.has(v));
}

function deleteProblem(apex: string, rs: RecordSet, existing: RecordSet | undefined): string | null {
  if (rs.name === apex && (rs.type === RRTYPE.SOA || rs.type === RRTYPE.NS)) {
    return `the ${typeToString(rs.type)} record set at the zone apex cannot be deleted (use UPSERT to replace it)`;
  }
  if (existing === undefined) return `tried to delete ${describe(rs)}, but it was not found`;
  if (existing.ttl !== rs.ttl || !sameValues(existing.values, rs.values)) {
    return (
      `tried to delete ${describe(rs)}, but the values provided do not match the current values ` +
      `(current TTL ${existing.ttl}, values ${JSON.stringify(existing.values)})`
    );
  }
  const current = policyOf(existing);
  if (current !== policyOf(rs)) {
    return (
      `tried to delete ${describe(rs)}, but the routing fields provided do not match the current ones ` +
      `(current ${current ?? 'none'})`
    );
  }
  return null;
}

/**
 * Applies `changes` on top of the zone's current sets (read through `lookup`, never modified);
 * every problem carries its change's path.
 */
export function applyBatch(
  apex: string,
  lookup: (key: string) => RecordSet | undefined,
  changes: readonly Change[],
): BatchResult {
  /** What the changes that passed their checks did; later changes are checked against it. */
  const applied = new Map<string, RecordSet | null>();
  /** What every change meant to do, refused or not. */
  const overlay = new Map<string, RecordSet | null>();
  const get = (key: string) => (applied.has(key) ? (applied.get(key) ?? undefined) : lookup(key));
  const touched = new Map<string, string>();
  const history = new Map<string, string[]>();
  const problems: Problem[] = [];
  if (changes.length === 0)
    problems.push({ path: '/ChangeBatch/Changes', message: 'the batch has no changes' });
  for (const change of changes) {
    const rs = change.recordSet;
    const key = recordSetKey(rs);
    const before = history.get(key) ?? [];
    history.set(key, [...before, change.action]);
    const at = (message: string) => problems.push({ path: change.path, message });
    if (!isSubdomain(rs.name, apex)) {
      at(`name ${rs.name} is not inside the zone ${apex}`);
      continue;
    }
    if (before.length > 0 && !(before.length === 1 && before[0] === 'DELETE' && change.action === 'CREATE')) {
      at(
        `InvalidChangeBatch: ${describe(rs)} is changed more than once in this batch (${before.join(', ')})`,
      );
      continue;
    }
    const existing = get(key);
    switch (change.action) {
      case 'CREATE':
        if (existing !== undefined) at(`tried to create ${describe(rs)}, but it already exists`);
        else applied.set(key, rs);
        overlay.set(key, rs);
        break;
      case 'UPSERT':
        applied.set(key, rs);
        overlay.set(key, rs);
        break;
      case 'DELETE': {
        const reason = deleteProblem(apex, rs, existing);
        if (reason === null) applied.set(key, null);
        // The apex SOA and NS stay even in the intended zone: it must still be a zone to validate.
        if (!(rs.name === apex && (rs.type === RRTYPE.SOA || rs.type === RRTYPE.NS))) overlay.set(key, null);
        if (reason !== null) at(reason);
        break;
      }
      default:
        assertNever(change.action);
    }
    touched.set(key, change.path);
  }
  return { overlay, touched, problems };
}
