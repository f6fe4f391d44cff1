/**
 * Answers a record group: plain RRsets as they are; routed groups through their policy, following
 * aliases into target groups (routing-semantics.md §4.9). Collects what the reply needs to say about
 * the decision: tailored or not, and the ECS scope it depended on.
 */

import { typeToString } from '../dns/constants';
import type { ResourceRecord } from '../dns/message';
import {
  EMPTY_LATENCY_INDEX,
  type LatencyFigure,
  type LatencyIndex,
  latencyFor,
  type RegionPoint,
} from '../latency/model';
import { locateClient } from '../location/locate';
import { BUILTIN_REGIONS } from '../location/regions';
import { specialPurposeBlock } from '../location/special';
import type { ClientLocation } from '../location/types';
import { matchCidr } from '../policy/cidr-index';
import { shuffled } from '../policy/multivalue';
import { select } from '../policy/select';
import type { CidrMatch, PolicyContext } from '../policy/types';
import type { Member, RRset, ZoneIndex } from '../zones/zone-index';
import type { QueryContext } from './context';
import { type HealthView, healthViewOf } from './signals';

/** Aliases deeper than this answer SERVFAIL (routing-semantics.md §4.9). */
export const MAX_ALIAS_DEPTH = 8;

export class AliasTooDeep extends Error {}

/** What a group contributed to the answer. */
export interface GroupAnswer {
  readonly records: ResourceRecord[];
  /** Depended on location or randomness. */
  tailored: boolean;
  /** ECS scope needed by location-dependent decisions, or null when none depended on location. */
  scope: number | null;
}

const NO_HEALTH = healthViewOf(null);

/** Locations decided by an IPv4 ECS prefix alone, per config (they depend on its CIDR maps). */
const ecsLocations = new WeakMap<ZoneIndex, Map<number, ClientLocation>>();
const ECS_LOCATION_CACHE = 65_536;

/** A number naming an IPv4 ECS prefix: the address bits and SOURCE (fits well within 2^53). */
function ipv4EcsKey(address: Uint8Array, source: number): number {
  const word =
    (((address[0] ?? 0) << 24) | ((address[1] ?? 0) << 16) | ((address[2] ?? 0) << 8) | (address[3] ?? 0)) >>>
    0;
  return word * 64 + source;
}

/** Built-in regions as points with their ids, made once per isolate. */
let builtinPoints: Map<string, RegionPoint> | undefined;

/** An operator region of this config, else a built-in one. */
function regionPoint(zones: ZoneIndex, id: string): RegionPoint | undefined {
  const own = zones.regions.get(id);
  if (own !== undefined) return own;
  builtinPoints ??= new Map(
    [...BUILTIN_REGIONS].map(([rid, r]) => [rid, { id: rid, latitude: r.latitude, longitude: r.longitude }]),
  );
  return builtinPoints.get(id);
}

/**
 * Per-query routing state. It is itself the policy context (methods, not per-query closures), and
 * locates the client on first use.
 */
export class Router implements PolicyContext {
  private located: ClientLocation | undefined;
  private scope: number | undefined;
  private readonly aliasHealth = new Map<RRset, boolean>();
  private readonly health: HealthView;
  private readonly latencyIndex: LatencyIndex;
  readonly explain: boolean;
  readonly random: () => number;

  constructor(private readonly ctx: QueryContext) {
    this.health = ctx.extras.signals?.health ?? NO_HEALTH;
    this.latencyIndex = ctx.extras.signals?.latency ?? EMPTY_LATENCY_INDEX;
    this.explain = ctx.extras.trace !== undefined;
    this.random = ctx.extras.random ?? Math.random;
  }

  /** The policy context: this router. */
  get policy(): PolicyContext {
    return this;
  }

  isHealthy(m: Member): boolean {
    return (m.healthCheckId === null || this.health.isHealthy(m.healthCheckId)) && this.aliasTargetHealthy(m);
  }

  regionCoordinates(id: string): RegionPoint | undefined {
    return regionPoint(this.ctx.zones, id);
  }

  latency(id: string): LatencyFigure {
    const region = regionPoint(this.ctx.zones, id);
    if (region === undefined) {
      return { ms: Number.POSITIVE_INFINITY, source: 'unknown', detail: `region ${id} has no coordinates` };
    }
    return latencyFor(this.latencyIndex, this.location(), region, this.explain);
  }

  latencyCacheKey(): { readonly source: object; readonly key: string } | undefined {
    const index = this.latencyIndex;
    const where = this.location();
    if (index.networks.size > 0 && where.network !== undefined) return undefined;
    // Country codes have 2 letters and colo codes 3, so the codes themselves are distinct keys.
    const byColo = index.colos.size > 0 && where.colo !== undefined;
    if (where.coordinatesFrom === 'country' && where.country !== undefined) {
      return { source: index, key: byColo ? `${where.country}|${where.colo}` : where.country };
    }
    if (where.coordinatesFrom === 'colo' && where.colo !== undefined)
      return { source: index, key: where.colo };
    return undefined; // exact coordinates from request.cf: computed per query
  }

  matchCidr(collectionId: string): CidrMatch {
    return matchCidr(this.ctx.zones.cidr, collectionId, this.location().network);
  }

  location(): ClientLocation {
    if (this.located !== undefined) return this.located;
    const located = this.ctx.extras.location ?? this.locate();
    if (this.ctx.extras.trace) this.ctx.extras.trace.location = located;
    this.located = located;
    return located;
  }

  /** locateClient, with locations that ECS alone decided cached per IPv4 prefix and config. */
  private locate(): ClientLocation {
    const zones = this.ctx.zones;
    const ecs = this.ctx.clientSubnet;
    const key =
      ecs !== null && ecs.family === 1 && ecs.sourcePrefix > 0
        ? ipv4EcsKey(ecs.address, ecs.sourcePrefix)
        : -1;
    let cache: Map<number, ClientLocation> | undefined;
    if (key >= 0) {
      cache = ecsLocations.get(zones);
      const hit = cache?.get(key);
      if (hit !== undefined) return hit;
    }
    const client = this.ctx.extras.client ?? {};
    const located = locateClient({
      subnet: ecs,
      cf: client.cf,
      connectingIp: client.connectingIp ?? null,
      // §3: a public prefix an operator CIDR map knows locates the client even without a country.
      cidrKnows: (network) =>
        [...zones.cidr.keys()].some((id) => matchCidr(zones.cidr, id, network).location !== undefined),
    });
    if (key >= 0 && located.source === 'ecs') {
      if (cache === undefined) {
        cache = new Map();
        ecsLocations.set(zones, cache);
      }
      if (cache.size >= ECS_LOCATION_CACHE) cache.clear();
      cache.set(key, located);
    }
    return located;
  }

  /**
   * The ECS scope a location-dependent answer needs (doh-protocol.md §12): the geolocation table's
   * proof for a located public prefix, SOURCE for one that fell through, the covering block for a
   * private one, 0 for /0.
   */
  locationScope(): number {
    this.scope ??= this.computeLocationScope();
    return this.scope;
  }

  private computeLocationScope(): number {
    const ecs = this.ctx.clientSubnet;
    if (ecs === null || ecs.sourcePrefix === 0) return 0;
    const where = this.location();
    // ECS located the client, so it is public: the table's proof, capped at SOURCE.
    if (where.source === 'ecs') return Math.min(where.geoScope ?? ecs.sourcePrefix, ecs.sourcePrefix);
    const full = new Uint8Array(ecs.family === 1 ? 4 : 16);
    full.set(ecs.address);
    const special = specialPurposeBlock(ecs.family === 1 ? 4 : 6, full, ecs.sourcePrefix);
    return special ?? ecs.sourcePrefix;
  }

  /** EvaluateTargetHealth: healthy iff at least one member of the target group is (§4.9). */
  private aliasTargetHealthy(m: Member, depth = 0): boolean {
    if (m.alias === null || !m.alias.evaluateTargetHealth) return true;
    if (depth > MAX_ALIAS_DEPTH) return false;
    const target = m.alias.target;
    if (target === null) return false;
    const known = this.aliasHealth.get(target);
    if (known !== undefined) return known;
    const health = this.health;
    const healthy =
      target.routed === null ||
      target.routed.members.some(
        (t) =>
          (t.healthCheckId === null || health.isHealthy(t.healthCheckId)) &&
          this.aliasTargetHealthy(t, depth + 1),
      );
    this.aliasHealth.set(target, healthy);
    return healthy;
  }

  /** The records `rrset` answers with at `owner`, after policy selection and aliases. */
  answer(owner: string, rrset: RRset, depth = 0): GroupAnswer {
    if (rrset.routed === null) {
      const records = rrset.rdata.map((rdata) => ({ name: owner, type: rrset.type, ttl: rrset.ttl, rdata }));
      return { records, tailored: false, scope: null };
    }
    if (depth > MAX_ALIAS_DEPTH) throw new AliasTooDeep();
    const group = rrset.routed;
    const sel = select(group, this.policy);
    const result: GroupAnswer = {
      records: [],
      tailored: sel.byLocation || sel.byChance,
      scope: sel.byLocation ? (sel.scope ?? this.locationScope()) : null,
    };
    this.ctx.extras.trace?.steps.push({
      name: owner,
      type: typeToString(rrset.type),
      policy: group.policy,
      failureMode: group.failureMode,
      failure: sel.failure,
      rule: sel.rule,
      candidates: sel.candidates.map((c) => {
        const m = group.members.find((x) => x.setId === c.setId);
        const health = this.health;
        const check = m?.healthCheckId
          ? `check ${m.healthCheckId}: ${health.describe(m.healthCheckId)}`
          : 'no health check';
        const alias = m?.alias
          ? `; alias to ${m.alias.name}${m.alias.evaluateTargetHealth ? ' (evaluates target health)' : ''}`
          : '';
        return { ...c, health: check + alias };
      }),
      chosen: sel.members.map((m) => m.setId),
    });
    for (const m of sel.members) {
      if (m.alias === null) {
        for (const rdata of m.rdata)
          result.records.push({ name: owner, type: rrset.type, ttl: m.ttl, rdata });
        continue;
      }
      if (m.alias.target === null) continue;
      const sub = this.answer(owner, m.alias.target, depth + 1);
      result.records.push(...sub.records);
      result.tailored ||= sub.tailored;
      if (sub.scope !== null) result.scope = Math.max(result.scope ?? 0, sub.scope);
    }
    if (group.policy === 'multivalue' && result.records.length > 1) {
      // One RRset, one TTL (RFC 2181 §5.2): the smallest of the chosen members; order shuffled.
      const ttl = Math.min(...result.records.map((r) => r.ttl));
      const records = shuffled(result.records, this.policy).map((r) => ({ ...r, ttl }));
      result.records.splice(0, result.records.length, ...records);
    }
    return result;
  }
}
