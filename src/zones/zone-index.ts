/**
 * The in-memory form of a config snapshot: what the query path reads. Built once per snapshot
 * version; every lookup afterwards is a few Map probes.
 */
import { RRTYPE } from '../dns/constants';
import type { ResourceRecord } from '../dns/message';
import { parentName, parentStart } from '../dns/name';
import { decodeBase64 } from '../encoding/base64';
import { type Beacon, beaconsOf, linkedChecksOf } from '../latency/beacons';
import { buildCidrIndex, type CidrIndex } from '../policy/cidr-index';
import type { FailureMode, RRset } from '../policy/group';
import { compileGroup, type MemberSource } from './routed-group';
import type { ConfigSnapshot, SnapshotOrigin, SnapshotRRset } from './snapshot';

export type { AliasLink, Member, RoutedGroup, RRset } from '../policy/group';

/**
 * A name in a zone: its RRsets, or none for an empty non-terminal (RFC 8020). A short array, not a
 * Map: a name holds a handful of types, and one scan over one array is fewer dependent memory loads
 * than a Map probe when the index no longer fits in cache.
 */
export interface ZoneNode {
  readonly rrsets: readonly RRset[];
}

/** The node's RRset of `type`, if any. */
export function rrsetOf(node: ZoneNode, type: number): RRset | undefined {
  const list = node.rrsets;
  for (let i = 0; i < list.length; i++) if (list[i]!.type === type) return list[i];
  return undefined;
}

export interface ZoneData {
  readonly name: string;
  readonly nodes: ReadonlyMap<string, ZoneNode>;
  /** Owners of NS RRsets below the apex (zone cuts), or null when there are none. */
  readonly cuts: ReadonlySet<string> | null;
  /** The apex SOA as written in negative answers: TTL = min(SOA TTL, MINIMUM) (RFC 2308 §3). */
  readonly negativeSoa: ResourceRecord;
}

export interface ZoneIndex {
  readonly version: number;
  readonly zones: ReadonlyMap<string, ZoneData>;
  /** The lengths of the apexes in `zones`: findZone looks up only ancestors of those lengths. */
  readonly apexLengths: ReadonlySet<number>;
  readonly recordCount: number;
  /** IP-based routing collections. */
  readonly cidr: CidrIndex;
  /** Operator-defined regions (id → point), beside the built-in ones. */
  readonly regions: ReadonlyMap<
    string,
    { readonly id: string; readonly latitude: number; readonly longitude: number }
  >;
  /** Proxied hostnames (origin steering), by host. */
  readonly origins: ReadonlyMap<string, SnapshotOrigin>;
  /** Where edge isolates sample their latency to each region (latency/beacons.ts), by region. */
  readonly beacons: ReadonlyMap<string, Beacon>;
  /** Health checks linked to each region, whose probe RTTs the latency model may use (latency/beacons.ts). */
  readonly regionChecks: ReadonlyMap<string, readonly string[]>;
  /**
   * Hosted apexes whose data this isolate could not load yet (config/current names them, no blob
   * was readable): names at or below them are SERVFAIL rather than forwarded. Absent normally.
   */
  readonly unloaded?: ReadonlySet<string>;
}

export const EMPTY_INDEX: ZoneIndex = {
  version: 0,
  zones: new Map(),
  apexLengths: new Set(),
  recordCount: 0,
  cidr: new Map(),
  regions: new Map(),
  origins: new Map(),
  beacons: new Map(),
  regionChecks: new Map(),
};

/** An index with no zone data that knows which apexes are hosted (version 0: any blob is newer). */
export function unloadedIndex(apexes: readonly string[]): ZoneIndex {
  return { ...EMPTY_INDEX, unloaded: new Set(apexes) };
}

const EMPTY_RRSETS: readonly RRset[] = [];

/** The control plane wrote this RDATA, so text that does not decode is a bug, not input to refuse. */
function rdataOf(b64: string): Uint8Array {
  const bytes = decodeBase64(b64);
  if (!bytes.ok) throw new Error(`snapshot RDATA ${JSON.stringify(b64)}: ${bytes.error}`);
  return bytes.value;
}

function soaMinimum(rdata: Uint8Array): number {
  const at = rdata.length - 4;
  return ((rdata[at]! << 24) | (rdata[at + 1]! << 16) | (rdata[at + 2]! << 8) | rdata[at + 3]!) >>> 0;
}

function memberOf(rs: SnapshotRRset, rdata: Uint8Array[]): MemberSource {
  return {
    setId: rs.setId ?? '',
    ttl: rs.ttl,
    rdata,
    routing: rs.routing ?? null,
    alias: rs.alias
      ? { name: rs.alias.name, evaluateTargetHealth: rs.alias.evaluateTargetHealth, target: null }
      : null,
    healthCheckId: rs.healthCheckId ?? null,
  };
}

/** A routed group's members as read, compiled once the whole zone is (zones/routed-group.ts). */
interface PendingGroup {
  readonly rrsets: RRset[];
  readonly at: number;
  ttl: number;
  failureMode: FailureMode;
  readonly members: MemberSource[];
}

/** Adds a routed member (or a simple alias) to its group at this name, creating the group. */
function addMember(
  pending: Map<RRset[], Map<number, PendingGroup>>,
  rrsets: RRset[],
  rs: SnapshotRRset,
  rdata: Uint8Array[],
): void {
  let byType = pending.get(rrsets);
  if (byType === undefined) {
    byType = new Map();
    pending.set(rrsets, byType);
  }
  let group = byType.get(rs.type);
  if (group === undefined) {
    group = { rrsets, at: rrsets.length, ttl: rs.ttl, failureMode: 'open', members: [] };
    byType.set(rs.type, group);
    rrsets.push({ type: rs.type, ttl: rs.ttl, rdata: [], routed: null }); // replaced once compiled
  }
  group.members.push(memberOf(rs, rdata));
  group.ttl = rs.ttl;
  if (rs.failureMode !== undefined) group.failureMode = rs.failureMode;
}

function compilePending(pending: Map<RRset[], Map<number, PendingGroup>>): void {
  for (const byType of pending.values()) {
    for (const [type, g] of byType) {
      g.rrsets[g.at] = { type, ttl: g.ttl, rdata: [], routed: compileGroup(g.members, g.failureMode) };
    }
  }
}

/** Builds the index. Assumes a snapshot the control plane validated (SOA at each apex). */
export function buildZoneIndex(snapshot: ConfigSnapshot): ZoneIndex {
  const zones = new Map<string, ZoneData>();
  let recordCount = 0;
  for (const zone of snapshot.zones) {
    const nodes = new Map<string, { rrsets: RRset[] }>();
    let cuts: Set<string> | null = null;
    let soa: ResourceRecord | null = null;
    const pending = new Map<RRset[], Map<number, PendingGroup>>();
    for (const rs of zone.rrsets) {
      let node = nodes.get(rs.name);
      if (node === undefined || node.rrsets === EMPTY_RRSETS) {
        node = { rrsets: [] };
        nodes.set(rs.name, node);
        // Every ancestor up to the apex exists, as an empty non-terminal if nothing else.
        for (
          let up = parentName(rs.name);
          up !== null && up.length >= zone.name.length;
          up = parentName(up)
        ) {
          if (nodes.has(up)) break;
          nodes.set(up, { rrsets: EMPTY_RRSETS as RRset[] });
          if (up === zone.name) break;
        }
      }
      const rdata = rs.rdata.map(rdataOf);
      recordCount += rdata.length;
      if (rs.setId !== undefined || rs.alias !== undefined) {
        addMember(pending, node.rrsets, rs, rdata);
        continue;
      }
      node.rrsets.push({ type: rs.type, ttl: rs.ttl, rdata, routed: null });
      if (rs.type === RRTYPE.NS && rs.name !== zone.name) {
        cuts ??= new Set();
        cuts.add(rs.name);
      }
      if (rs.type === RRTYPE.SOA && rs.name === zone.name && rdata[0] !== undefined) {
        soa = {
          name: zone.name,
          type: RRTYPE.SOA,
          ttl: Math.min(rs.ttl, soaMinimum(rdata[0])),
          rdata: rdata[0],
        };
      }
    }
    compilePending(pending);
    if (soa === null) throw new Error(`snapshot zone ${zone.name} has no apex SOA`);
    zones.set(zone.name, { name: zone.name, nodes, cuts, negativeSoa: soa });
  }
  const apexLengths = new Set([...zones.keys()].map((apex) => apex.length));
  linkAliases(zones, apexLengths);
  const regions = new Map(
    (snapshot.regions ?? []).map((r) => [r.id, { id: r.id, latitude: r.latitude, longitude: r.longitude }]),
  );
  return {
    version: snapshot.version,
    zones,
    apexLengths,
    recordCount,
    cidr: buildCidrIndex(snapshot.cidrCollections),
    regions,
    origins: new Map((snapshot.origins ?? []).map((o) => [o.host, o])),
    beacons: beaconsOf(snapshot),
    regionChecks: linkedChecksOf(snapshot),
  };
}

/** Points every alias member at its target group: the exact name, the alias's own type. */
function linkAliases(zones: ReadonlyMap<string, ZoneData>, apexLengths: ReadonlySet<number>): void {
  const index = { zones, apexLengths } as Pick<ZoneIndex, 'zones' | 'apexLengths'> as ZoneIndex;
  for (const zone of zones.values()) {
    for (const node of zone.nodes.values()) {
      for (const rrset of node.rrsets) {
        for (const m of rrset.routed?.members ?? []) {
          if (m.alias === null) continue;
          const target = findZone(index, m.alias.name)?.nodes.get(m.alias.name);
          m.alias.target = target ? (rrsetOf(target, rrset.type) ?? null) : null;
        }
      }
    }
  }
}

/** Whether `name` is at or below an apex listed as hosted but not loaded. */
export function inUnloadedZone(index: ZoneIndex, name: string): boolean {
  const unloaded = index.unloaded;
  if (unloaded === undefined) return false;
  for (let at: string | null = name; at !== null; at = parentName(at)) if (unloaded.has(at)) return true;
  return false;
}

/**
 * The deepest hosted zone that is `name` or an ancestor of it (RFC 1034 §4.3.2 step 2). Ancestors
 * are walked by offset; only those as long as some apex are cut out and looked up.
 */
export function findZone(index: ZoneIndex, name: string): ZoneData | null {
  const { zones, apexLengths } = index;
  if (zones.size === 0) return null;
  for (let at = 0; at >= 0; at = parentStart(name, at)) {
    if (!apexLengths.has(name.length - at)) continue;
    const zone = zones.get(at === 0 ? name : name.slice(at));
    if (zone !== undefined) return zone;
  }
  return null;
}
