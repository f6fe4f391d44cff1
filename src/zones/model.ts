/**
 * The control plane's model of hosted data: zones made of record sets, the shape every importer
 * produces and every exporter reads. Names are canonical (dns/name.ts); values are RDATA in
 * canonical presentation form (dns/rdata), so two spellings of one record compare equal.
 */

export interface RecordSet {
  /** Canonical owner name, e.g. `www.example.com.`; `*.example.com.` for a wildcard. */
  readonly name: string;
  /** RR type number (dns/constants.ts RRTYPE). */
  readonly type: number;
  /** TTL in seconds, 0–2147483647 (RFC 2181 §8). */
  readonly ttl: number;
  /** RDATA values in canonical presentation form, no duplicates, in the order given; empty for an alias. */
  readonly values: readonly string[];
  /** Route 53 `SetIdentifier`: names one member of a non-simple record group (1–128 characters). */
  readonly setIdentifier?: string;
  /** The member's routing policy (docs/routing-semantics.md §4); absent for a simple record set. */
  readonly routing?: Routing;
  /** Route 53 `AliasTarget`: answer with the target group's records (docs/routing-semantics.md §4.9). */
  readonly alias?: AliasTarget;
  /**
   * Route 53 `HealthCheckId`: the member is skipped while this check is unhealthy. The control plane
   * stores a set only when it names a defined check (control/validation/validate-health-checks.ts).
   */
  readonly healthCheckId?: string;
  /**
   * edgesteer extension (`FailureMode` in Route 53-shaped JSON): what a group does when no candidate
   * is healthy. `open` (default, Route 53) answers as if all were healthy; `closed` answers NODATA.
   * Every member of a group carries the same value.
   */
  readonly failureMode?: FailureMode;
}

export type FailureMode = 'open' | 'closed';

/** Route 53's routing policies, one per record group (docs/routing-semantics.md §4). */
export type Routing =
  | { readonly kind: 'weighted'; readonly weight: number }
  | { readonly kind: 'latency'; readonly region: string }
  | { readonly kind: 'failover'; readonly role: 'PRIMARY' | 'SECONDARY' }
  | {
      readonly kind: 'geolocation';
      /** AF, AN, AS, EU, NA, OC, SA; exclusive with country. */
      readonly continent?: string;
      /** ISO 3166-1 alpha-2, or `*` for the default. */
      readonly country?: string;
      /** ISO 3166-2 subdivision without the country prefix (`CA` for US-CA); needs country. */
      readonly subdivision?: string;
    }
  | {
      readonly kind: 'geoproximity';
      /** Exactly one of region, localZoneGroup, coordinates. */
      readonly region?: string;
      readonly localZoneGroup?: string;
      readonly coordinates?: { readonly latitude: number; readonly longitude: number };
      /** −99 … 99. */
      readonly bias: number;
    }
  | { readonly kind: 'multivalue' }
  | { readonly kind: 'cidr'; readonly collectionId: string; readonly locationName: string };

export type RoutingKind = Routing['kind'];

export interface AliasTarget {
  /** As given (Route 53 zone id, or the target zone's name); the target zone is found from dnsName. */
  readonly hostedZoneId: string;
  /** Canonical target name; must be a record group in a hosted zone. */
  readonly dnsName: string;
  readonly evaluateTargetHealth: boolean;
}

export interface Zone {
  /** Canonical apex name, e.g. `example.com.`. */
  readonly name: string;
  readonly recordSets: readonly RecordSet[];
}

/** Identity of a record set inside a zone (Route 53: Name + Type + SetIdentifier). */
export function recordSetKey(rs: Pick<RecordSet, 'name' | 'type' | 'setIdentifier'>): string {
  return rs.setIdentifier === undefined
    ? `${rs.name}/${rs.type}`
    : `${rs.name}/${rs.type}/${rs.setIdentifier}`;
}

/** Identity of the record group a set belongs to (Name + Type). */
export function recordGroupKey(rs: Pick<RecordSet, 'name' | 'type'>): string {
  return `${rs.name}/${rs.type}`;
}
