/**
 * Zone validation: every rule a hosted zone must satisfy before it is committed. Pure; collects
 * every problem instead of stopping at the first. Problems name the record set they are about and
 * the record sets that take part, so a caller can point at the right input (a PUT's owner/type, a
 * change batch's change).
 */
import { RRTYPE } from '../../dns/constants';
import { firstLabel, isSubdomain, parentName, parseAbsoluteName, ROOT } from '../../dns/name';
import { type RecordSet, recordGroupKey, recordSetKey, type Zone } from '../../zones/model';
import { memberProblems } from '../../zones/routing-rules';
import { CNAME_COMPANIONS, quotaProblem, typeProblem, wildcardProblem } from '../../zones/rules';
import { MAX_SET_TEXT_CHARS, MAX_SETS_PER_ZONE, MAX_TTL } from '../limits';
import { hasPolicy } from '../publish/policy-json';
import { type CnameMaps, findCnameLoops } from './cname-loops';
import { type AliasContext, checkAliases } from './validate-alias';
import { checkGroup, type GroupContext, refOf } from './validate-groups';
import type { SetRef, ZoneProblem } from './zone-problem';

/** What validation needs to know beyond the zone itself; validation stays pure. */
export interface ValidationContext extends AliasContext, GroupContext {
  /** Simple CNAMEs of the other hosted zones (apex → owner → target), to find loops across zones. */
  readonly otherZones: CnameMaps;
}

/** A context with no other zones, regions or CIDR collections. */
export const EMPTY_CONTEXT: ValidationContext = {
  otherZones: new Map(),
  otherSets: () => [],
  othersHaveIndirection: false,
  otherAliasTypes: new Set(),
  regions: new Set(),
  cidrCollections: new Map(),
};

/** Types at a delegation point (RFC 1034 §4.2.1, RFC 4035 §2.4); A/AAAA there are glue, see below. */
const AT_CUT = new Set<number>([RRTYPE.NS, RRTYPE.DS]);
const GLUE = new Set<number>([RRTYPE.A, RRTYPE.AAAA]);

function problem(subject: SetRef, message: string, related: readonly SetRef[] = []): ZoneProblem {
  return { subject, related, message };
}

function checkRecordSet(rs: RecordSet, apex: string, out: ZoneProblem[]): void {
  const subject = refOf(rs);
  const at = (message: string) => out.push(problem(subject, message));
  if (!inZone(rs.name, apex)) at(`name ${rs.name} is not inside the zone ${apex}`);
  if (rs.name.includes('*')) {
    const wildcard = wildcardProblem(rs.name);
    if (wildcard !== undefined) at(wildcard);
    if (rs.type === RRTYPE.NS && firstLabel(rs.name) === '*') {
      at('NS records cannot have a wildcard owner (RFC 4592 §4.2)');
    }
  }
  const badType = typeProblem(rs.type);
  if (badType !== undefined) at(badType);
  if (!Number.isInteger(rs.ttl) || rs.ttl < 0 || rs.ttl > MAX_TTL) {
    at(`TTL must be an integer from 0 to ${MAX_TTL} (got ${rs.ttl})`);
  }
  const count = rs.values.length;
  if (count === 0 && rs.alias === undefined) at('a record set needs at least one value');
  const quota = quotaProblem(count);
  if (quota !== undefined) at(quota);
  if (count > 1 && new Set(rs.values).size !== count) at('duplicate values');
  let chars = 0;
  for (const value of rs.values) chars += value.length;
  if (chars > MAX_SET_TEXT_CHARS)
    at(`values total ${chars} characters; at most ${MAX_SET_TEXT_CHARS} per record set`);
  if (hasPolicy(rs)) {
    for (const p of memberProblems(rs)) {
      out.push({ subject, related: [], message: p.message, ...(p.path === '' ? {} : { field: p.path }) });
    }
  }
}

/** True when the dot at `index` of a canonical name is escaped (`\.`), i.e. not a label separator. */
function escapedAt(name: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && name.charCodeAt(i) === 0x5c; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** `name` is the apex or below it (a fast isSubdomain for the common case). */
function inZone(name: string, apex: string): boolean {
  if (name === apex) return true;
  const dot = name.length - apex.length - 1;
  if (dot > 0 && name.endsWith(apex) && name.charCodeAt(dot) === 0x2e && !escapedAt(name, dot)) return true;
  return isSubdomain(name, apex);
}

/** The nearest delegation point strictly above `name` and below the apex, or null. */
function cutAbove(name: string, apex: string, cuts: ReadonlySet<string>): string | null {
  for (
    let at = parentName(name);
    at !== null && at !== apex && at.length > apex.length;
    at = parentName(at)
  ) {
    if (cuts.has(at)) return at;
  }
  return null;
}

/** CNAME exclusivity (RFC 1034 §3.6.2, RFC 2181 §10.1), apex SOA/NS, delegations and DS. */
function checkNames(zone: Zone, byName: ReadonlyMap<string, RecordSet[]>, out: ZoneProblem[]): void {
  const apex = zone.name;
  const cuts = new Set<string>();
  for (const [name, sets] of byName) {
    if (name !== apex && sets.some((s) => s.type === RRTYPE.NS)) cuts.add(name);
  }
  for (const [name, sets] of byName) {
    if (sets.length > 1) checkDuplicates(sets, out);
    const cnames = sets.filter((s) => s.type === RRTYPE.CNAME);
    if (cnames.length > 0) checkCname(name, apex, cnames, sets, out);
    for (const rs of sets) {
      if (rs.type === RRTYPE.SOA && name !== apex) {
        out.push(problem({ name, type: rs.type }, 'SOA is only allowed at the zone apex'));
      }
      if (rs.type === RRTYPE.DS && !cuts.has(name)) {
        out.push(
          problem(
            { name, type: rs.type },
            'DS is only allowed at a delegation point (a name below the apex with NS)',
          ),
        );
      }
    }
    if (cuts.size > 0) checkOcclusion(name, apex, sets, cuts, out);
  }
  checkApex(zone, byName.get(apex) ?? [], out);
}

function checkDuplicates(sets: readonly RecordSet[], out: ZoneProblem[]): void {
  const keys = new Set<string>();
  for (const rs of sets) {
    const key = recordSetKey(rs);
    if (keys.has(key)) out.push(problem(refOf(rs), 'the record set appears more than once'));
    keys.add(key);
  }
}

/** A CNAME group (one simple set, or routed members) at `name`. */
function checkCname(
  name: string,
  apex: string,
  cnames: readonly RecordSet[],
  sets: readonly RecordSet[],
  out: ZoneProblem[],
) {
  const ref = { name, type: RRTYPE.CNAME };
  if (name === apex) out.push(problem(ref, 'a CNAME cannot be at the zone apex (RFC 1034 §3.6.2)'));
  const others = sets
    .filter((s) => s.type !== RRTYPE.CNAME && !CNAME_COMPANIONS.has(s.type))
    .map((s) => ({ name, type: s.type }));
  if (others.length > 0) {
    out.push(
      problem(
        ref,
        'a CNAME cannot share its owner name with other data (RFC 1034 §3.6.2, RFC 2181 §10.1)',
        others,
      ),
    );
  }
  for (const cname of cnames) {
    if (cname.alias === undefined && cname.values.length > 1)
      out.push(problem(refOf(cname), 'a CNAME record set has exactly one value'));
  }
}

/** Below a delegation only glue may sit; at it only NS, DS and glue (RFC 1034 §4.2.1). */
function checkOcclusion(
  name: string,
  apex: string,
  sets: readonly RecordSet[],
  cuts: ReadonlySet<string>,
  out: ZoneProblem[],
): void {
  const above = cutAbove(name, apex, cuts);
  for (const rs of sets) {
    if (above !== null && !GLUE.has(rs.type)) {
      out.push(
        problem(
          { name, type: rs.type },
          `occluded by the delegation at ${above}: only glue A/AAAA may sit below it`,
          [{ name: above, type: RRTYPE.NS }],
        ),
      );
    } else if (above === null && cuts.has(name) && !AT_CUT.has(rs.type) && !isGlueAtCut(rs, sets)) {
      out.push(
        problem(
          { name, type: rs.type },
          `occluded by the delegation at ${name}: only NS, DS and glue may sit there`,
          [{ name, type: RRTYPE.NS }],
        ),
      );
    }
  }
}

/** A/AAAA at a delegation point are glue when one of its NS records names the cut itself. */
function isGlueAtCut(rs: RecordSet, sets: readonly RecordSet[]): boolean {
  if (!GLUE.has(rs.type)) return false;
  const ns = sets.find((s) => s.type === RRTYPE.NS);
  return ns?.values.includes(rs.name) === true;
}

function checkApex(zone: Zone, atApex: readonly RecordSet[], out: ZoneProblem[]): void {
  const apex = zone.name;
  const soaRef = { name: apex, type: RRTYPE.SOA };
  const soa = atApex.find((s) => s.type === RRTYPE.SOA);
  if (soa === undefined) out.push(problem(soaRef, 'the zone needs an SOA record at its apex'));
  else if (soa.values.length !== 1)
    out.push(problem(soaRef, 'the apex SOA record set has exactly one value'));
  if (!atApex.some((s) => s.type === RRTYPE.NS)) {
    out.push(problem({ name: apex, type: RRTYPE.NS }, 'the zone needs NS records at its apex'));
  }
}

function checkApexName(zone: Zone, out: ZoneProblem[]): boolean {
  const parsed = parseAbsoluteName(zone.name);
  const ref = { name: zone.name, type: RRTYPE.SOA };
  if (!parsed.ok) out.push(problem(ref, `invalid zone name: ${parsed.error}`));
  else if (parsed.value !== zone.name) out.push(problem(ref, `zone name is not canonical (${parsed.value})`));
  else if (zone.name === ROOT) out.push(problem(ref, 'the root zone cannot be hosted'));
  else if (wildcardProblem(zone.name) !== undefined || firstLabel(zone.name) === '*') {
    out.push(problem(ref, 'a zone name cannot contain "*"'));
  } else return true;
  return false;
}

/** Every problem with `zone`, or an empty list when it can be committed. */
export function validateZone(zone: Zone, context: ValidationContext): ZoneProblem[] {
  const out: ZoneProblem[] = [];
  if (!checkApexName(zone, out)) return out;
  if (zone.recordSets.length > MAX_SETS_PER_ZONE) {
    out.push(
      problem(
        { name: zone.name, type: RRTYPE.SOA },
        `${zone.recordSets.length} record sets; at most ${MAX_SETS_PER_ZONE} per zone`,
      ),
    );
    return out;
  }
  const byName = new Map<string, RecordSet[]>();
  /** One record set of each group with a routed member or an alias. */
  const routed = new Map<string, RecordSet>();
  for (const rs of zone.recordSets) {
    checkRecordSet(rs, zone.name, out);
    const sets = byName.get(rs.name);
    if (sets === undefined) byName.set(rs.name, [rs]);
    else sets.push(rs);
    if (rs.setIdentifier !== undefined || rs.routing !== undefined || rs.alias !== undefined) {
      routed.set(recordGroupKey(rs), rs);
    }
  }
  checkNames(zone, byName, out);
  // The whole group, simple sets included (a simple set beside routed members is a problem).
  for (const rs of routed.values()) {
    checkGroup(
      (byName.get(rs.name) ?? []).filter((s) => s.type === rs.type),
      context,
      out,
    );
  }
  checkAliases(zone.name, byName, context, out);
  for (const loop of findCnameLoops(zone.name, byName, context.otherZones)) {
    const [first, ...rest] = loop.inZone;
    if (first === undefined) continue;
    out.push(problem(first, `CNAME loop: ${loop.names.join(' → ')} → ${loop.names[0] ?? ''}`, rest));
  }
  return out;
}
