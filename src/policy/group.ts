/**
 * Record groups as the policies read them (docs/routing-semantics.md §2, §4): compiled once per config
 * snapshot (zones/routed-group.ts) into one variant per policy, each member carrying exactly the
 * fields its policy needs, so no policy narrows a member's routing at query time. zones/ builds
 * these; policy/ depends on nothing in zones/.
 */

/** What a group does when no candidate is healthy: answer as if all were (`open`) or NODATA. */
export type FailureMode = 'open' | 'closed';

/**
 * The data of one name and type. A plain RRset answers with `ttl` and `rdata`; a routed group (a
 * Route 53 record group, or a simple alias) has `routed` set and a policy picks among its members.
 */
export interface RRset {
  readonly type: number;
  readonly ttl: number;
  readonly rdata: readonly Uint8Array[];
  readonly routed: RoutedGroup | null;
}

/** What every member has, whatever its policy. */
export interface Member {
  /** SetIdentifier; empty for a simple alias. */
  readonly setId: string;
  readonly ttl: number;
  readonly rdata: readonly Uint8Array[];
  readonly alias: AliasLink | null;
  readonly healthCheckId: string | null;
}

export interface AliasLink {
  readonly name: string;
  readonly evaluateTargetHealth: boolean;
  /**
   * The target record group, linked once when the index is built (validation guarantees it exists
   * at commit); null when it cannot be found. Saves a zone search at every alias hop of every query.
   */
  target: RRset | null;
}

export interface WeightedMember extends Member {
  readonly weight: number;
}

export interface LatencyMember extends Member {
  readonly region: string;
}

export interface GeolocationMember extends Member {
  /** AF, AN, AS, EU, NA, OC, SA; exclusive with country. */
  readonly continent?: string;
  /** ISO 3166-1 alpha-2, or `*` for the default. */
  readonly country?: string;
  /** ISO 3166-2 subdivision without the country prefix; needs country. */
  readonly subdivision?: string;
}

export interface GeoproximityMember extends Member {
  /** Where the member is: its own coordinates, else a region or local zone group id. */
  readonly coordinates?: { readonly latitude: number; readonly longitude: number };
  readonly region?: string;
  readonly localZoneGroup?: string;
  /** −99 … 99. */
  readonly bias: number;
}

export interface CidrMember extends Member {
  /** A location of the group's collection, or `*`. */
  readonly locationName: string;
}

interface GroupBase<M extends Member> {
  readonly failureMode: FailureMode;
  /** Sorted by SetIdentifier. */
  readonly members: readonly M[];
}

export interface SimpleGroup extends GroupBase<Member> {
  readonly policy: 'simple';
}
export interface WeightedGroup extends GroupBase<WeightedMember> {
  readonly policy: 'weighted';
}
export interface LatencyGroup extends GroupBase<LatencyMember> {
  readonly policy: 'latency';
}
export interface FailoverGroup extends GroupBase<Member> {
  readonly policy: 'failover';
  readonly primary: Member | undefined;
  readonly secondary: Member | undefined;
}
export interface GeolocationGroup extends GroupBase<GeolocationMember> {
  readonly policy: 'geolocation';
}
export interface GeoproximityGroup extends GroupBase<GeoproximityMember> {
  readonly policy: 'geoproximity';
}
export interface MultivalueGroup extends GroupBase<Member> {
  readonly policy: 'multivalue';
}
export interface CidrGroup extends GroupBase<CidrMember> {
  readonly policy: 'cidr';
  /** The one CIDR collection every member's location belongs to. */
  readonly collectionId: string;
}

/** A routed record group: one variant per policy (`simple` for a lone alias record set). */
export type RoutedGroup =
  | SimpleGroup
  | WeightedGroup
  | LatencyGroup
  | FailoverGroup
  | GeolocationGroup
  | GeoproximityGroup
  | MultivalueGroup
  | CidrGroup;
