/**
 * Where a query's client is, resolved once per query with the signal that produced it
 * (docs/DESIGN.md "Client location"; docs/routing-semantics.md §3).
 */

/** Which signal located the client: a public ECS prefix, `request.cf`, the connecting IP, explicit test input. */
export type LocationSource = 'ecs' | 'cf' | 'ip' | 'explicit' | 'none';

export interface ClientLocation {
  readonly source: LocationSource;
  /**
   * The client's network for IP-based routing: the ECS prefix when it located the client, else the
   * connecting address as /32 or /128. Address bytes are full length (4 or 16), bits past `length` zero.
   */
  readonly network?: { readonly family: 4 | 6; readonly address: Uint8Array; readonly length: number };
  /** ISO 3166-1 alpha-2, uppercase; absent when unknown (Tor's `T1` counts as unknown). */
  readonly country?: string;
  /** AF, AN, AS, EU, NA, OC, SA. */
  readonly continent?: string;
  /** ISO 3166-2 subdivision code without the country (`CA` for US-CA). */
  readonly subdivision?: string;
  readonly latitude?: number;
  readonly longitude?: number;
  /** Where the coordinates came from. */
  readonly coordinatesFrom?: 'cf' | 'colo' | 'country' | 'explicit';
  /** Edge colo (IATA code) that received the query; absent when ECS located the client. */
  readonly colo?: string;
  readonly asn?: number;
  /**
   * When ECS located the client: the shortest prefix length L (≤ SOURCE) such that every address
   * in the client's /L resolves to the same country in the geolocation table (used for ECS SCOPE).
   */
  readonly geoScope?: number;
  /** Why a signal was passed over (e.g. "ECS 10.1.2.0/24 is private"), for explanations. */
  readonly notes?: readonly string[];
}
