/**
 * CNAME loops: a chain of CNAMEs that comes back to a name it has visited never ends, so a resolver
 * would answer SERVFAIL. Chains are followed inside the zone being written (exact owners, then the
 * wildcard at the closest encloser, RFC 4592 §3.3.1; not past a delegation) and into the other
 * hosted zones (exact owners; a name belongs to the most specific hosted zone that contains it).
 * Only simple CNAMEs are followed here; loops through aliases or routed CNAMEs are found by
 * validate-alias.ts.
 */
import { RRTYPE } from '../../dns/constants';
import { parentName } from '../../dns/name';
import type { RecordSet } from '../../zones/model';
import type { SetRef } from './zone-problem';

/** CNAMEs of hosted zones: apex → owner → target. */
export type CnameMaps = ReadonlyMap<string, ReadonlyMap<string, string>>;

export interface CnameLoop {
  /** Names visited, in order, starting with a name of the zone being checked. */
  readonly names: readonly string[];
  /** The CNAME record sets of the zone being checked that form the loop. */
  readonly inZone: readonly SetRef[];
}

interface Step {
  readonly target: string;
  /** The CNAME record set that answered (the wildcard owner when synthesised). */
  readonly owner: string;
  readonly apex: string;
}

/** Owner names plus every empty non-terminal between them and the apex. */
function existingNames(apex: string, owners: Iterable<string>): Set<string> {
  const names = new Set<string>([apex]);
  for (const owner of owners) {
    for (let at: string | null = owner; at !== null && !names.has(at); at = parentName(at)) {
      if (at.length < apex.length) break;
      names.add(at);
    }
  }
  return names;
}

function makeStepper(apex: string, byName: ReadonlyMap<string, readonly RecordSet[]>, others: CnameMaps) {
  const cnames = new Map<string, string>();
  const cuts = new Set<string>();
  for (const [name, sets] of byName) {
    for (const rs of sets) {
      const first = rs.values[0];
      // Simple CNAMEs only; aliases and routed CNAMEs are validate-alias.ts's.
      if (rs.type === RRTYPE.CNAME && first !== undefined && rs.setIdentifier === undefined)
        cnames.set(name, first);
      if (rs.type === RRTYPE.NS && name !== apex) cuts.add(name);
    }
  }
  const hasWildcard = [...cnames.keys()].some((n) => n.startsWith('*.'));
  const names = hasWildcard ? existingNames(apex, byName.keys()) : new Set<string>();
  const apexes = new Set<string>(others.keys());
  apexes.add(apex);

  const zoneOf = (name: string): string | null => {
    for (let at: string | null = name; at !== null; at = parentName(at)) if (apexes.has(at)) return at;
    return null;
  };
  const delegated = (name: string): boolean => {
    if (cuts.size === 0) return false;
    for (let at: string | null = name; at !== null && at !== apex; at = parentName(at))
      if (cuts.has(at)) return true;
    return false;
  };

  return (name: string): Step | null => {
    const zone = zoneOf(name);
    if (zone === null) return null;
    if (zone !== apex) {
      const target = others.get(zone)?.get(name);
      return target === undefined ? null : { target, owner: name, apex: zone };
    }
    if (delegated(name)) return null;
    const exact = cnames.get(name);
    if (exact !== undefined) return { target: exact, owner: name, apex };
    if (!hasWildcard || names.has(name)) return null;
    let encloser = parentName(name);
    while (encloser !== null && !names.has(encloser)) encloser = parentName(encloser);
    if (encloser === null) return null;
    const wildcard = `*.${encloser}`;
    const target = cnames.get(wildcard);
    return target === undefined ? null : { target, owner: wildcard, apex };
  };
}

/** Every CNAME loop that passes through a CNAME of the zone `apex`. */
export function findCnameLoops(
  apex: string,
  byName: ReadonlyMap<string, readonly RecordSet[]>,
  others: CnameMaps,
): CnameLoop[] {
  const step = makeStepper(apex, byName, others);
  const state = new Map<string, 'active' | 'done'>();
  const loops: CnameLoop[] = [];
  for (const [start, sets] of byName) {
    if (state.has(start) || !sets.some((s) => s.type === RRTYPE.CNAME)) continue;
    const path: string[] = [];
    const owners: Step[] = [];
    for (let at: string | null = start; at !== null; ) {
      const seen = state.get(at);
      if (seen === 'done') break;
      if (seen === 'active') {
        const from = path.indexOf(at);
        const inZone = new Map<string, SetRef>();
        for (const s of owners.slice(from)) {
          if (s.apex === apex) inZone.set(s.owner, { name: s.owner, type: RRTYPE.CNAME });
        }
        if (inZone.size > 0) loops.push({ names: path.slice(from), inZone: [...inZone.values()] });
        break;
      }
      state.set(at, 'active');
      path.push(at);
      const next = step(at);
      if (next !== null) owners.push(next);
      at = next?.target ?? null;
    }
    for (const name of path) state.set(name, 'done');
  }
  return loops;
}
