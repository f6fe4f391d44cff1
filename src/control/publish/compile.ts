/**
 * Compiling hosted data for the query path: presentation values → wire RDATA (base64), record sets
 * → the ConfigSnapshot JSON (zones/snapshot.ts). A record set is compiled once, when it is written;
 * its wire form is stored beside it, so publishing never parses presentation text again.
 */
import { RRTYPE, typeToString } from '../../dns/constants';
import { parseRdata, tokensOf } from '../../dns/rdata';
import { encodeBase64 } from '../../encoding/base64';
import { err, ok, type Result } from '../../result';
import type { RecordSet } from '../../zones/model';
import {
  type ConfigSnapshot,
  SNAPSHOT_FORMAT,
  type SnapshotCidrCollection,
  type SnapshotOrigin,
  type SnapshotRegion,
} from '../../zones/snapshot';
import { policyJson, snapshotExtra } from './policy-json';

/** A record set with the wire form of each value, as stored and published. */
export interface CompiledSet {
  readonly set: RecordSet;
  /** Base64 wire RDATA, one per value, in the same order. */
  readonly rdata: readonly string[];
  /** The `policy_json` column (policy-json.ts); null for a plain set. */
  readonly policy: string | null;
  /** The set's extra snapshot fields (snapshotExtra), `''` for a plain set. */
  readonly extra: string;
  /** Length of the set's entry in the snapshot JSON (rrsetBytes plus extra). */
  readonly bytes: number;
}

/** Length of a set's entry in the snapshot JSON, given the length of its rdata JSON array. */
export function rrsetBytes(set: Pick<RecordSet, 'name' | 'type' | 'ttl'>, rdataJsonLength: number): number {
  // {"name":…,"type":…,"ttl":…,"rdata":…} and the comma that separates entries.
  return (
    34 + JSON.stringify(set.name).length + String(set.type).length + String(set.ttl).length + rdataJsonLength
  );
}

/** Wire RDATA of every value, or one message per value that does not parse. */
export function compileRecordSet(set: RecordSet): Result<CompiledSet, string[]> {
  const rdata: string[] = [];
  const problems: string[] = [];
  set.values.forEach((value, i) => {
    const tokens = tokensOf(value);
    const wire = tokens.ok ? parseRdata(set.type, tokens.value, '.') : tokens;
    if (wire.ok) rdata.push(encodeBase64(wire.value));
    else
      problems.push(
        `value ${i + 1} (${JSON.stringify(value)}) is not valid ${typeToString(set.type)} data: ${wire.error}`,
      );
  });
  if (problems.length > 0) return err(problems);
  const extra = snapshotExtra(set);
  const bytes = rrsetBytes(set, JSON.stringify(rdata).length) + extra.length;
  return ok({ set, rdata, policy: policyJson(set), extra, bytes });
}

/** By name, then type, then SetIdentifier (a simple set first): the members of a group adjacent. */
function compareSets(a: RecordSet, b: RecordSet): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.type !== b.type) return a.type - b.type;
  const x = a.setIdentifier ?? '';
  const y = b.setIdentifier ?? '';
  return x === y ? 0 : x < y ? -1 : 1;
}

/** A stable, cheap order for reading back: the apex SOA and NS, then by name, type and SetIdentifier. */
export function sortRecordSets(apex: string, sets: RecordSet[]): RecordSet[] {
  const rank = (rs: RecordSet) =>
    rs.name !== apex ? 2 : rs.type === RRTYPE.SOA ? 0 : rs.type === RRTYPE.NS ? 1 : 2;
  return sets.sort((a, b) => rank(a) - rank(b) || compareSets(a, b));
}

/** A stored record set as the snapshot needs it: its wire RDATA already as JSON text. */
export interface StoredRRset {
  readonly name: string;
  readonly type: number;
  readonly ttl: number;
  /** JSON array of base64 strings, e.g. `["wAACAQ=="]`. */
  readonly rdataJson: string;
  /** The extra snapshot fields (snapshotExtra), `''` for a plain set. */
  readonly extraJson: string;
}

/**
 * The JSON text of one SnapshotZone from stored rows already sorted by name, type and
 * SetIdentifier: string concatenation, no parsing, the same bytes as zoneFragment.
 */
export function zoneFragmentFromRows(name: string, rows: Iterable<StoredRRset>): string {
  const parts: string[] = [];
  for (const row of rows) {
    parts.push(
      `{"name":${JSON.stringify(row.name)},"type":${row.type},"ttl":${row.ttl},"rdata":${row.rdataJson}${row.extraJson}}`,
    );
  }
  return `{"name":${JSON.stringify(name)},"rrsets":[${parts.join(',')}]}`;
}

/** The JSON text of one SnapshotZone; record sets sorted by name, type and SetIdentifier. */
export function zoneFragment(name: string, sets: Iterable<CompiledSet>): string {
  const rows = [...sets]
    .sort((a, b) => compareSets(a.set, b.set))
    .map((c) => ({
      name: c.set.name,
      type: c.set.type,
      ttl: c.set.ttl,
      rdataJson: JSON.stringify(c.rdata),
      extraJson: c.extra,
    }));
  return zoneFragmentFromRows(name, rows);
}

/** Config published beside the zones (docs/routing-semantics.md §4.3, §4.8); each list sorted by id (origins by host). */
export interface SnapshotResources {
  readonly cidrCollections: readonly SnapshotCidrCollection[];
  readonly regions: readonly SnapshotRegion[];
  readonly healthChecks?: ConfigSnapshot['healthChecks'];
  readonly origins?: readonly SnapshotOrigin[];
}

/**
 * The ConfigSnapshot JSON, assembled from per-zone fragments (already sorted by zone name) so an
 * unchanged zone is never serialised twice. CIDR collections, regions, health checks and origins
 * appear only when there are some.
 */
export function snapshotText(
  version: number,
  committedAt: string,
  fragments: readonly string[],
  resources: SnapshotResources = { cidrCollections: [], regions: [] },
): string {
  const { cidrCollections, regions, healthChecks = [], origins = [] } = resources;
  const head: Omit<ConfigSnapshot, 'zones'> = {
    format: SNAPSHOT_FORMAT,
    version,
    committedAt,
    ...(cidrCollections.length === 0 ? {} : { cidrCollections }),
    ...(regions.length === 0 ? {} : { regions }),
    ...(healthChecks.length === 0 ? {} : { healthChecks }),
    ...(origins.length === 0 ? {} : { origins }),
  };
  const headText = JSON.stringify(head);
  return `${headText.slice(0, -1)},"zones":[${fragments.join(',')}]}`;
}
