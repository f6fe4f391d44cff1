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
  /** RDATA values in canonical presentation form, no duplicates, in the order given. */
  readonly values: readonly string[];
}

export interface Zone {
  /** Canonical apex name, e.g. `example.com.`. */
  readonly name: string;
  readonly recordSets: readonly RecordSet[];
}

/** A problem found in input, with a JSON-pointer-like path to the offending field or line. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** Identity of a record set inside a zone (Route 53: Name + Type + SetIdentifier). */
export function recordSetKey(rs: Pick<RecordSet, 'name' | 'type'>): string {
  return `${rs.name}/${rs.type}`;
}
