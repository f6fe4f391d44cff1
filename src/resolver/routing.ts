/**
 * Answers a record group: plain RRsets as they are; routed groups through their policy, following
 * aliases into target groups (routing-semantics.md §4.9). Collects what the reply needs to say about
 * the decision: tailored or not, and the ECS scope it depended on.
 */

import { typeToString } from '../dns/constants';
import type { ResourceRecord } from '../dns/message';
import { EMPTY_LATENCY_INDEX, latencyFor } from '../latency/model';
import { locateClient } from '../location/locate';
import { BUILTIN_REGIONS } from '../location/regions';
import { specialPurposeBlock } from '../location/special';
import type { ClientLocation } from '../location/types';
import { matchCidr } from '../policy/cidr-index';
import { shuffled } from '../policy/multivalue';
import { select } from '../policy/select';
import type { PolicyContext } from '../policy/types';
import { lookup } from '../zones/lookup';
import { findZone, type Member, type RRset } from '../zones/zone-index';
import type { QueryContext } from './context';
import { healthViewOf } from './signals';

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

/** Per-query routing state: the policy context and the location, each built on first use. */
export class Router {
  private located: ClientLocation | undefined;
  private readonly aliasHealth = new Map<string, boolean>();
  readonly policy: PolicyContext;

  constructor(private readonly ctx: QueryContext) {
    const health = ctx.extras.signals?.health ?? NO_HEALTH;
    this.policy = {
      location: () => this.location(),
      isHealthy: (m) =>
        (m.healthCheckId === null || health.isHealthy(m.healthCheckId)) && this.aliasTargetHealthy(m),
      regionCoordinates: (id) => ctx.zones.regions.get(id) ?? BUILTIN_REGIONS.get(id),
      latency: (id) => {
        const region = this.policy.regionCoordinates(id);
        if (region === undefined)
          return {
            ms: Number.POSITIVE_INFINITY,
            source: 'unknown',
            detail: `region ${id} has no coordinates`,
          };
        const index = ctx.extras.signals?.latency;
        return latencyFor(index ?? EMPTY_LATENCY_INDEX, this.location(), { id, ...region });
      },
      matchCidr: (id) => matchCidr(ctx.zones.cidr, id, this.location().network),
      random: ctx.extras.random ?? Math.random,
      explain: ctx.extras.trace !== undefined,
    };
  }

  location(): ClientLocation {
    if (this.located !== undefined) return this.located;
    const client = this.ctx.extras.client ?? {};
    const located: ClientLocation =
      this.ctx.extras.location ??
      locateClient({
        subnet: this.ctx.clientSubnet,
        cf: client.cf,
        connectingIp: client.connectingIp ?? null,
      });
    if (this.ctx.extras.trace) this.ctx.extras.trace.location = located;
    this.located = located;
    return located;
  }

  /**
   * The ECS scope a location-dependent answer needs (doh-protocol.md §12): the geolocation table's
   * proof for a located public prefix, SOURCE for one that fell through, the covering block for a
   * private one, 0 for /0.
   */
  locationScope(): number {
    const ecs = this.ctx.clientSubnet;
    if (ecs === null || ecs.sourcePrefix === 0) return 0;
    const full = new Uint8Array(ecs.family === 1 ? 4 : 16);
    full.set(ecs.address);
    const special = specialPurposeBlock(ecs.family === 1 ? 4 : 6, full, ecs.sourcePrefix);
    if (special !== undefined) return special;
    const where = this.location();
    if (where.source === 'ecs') return Math.min(where.geoScope ?? ecs.sourcePrefix, ecs.sourcePrefix);
    return ecs.sourcePrefix;
  }

  private targetGroup(name: string, type: number): RRset | undefined {
    const zone = findZone(this.ctx.zones, name);
    if (zone === null) return undefined;
    const outcome = lookup(zone, name, type);
    return outcome.kind === 'answer' ? outcome.rrset : undefined;
  }

  /** EvaluateTargetHealth: healthy iff at least one member of the target group is (§4.9). */
  private aliasTargetHealthy(m: Member, depth = 0): boolean {
    if (m.alias === null || !m.alias.evaluateTargetHealth) return true;
    if (depth > MAX_ALIAS_DEPTH) return false;
    const key = m.alias.name;
    const known = this.aliasHealth.get(key);
    if (known !== undefined) return known;
    const type = this.ctx.query.question!.type;
    const target = this.targetGroup(m.alias.name, type);
    const health = this.ctx.extras.signals?.health ?? NO_HEALTH;
    const healthy =
      target !== undefined &&
      (target.routed === null ||
        target.routed.members.some(
          (t) =>
            (t.healthCheckId === null || health.isHealthy(t.healthCheckId)) &&
            this.aliasTargetHealthy(t, depth + 1),
        ));
    this.aliasHealth.set(key, healthy);
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
        const health = this.ctx.extras.signals?.health ?? NO_HEALTH;
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
      const target = this.targetGroup(m.alias.name, rrset.type);
      if (target === undefined) continue;
      const sub = this.answer(owner, target, depth + 1);
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
