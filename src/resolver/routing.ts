/**
 * The routing policies' view of one query: a thin composition of the client locator, the health
 * view and the latency figures (policy/), made once per query on the first routed group. The
 * policies and what follows aliases live in policy/; this only wires the query's inputs to them.
 */

import { EMPTY_LATENCY_INDEX, type LatencyIndex } from '../latency/latency-index';
import { type LatencyFigure, latencyFor, type RegionPoint } from '../latency/model';
import { BUILTIN_REGIONS } from '../location/regions';
import type { ClientLocation } from '../location/types';
import { type AnswerInputs, answerGroup, type GroupOutcome } from '../policy/answer';
import { matchCidr } from '../policy/cidr-index';
import { ClientLocator } from '../policy/client-locator';
import type { Member, RRset } from '../policy/group';
import { healthViewOf, MemberHealth } from '../policy/health';
import type { TraceStep } from '../policy/trace';
import type { CidrMatch, PolicyContext } from '../policy/types';
import type { ZoneIndex } from '../zones/zone-index';
import type { QueryContext } from './context';

export type { AliasTooDeep, GroupAnswer, GroupOutcome } from '../policy/answer';
export { MAX_ALIAS_DEPTH } from '../policy/health';

const NO_HEALTH = healthViewOf(null);

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
 * Per-query routing state; itself the policy context and the answering inputs (methods, not
 * per-query closures: a routed answer allocates this object, its locator and its health view).
 */
export class Router implements PolicyContext, AnswerInputs {
  readonly locator: ClientLocator;
  readonly health: MemberHealth;
  readonly policy: PolicyContext = this;
  readonly steps: TraceStep[] | undefined;
  private readonly latencyIndex: LatencyIndex;
  private readonly zones: ZoneIndex;
  readonly explain: boolean;
  readonly random: () => number;

  constructor(ctx: QueryContext) {
    const extras = ctx.extras;
    const trace = extras.trace;
    this.zones = ctx.zones;
    const latencyIndex = extras.signals?.latency ?? EMPTY_LATENCY_INDEX;
    this.locator = new ClientLocator({
      subnet: ctx.clientSubnet,
      // The transport's facts as they are: request.cf is read only if the client must be located
      // from it (ClientLocator.locate), so a client located by ECS never costs that read.
      client: extras.client,
      cidr: ctx.zones.cidr,
      networkScoped: latencyIndex.networks.size > 0 || latencyIndex.clientNetworks.size > 0,
      preset: extras.location,
      onLocated: trace === undefined ? undefined : (where: ClientLocation) => (trace.location = where),
    });
    this.health = new MemberHealth(extras.signals?.health ?? NO_HEALTH, extras.memberDown);
    this.latencyIndex = latencyIndex;
    this.explain = trace !== undefined;
    this.random = extras.random ?? Math.random;
    this.steps = trace?.steps;
  }

  locationScope(): number {
    return this.locator.locationScope();
  }

  isHealthy(m: Member): boolean {
    return this.health.isHealthy(m);
  }

  location(): ClientLocation {
    return this.locator.location();
  }

  regionCoordinates(id: string): RegionPoint | undefined {
    return regionPoint(this.zones, id);
  }

  latency(id: string): LatencyFigure {
    const region = regionPoint(this.zones, id);
    if (region === undefined) {
      return { ms: Number.POSITIVE_INFINITY, source: 'unknown', detail: `region ${id} has no coordinates` };
    }
    return latencyFor(
      this.latencyIndex,
      this.location(),
      region,
      this.explain,
      this.zones.regionChecks.get(id),
    );
  }

  latencyCacheKey(): { readonly source: object; readonly key: string } | undefined {
    const index = this.latencyIndex;
    const where = this.location();
    const byNetwork = index.networks.size > 0 || index.clientNetworks.size > 0;
    if (byNetwork && where.network !== undefined) return undefined;
    // Country codes have 2 letters and colo codes 3, so the codes themselves are distinct keys.
    const byColo = (index.colos.size > 0 || index.sampled.size > 0) && where.colo !== undefined;
    if (where.coordinatesFrom === 'country' && where.country !== undefined) {
      return { source: index, key: byColo ? `${where.country}|${where.colo}` : where.country };
    }
    if (where.coordinatesFrom === 'colo' && where.colo !== undefined)
      return { source: index, key: where.colo };
    return undefined; // exact coordinates from request.cf: computed per query
  }

  matchCidr(collectionId: string): CidrMatch {
    return matchCidr(this.zones.cidr, collectionId, this.location().network);
  }

  /** The records `rrset` answers with at `owner`, after policy selection and aliases. */
  answer(owner: string, rrset: RRset): GroupOutcome {
    return answerGroup(owner, rrset, this);
  }
}
