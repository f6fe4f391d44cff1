/**
 * Checks every importer applies: owner names inside the zone and well-formed, storable types, and
 * the shape rules a zone must keep whatever its source.
 */
import { RRTYPE, typeToString } from '../../dns/constants';
import { isSubdomain } from '../../dns/name';
import type { ProblemList } from '../../validation/problem-list';
import type { RecordSet } from '../model';
import { CNAME_COMPANIONS, wildcardProblem } from '../rules';

export { quotaProblem, typeProblem } from '../rules';

/** Why `name` cannot own records in `zone`, or undefined when it can. */
export function ownerProblem(name: string, zone: string): string | undefined {
  if (!isSubdomain(name, zone)) return `${name} is outside the zone ${zone}`;
  const wildcard = wildcardProblem(name);
  return wildcard === undefined ? undefined : `${name}: ${wildcard}`;
}

export interface LocatedSet {
  readonly set: RecordSet;
  /** Where the set starts in the input (`line 12`, `/ResourceRecordSets/3`). */
  readonly path: string;
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
      const others = (typesByName.get(set.name) ?? []).filter(
        (t) => t !== RRTYPE.CNAME && !CNAME_COMPANIONS.has(t),
      );
      if (others.length > 0) {
        const list = others.map(typeToString).join(', ');
        problems.add(path, `${set.name} has a CNAME and other data (${list}); RFC 1034 §3.6.2 forbids it`);
      }
    }
  }
}
