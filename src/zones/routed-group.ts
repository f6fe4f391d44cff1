/**
 * Compiles a record group's members, as the snapshot stores them (each with its own `routing`),
 * into the policy's own variant (policy/group.ts), once per snapshot load. The control plane
 * guarantees one policy per group (control/validate-groups.ts); a member of another policy than
 * the group's first is left out rather than answered with fields it does not have.
 */
import type { FailureMode, Member, RoutedGroup } from '../policy/group';
import type { Routing } from './model';

/** A member with the routing the snapshot gave it; null for a simple alias. */
export interface MemberSource extends Member {
  readonly routing: Routing | null;
}

const bySetId = (a: { setId: string }, b: { setId: string }) =>
  a.setId < b.setId ? -1 : a.setId > b.setId ? 1 : 0;

/** Base fields only: the variant adds its own. */
function base(m: MemberSource): Member {
  return { setId: m.setId, ttl: m.ttl, rdata: m.rdata, alias: m.alias, healthCheckId: m.healthCheckId };
}

export function compileGroup(sources: readonly MemberSource[], failureMode: FailureMode): RoutedGroup {
  const sorted = [...sources].sort(bySetId);
  const first = sorted[0]?.routing ?? null;
  if (first === null) return { policy: 'simple', failureMode, members: sorted.map(base) };
  // Each kind keeps the members of that kind, with their routing fields flattened in.
  const of = <K extends Routing['kind']>(kind: K) =>
    sorted.flatMap((m) => {
      const r = m.routing;
      return r?.kind === kind ? [{ m, r: r as Extract<Routing, { kind: K }> }] : [];
    });
  switch (first.kind) {
    case 'weighted':
      return {
        policy: 'weighted',
        failureMode,
        members: of('weighted').map(({ m, r }) => ({ ...base(m), weight: r.weight })),
      };
    case 'latency':
      return {
        policy: 'latency',
        failureMode,
        members: of('latency').map(({ m, r }) => ({ ...base(m), region: r.region })),
      };
    case 'failover': {
      const members = of('failover').map(({ m, r }) => ({ member: base(m), role: r.role }));
      return {
        policy: 'failover',
        failureMode,
        members: members.map((x) => x.member),
        primary: members.find((x) => x.role === 'PRIMARY')?.member,
        secondary: members.find((x) => x.role === 'SECONDARY')?.member,
      };
    }
    case 'geolocation':
      return {
        policy: 'geolocation',
        failureMode,
        members: of('geolocation').map(({ m, r }) => ({
          ...base(m),
          ...(r.continent === undefined ? {} : { continent: r.continent }),
          ...(r.country === undefined ? {} : { country: r.country }),
          ...(r.subdivision === undefined ? {} : { subdivision: r.subdivision }),
        })),
      };
    case 'geoproximity':
      return {
        policy: 'geoproximity',
        failureMode,
        members: of('geoproximity').map(({ m, r }) => ({
          ...base(m),
          bias: r.bias,
          ...(r.coordinates === undefined ? {} : { coordinates: r.coordinates }),
          ...(r.region === undefined ? {} : { region: r.region }),
          ...(r.localZoneGroup === undefined ? {} : { localZoneGroup: r.localZoneGroup }),
        })),
      };
    case 'multivalue':
      return { policy: 'multivalue', failureMode, members: of('multivalue').map(({ m }) => base(m)) };
    case 'cidr':
      return {
        policy: 'cidr',
        failureMode,
        collectionId: first.collectionId,
        members: of('cidr').map(({ m, r }) => ({ ...base(m), locationName: r.locationName })),
      };
  }
}
