/**
 * Aliases across hosted zones (docs/routing-semantics.md §4.9). An alias in zone A may point at a record
 * group in zone B; a write to B that takes that group away (a DELETE, a replacement by another type,
 * a whole-zone PUT without it, deleting B, a new hosted zone that takes the name over) would leave
 * the alias answering NODATA, so it is refused as a conflict naming every such alias. Aliases
 * inside the zone being written are the zone validation's (validate-alias.ts), refused as invalid.
 *
 * The candidates come from the reverse index of alias targets (schema.ts,
 * record_sets_by_alias_target). An alias counts only when its target resolves before the write and
 * not after it, so an alias left dangling by older data does not block unrelated writes.
 */
import { typeToString } from '../../dns/constants';
import { err, type Result } from '../../result';
import { type RecordSet, recordSetKey } from '../../zones/model';
import { aliasesInto, aliasesTargeting, readSetsAt, type StoredAlias } from '../store/record-store';
import type { ControlError } from '../types';
import type { ValidationContext } from './validate';
import { aliasTargetChecker, type ZoneView } from './validate-alias';

export interface DanglingAlias extends StoredAlias {
  /** Why its target is missing after the write. */
  readonly problem: string;
}

/** Dangling aliases named in a refusal, at most. */
const NAMED_ALIASES = 10;

/** The candidates whose target resolves with `apex` as `before` shows it and not as `after` does. */
function danglingAliases(
  candidates: readonly StoredAlias[],
  apex: string,
  before: ZoneView,
  after: ZoneView,
  context: ValidationContext,
): DanglingAlias[] {
  if (candidates.length === 0) return [];
  const was = aliasTargetChecker(apex, before, context);
  const now = aliasTargetChecker(apex, after, context);
  const out: DanglingAlias[] = [];
  for (const candidate of candidates) {
    const problem = now(candidate.set, candidate.zone);
    if (problem !== undefined && was(candidate.set, candidate.zone) === undefined)
      out.push({ ...candidate, problem });
  }
  return out.sort(
    (a, b) =>
      a.zone.localeCompare(b.zone) ||
      a.set.name.localeCompare(b.set.name) ||
      a.set.type - b.set.type ||
      (a.set.setIdentifier ?? '').localeCompare(b.set.setIdentifier ?? ''),
  );
}

/** A zone view of only `names`, from the record sets `sets` (one pass over them). */
function viewOf(sets: Iterable<RecordSet>, names: ReadonlySet<string>): ZoneView {
  const byName = new Map<string, RecordSet[]>();
  for (const rs of sets) {
    if (!names.has(rs.name)) continue;
    const at = byName.get(rs.name);
    if (at === undefined) byName.set(rs.name, [rs]);
    else at.push(rs);
  }
  return (name) => byName.get(name) ?? [];
}

/** The target names of `aliases`. */
function targetNames(aliases: readonly StoredAlias[]): Set<string> {
  return new Set(aliases.flatMap((a) => (a.set.alias === undefined ? [] : [a.set.alias.dnsName])));
}

/** The zone `apex` as stored, at `names` only. */
function storedView(
  sql: SqlStorage,
  apex: string,
  names: ReadonlySet<string>,
): (name: string) => readonly RecordSet[] {
  const byName = new Map([...names].map((name) => [name, readSetsAt(sql, apex, name)]));
  return (name) => byName.get(name) ?? [];
}

/**
 * Aliases of other zones a change batch to `apex` would leave dangling: `overlay` holds the sets
 * it changed by key (null: deleted), `names` the owner names it touched.
 */
export function batchDangling(
  sql: SqlStorage,
  apex: string,
  overlay: ReadonlyMap<string, RecordSet | null>,
  names: Iterable<string>,
  context: () => ValidationContext,
): DanglingAlias[] {
  const candidates = aliasesTargeting(sql, names, apex);
  if (candidates.length === 0) return [];
  const targets = targetNames(candidates);
  const before = storedView(sql, apex, targets);
  const written: RecordSet[] = [];
  for (const set of overlay.values()) if (set !== null && targets.has(set.name)) written.push(set);
  const after = (name: string) => [
    ...before(name).filter((rs) => !overlay.has(recordSetKey(rs))),
    ...written.filter((rs) => rs.name === name),
  ];
  return danglingAliases(candidates, apex, before, after, context());
}

/**
 * Aliases of other zones that replacing (`sets`) or deleting (null) the zone `apex` would leave
 * dangling; `hosted` tells whether the zone exists now.
 */
export function zoneDangling(
  sql: SqlStorage,
  apex: string,
  hosted: boolean,
  sets: readonly RecordSet[] | null,
  context: () => ValidationContext,
): DanglingAlias[] {
  const candidates = aliasesInto(sql, apex, apex);
  if (candidates.length === 0) return [];
  const targets = targetNames(candidates);
  const before = hosted ? storedView(sql, apex, targets) : null;
  const after = sets === null ? null : viewOf(sets, targets);
  return danglingAliases(candidates, apex, before, after, context());
}

function describe(alias: DanglingAlias): string {
  const { set } = alias;
  const id = set.setIdentifier === undefined ? '' : ` (SetIdentifier ${JSON.stringify(set.setIdentifier)})`;
  return `${set.name} ${typeToString(set.type)}${id} in ${alias.zone} (${alias.problem})`;
}

/** The refusal of a write (`what`: "deleting the hosted zone example.com.") that leaves `dangling`. */
export function danglingConflict(
  what: string,
  dangling: readonly DanglingAlias[],
): Result<never, ControlError> {
  const count =
    dangling.length === 1
      ? '1 alias record set in another hosted zone without its target'
      : `${dangling.length} alias record sets in other hosted zones without their target`;
  const named = dangling.slice(0, NAMED_ALIASES).map(describe).join(', ');
  const more = dangling.length > NAMED_ALIASES ? ` and ${dangling.length - NAMED_ALIASES} more` : '';
  return err({
    kind: 'conflict',
    message: `${what} would leave ${count}: ${named}${more}; change or delete the aliases first`,
  });
}
