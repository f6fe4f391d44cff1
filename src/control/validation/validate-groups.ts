/**
 * Record-group rules (docs/routing-semantics.md §1, §4): what Route 53 refuses about the members of one
 * name and type together, and the member fields that need other config (regions, CIDR
 * collections). Pure; every problem is collected.
 */
import { typeToString } from '../../dns/constants';
import { BUILTIN_REGIONS, isLocalZoneGroup } from '../../location/regions';
import type { RecordSet, Routing, RoutingKind } from '../../zones/model';
import { POLICY_FIELD } from '../../zones/routing-rules';
import type { SetRef, ZoneProblem } from './zone-problem';

/** Members of one record group (Route 53 quota, docs/routing-semantics.md §1). */
export const MAX_MEMBERS = 100;
export const MAX_GEOPROXIMITY_MEMBERS = 30;

/** Config a record group's fields refer to. */
export interface GroupContext {
  /** Operator-defined region ids (built-in ids are always known). */
  readonly regions: ReadonlySet<string>;
  /** CIDR collections: id → location names. */
  readonly cidrCollections: ReadonlyMap<string, ReadonlySet<string>>;
}

export const refOf = (rs: RecordSet): SetRef =>
  rs.setIdentifier === undefined
    ? { name: rs.name, type: rs.type }
    : { name: rs.name, type: rs.type, setIdentifier: rs.setIdentifier };

const label = (rs: RecordSet): string => rs.setIdentifier ?? '(no SetIdentifier)';
const names = (sets: readonly RecordSet[]): string => sets.map(label).join(', ');

type Out = ZoneProblem[];

function groupProblem(members: readonly RecordSet[], message: string, related = members): ZoneProblem {
  const first = members[0]!;
  return { subject: { name: first.name, type: first.type }, related: related.map(refOf), message };
}

function memberProblem(rs: RecordSet, field: string, message: string, related: readonly RecordSet[] = []) {
  return { subject: refOf(rs), related: related.map(refOf), message, field };
}

function regionProblem(id: string, context: GroupContext, localZone: boolean): string | undefined {
  if (context.regions.has(id)) return undefined;
  if (localZone ? isLocalZoneGroup(id) : BUILTIN_REGIONS.has(id)) return undefined;
  const what = localZone ? 'Local Zone group' : 'region';
  return `unknown ${what} "${id}": use a built-in region id or define it with PUT /api/v1/regions/${id}`;
}

/** Member fields checked against other config: regions and CIDR collections. */
function checkReferences(rs: RecordSet, context: GroupContext, out: Out): void {
  const routing = rs.routing;
  if (routing?.kind === 'latency') {
    const problem = regionProblem(routing.region, context, false);
    if (problem !== undefined) out.push(memberProblem(rs, 'Region', problem));
  } else if (routing?.kind === 'geoproximity') {
    const field = 'GeoProximityLocation';
    if (routing.region !== undefined) {
      const problem = regionProblem(routing.region, context, false);
      if (problem !== undefined) out.push(memberProblem(rs, `${field}/AWSRegion`, problem));
    }
    if (routing.localZoneGroup !== undefined) {
      const problem = regionProblem(routing.localZoneGroup, context, true);
      if (problem !== undefined) out.push(memberProblem(rs, `${field}/LocalZoneGroup`, problem));
    }
  } else if (routing?.kind === 'cidr') {
    const locations = context.cidrCollections.get(routing.collectionId);
    if (locations === undefined) {
      out.push(
        memberProblem(
          rs,
          'CidrRoutingConfig/CollectionId',
          `no CIDR collection "${routing.collectionId}" (create it with PUT /api/v1/cidr-collections/${routing.collectionId})`,
        ),
      );
    } else if (routing.locationName !== '*' && !locations.has(routing.locationName)) {
      out.push(
        memberProblem(
          rs,
          'CidrRoutingConfig/LocationName',
          `CIDR collection "${routing.collectionId}" has no location "${routing.locationName}"`,
        ),
      );
    }
  }
}

/** Members that share a key: each later one is a problem naming the first. */
function checkUnique(
  members: readonly RecordSet[],
  keyOf: (routing: Routing) => string | undefined,
  field: string,
  message: (key: string, first: RecordSet) => string,
  out: Out,
): void {
  const seen = new Map<string, RecordSet>();
  for (const rs of members) {
    const key = rs.routing === undefined ? undefined : keyOf(rs.routing);
    if (key === undefined) continue;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, rs);
    else out.push(memberProblem(rs, field, message(key, first), [first]));
  }
}

function geolocationKey(routing: Routing): string | undefined {
  if (routing.kind !== 'geolocation') return undefined;
  if (routing.continent !== undefined) return `continent ${routing.continent}`;
  if (routing.country === '*') return 'the default location "*"';
  if (routing.subdivision !== undefined) return `subdivision ${routing.country}-${routing.subdivision}`;
  return routing.country === undefined ? undefined : `country ${routing.country}`;
}

function checkPolicyRules(kind: RoutingKind, members: readonly RecordSet[], out: Out): void {
  switch (kind) {
    case 'weighted': {
      const data = members.filter((rs) => rs.alias === undefined);
      const ttls = new Set(data.map((rs) => rs.ttl));
      if (ttls.size > 1) {
        const list = data.map((rs) => `${label(rs)} ${rs.ttl}`).join(', ');
        out.push(
          groupProblem(data, `weighted record sets of one name and type share one TTL (found ${list})`),
        );
      }
      return;
    }
    case 'latency':
      checkUnique(
        members,
        (r) => (r.kind === 'latency' ? r.region : undefined),
        'Region',
        (region, first) =>
          `region ${region} already has a latency record set (${label(first)}); one per region`,
        out,
      );
      return;
    case 'failover':
      checkUnique(
        members,
        (r) => (r.kind === 'failover' ? r.role : undefined),
        'Failover',
        (role, first) => `a failover group has one ${role}; ${label(first)} is ${role} already`,
        out,
      );
      return;
    case 'geolocation':
      checkUnique(
        members,
        geolocationKey,
        'GeoLocation',
        (key, first) => `overlapping geolocation: ${label(first)} already covers ${key}`,
        out,
      );
      return;
    case 'geoproximity':
      if (members.length > MAX_GEOPROXIMITY_MEMBERS) {
        out.push(
          groupProblem(
            members,
            `${members.length} geoproximity record sets; at most ${MAX_GEOPROXIMITY_MEMBERS}`,
            [],
          ),
        );
      }
      return;
    case 'multivalue':
      return;
    case 'cidr': {
      const collections = new Set(
        members.map((rs) => (rs.routing?.kind === 'cidr' ? rs.routing.collectionId : '')),
      );
      if (collections.size > 1) {
        const list = [...collections].join(', ');
        out.push(
          groupProblem(
            members,
            `IP-based record sets of one name and type use one CIDR collection (found ${list})`,
          ),
        );
      }
      checkUnique(
        members,
        (r) => (r.kind === 'cidr' ? r.locationName : undefined),
        'CidrRoutingConfig/LocationName',
        (location, first) =>
          `location ${location} already has a record set (${label(first)}); one per location`,
        out,
      );
      return;
    }
  }
}

/** Every problem with one record group (all record sets of one name and type). */
export function checkGroup(members: readonly RecordSet[], context: GroupContext, out: Out): void {
  for (const rs of members) checkReferences(rs, context, out);
  const routed = members.filter((rs) => rs.routing !== undefined);
  if (routed.length === 0) return;
  const first = members[0]!;
  const what = `${first.name} ${typeToString(first.type)}`;
  const simple = members.filter((rs) => rs.routing === undefined);
  if (simple.length > 0) {
    out.push(
      groupProblem(
        members,
        `a simple record set cannot share its name and type with routed record sets (${names(routed)}); ` +
          `every record set of ${what} needs a SetIdentifier and the same routing policy`,
      ),
    );
  }
  const kinds = [...new Set(routed.map((rs) => rs.routing!.kind))];
  if (kinds.length > 1) {
    const list = kinds
      .map((k) => `${POLICY_FIELD[k]} (${names(routed.filter((rs) => rs.routing!.kind === k))})`)
      .join(' and ');
    out.push(groupProblem(routed, `${what} mixes routing policies: ${list}; one policy per name and type`));
  }
  const limit = MAX_MEMBERS;
  if (members.length > limit) {
    out.push(groupProblem(members, `${members.length} record sets share ${what}; at most ${limit}`, []));
  }
  const modes = new Set(members.map((rs) => rs.failureMode ?? 'open'));
  if (modes.size > 1) {
    const list = members.map((rs) => `${label(rs)} ${(rs.failureMode ?? 'open').toUpperCase()}`).join(', ');
    out.push(groupProblem(members, `every member of a group has the same FailureMode (found ${list})`));
  }
  if (kinds.length === 1) checkPolicyRules(kinds[0]!, routed, out);
}
