/**
 * Checks every importer applies: owner names inside the zone and well-formed, storable types, and
 * the shape rules a zone must keep whatever its source.
 */
import { RRTYPE, typeToString } from '../../dns/constants';
import { firstLabel, isSubdomain, parentName } from '../../dns/name';
import type { RecordSet } from '../model';
import type { ProblemList } from './problems';

/** Route 53's per-record-set quota, enforced for every source (routing-semantics.md §1). */
export const MAX_VALUES_PER_SET = 400;

/** Why `name` cannot own records in `zone`, or undefined when it can. */
export function ownerProblem(name: string, zone: string): string | undefined {
  if (!isSubdomain(name, zone)) return `${name} is outside the zone ${zone}`;
  let leftmost = true;
  for (let at: string | null = name; at !== null && at !== zone; at = parentName(at)) {
    const label = firstLabel(at);
    if (label.includes('*') && (label !== '*' || !leftmost)) {
      return `${name}: "*" is only allowed as the whole leftmost label (a wildcard)`;
    }
    leftmost = false;
  }
  return undefined;
}

/** Why records of `type` cannot be stored, or undefined when they can (RFC 6895 §3.1). */
export function typeProblem(type: number): string | undefined {
  if (type === 0) return 'TYPE0 is reserved';
  if (type === RRTYPE.OPT || (type >= 128 && type <= 255)) {
    return `${typeToString(type)} is a query or meta type and cannot be stored in a zone`;
  }
  return undefined;
}

export interface LocatedSet {
  readonly set: RecordSet;
  /** Where the set starts in the input (`line 12`, `/ResourceRecordSets/3`). */
  readonly path: string;
}

/** Types allowed next to a CNAME (RFC 2181 §10.1, RFC 4035 §2.5). */
const CNAME_COMPANIONS = new Set<number>([RRTYPE.CNAME, RRTYPE.RRSIG, RRTYPE.NSEC]);

/** Why a set of `count` values is too large, or undefined. */
export function quotaProblem(count: number): string | undefined {
  return count > MAX_VALUES_PER_SET
    ? `${count} values in one record set; at most ${MAX_VALUES_PER_SET}`
    : undefined;
}

/** Singleton sets, the SOA at the apex only, CNAME alone at its name. */
export function checkZoneShape(zone: string, sets: readonly LocatedSet[], problems: ProblemList): void {
  const typesByName = new Map<string, number[]>();
  for (const { set } of sets) {
    const types = typesByName.get(set.name);
    if (types) types.push(set.type);
    else typesByName.set(set.name, [set.type]);
  }
  for (const { set, path } of sets) {
    const type = typeToString(set.type);
    if (set.type === RRTYPE.SOA && set.name !== zone) {
      problems.add(path, `SOA record at ${set.name}: the SOA belongs at the zone apex ${zone}`);
    }
    const singleton = set.type === RRTYPE.SOA || set.type === RRTYPE.CNAME || set.type === RRTYPE.DNAME;
    if (singleton && set.values.length > 1) {
      problems.add(path, `${set.name} has ${set.values.length} ${type} records; only one is allowed`);
    }
    if (set.type === RRTYPE.CNAME) {
      const others = (typesByName.get(set.name) ?? []).filter((t) => !CNAME_COMPANIONS.has(t));
      if (others.length > 0) {
        const list = others.map(typeToString).join(', ');
        problems.add(path, `${set.name} has a CNAME and other data (${list}); RFC 1034 §3.6.2 forbids it`);
      }
    }
  }
}
