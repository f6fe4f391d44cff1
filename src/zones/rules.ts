/**
 * Rules about record sets that every source of zone data shares: the importers apply them to report
 * problems at a line or JSON path, the control plane applies them again on every write.
 */
import { RRTYPE, typeToString } from '../dns/constants';
import { firstLabel, parentName, ROOT } from '../dns/name';

/** Values in one record set (Route 53's quota, docs/routing-semantics.md §1). */
export const MAX_VALUES_PER_SET = 400;

/** Types allowed beside a CNAME at one name (RFC 2181 §10.1, RFC 4035 §2.5). */
export const CNAME_COMPANIONS: ReadonlySet<number> = new Set([RRTYPE.RRSIG, RRTYPE.NSEC]);

/** Why `name` is a malformed wildcard: `*` only as the whole leftmost label (RFC 4592 §2.1.1). */
export function wildcardProblem(name: string): string | undefined {
  if (!name.includes('*')) return undefined;
  let leftmost = true;
  for (let at: string | null = name; at !== null && at !== ROOT; at = parentName(at)) {
    const label = firstLabel(at);
    if (label.includes('*') && !(leftmost && label === '*')) {
      return '"*" is only allowed as the whole leftmost label (a wildcard)';
    }
    leftmost = false;
  }
  return undefined;
}

/** Why records of `type` cannot be stored (RFC 6895 §3.1: 0, OPT and the meta/query range 128–255). */
export function typeProblem(type: number): string | undefined {
  if (!Number.isInteger(type) || type <= 0 || type > 65535) return `type ${type} cannot be stored in a zone`;
  if (type === RRTYPE.OPT || (type >= 128 && type <= 255)) {
    return `${typeToString(type)} is a query or meta type and cannot be stored in a zone`;
  }
  return undefined;
}

/** Why a record set of `count` values is too large. */
export function quotaProblem(count: number): string | undefined {
  return count > MAX_VALUES_PER_SET
    ? `${count} values in one record set; at most ${MAX_VALUES_PER_SET}`
    : undefined;
}
