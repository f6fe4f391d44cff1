/**
 * Snapshots with routed record groups, built directly in the published format (the control plane's
 * importer for routing fields is tested on its own).
 */
import { RRTYPE, typeFromString } from '../../src/dns/constants';
import { parseRdata, tokensOf } from '../../src/dns/rdata';
import { encodeBase64 } from '../../src/encoding/base64';
import type { FailureMode, Routing } from '../../src/zones/model';
import type { ConfigSnapshot, SnapshotCidrCollection, SnapshotRRset } from '../../src/zones/snapshot';
import { buildZoneIndex, type ZoneIndex } from '../../src/zones/zone-index';
import { snapshotOf } from './zones';

export interface RoutedSet {
  readonly name: string;
  readonly type: string;
  readonly ttl?: number;
  readonly values?: readonly string[];
  readonly setId?: string;
  readonly routing?: Routing;
  readonly alias?: { readonly name: string; readonly evaluateTargetHealth: boolean };
  readonly healthCheckId?: string;
  readonly failureMode?: FailureMode;
}

function compile(set: RoutedSet): SnapshotRRset {
  const type = typeFromString(set.type)!;
  const rdata = (set.values ?? []).map((v) => {
    const tokens = tokensOf(v);
    if (!tokens.ok) throw new Error(tokens.error);
    const wire = parseRdata(type, tokens.value, '.');
    if (!wire.ok) throw new Error(wire.error);
    return encodeBase64(wire.value);
  });
  return {
    name: set.name,
    type,
    ttl: set.ttl ?? 60,
    rdata,
    ...(set.setId !== undefined ? { setId: set.setId } : {}),
    ...(set.routing ? { routing: set.routing } : {}),
    ...(set.alias ? { alias: set.alias } : {}),
    ...(set.healthCheckId ? { healthCheckId: set.healthCheckId } : {}),
    ...(set.failureMode === 'closed' ? { failureMode: 'closed' as const } : {}),
  };
}

/** Plain zones from zone-file text, plus routed sets added to the zone that contains them. */
export function routedSnapshot(
  zones: Record<string, string>,
  routed: readonly RoutedSet[],
  cidrCollections: readonly SnapshotCidrCollection[] = [],
  version = 1,
): ConfigSnapshot {
  const base = snapshotOf(zones, version);
  const out = base.zones.map((z) => ({
    name: z.name,
    rrsets: [...z.rrsets, ...routed.filter((r) => r.name.endsWith(z.name)).map(compile)],
  }));
  return { ...base, zones: out, cidrCollections };
}

export function routedIndex(
  zones: Record<string, string>,
  routed: readonly RoutedSet[],
  cidr: readonly SnapshotCidrCollection[] = [],
): ZoneIndex {
  return buildZoneIndex(routedSnapshot(zones, routed, cidr));
}

export const SOA_ZONE = (apex: string) =>
  `$ORIGIN ${apex}\n$TTL 300\n@ SOA ns1 hostmaster 1 7200 3600 1209600 60\n@ NS ns1\nns1 A 192.0.2.53\n`;

export const A = RRTYPE.A;
