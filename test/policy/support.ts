/** Record groups and a policy context with injected location, health, latency and randomness. */
import type { ClientLocation } from '../../src/location/types';
import { buildCidrIndex, matchCidr } from '../../src/policy/cidr-index';
import type { LatencyFigure, PolicyContext } from '../../src/policy/types';
import type { FailureMode, Routing } from '../../src/zones/model';
import type { SnapshotCidrCollection } from '../../src/zones/snapshot';
import type { Member, RoutedGroup } from '../../src/zones/zone-index';
import { seeded } from '../support/random';

export function member(setId: string, routing: Routing, extra: Partial<Member> = {}): Member {
  return {
    setId,
    ttl: 60,
    rdata: [Uint8Array.of(192, 0, 2, setId.length)],
    routing,
    alias: null,
    healthCheckId: `hc-${setId}`,
    ...extra,
  };
}

export function group(members: Member[], failureMode: FailureMode = 'open'): RoutedGroup {
  const policy = members[0]?.routing?.kind ?? 'simple';
  return { policy, failureMode, members: [...members].sort((a, b) => (a.setId < b.setId ? -1 : 1)) };
}

export interface ContextOptions {
  location?: ClientLocation;
  /** Set ids whose health check is failing. */
  unhealthy?: readonly string[];
  latencyMs?: Readonly<Record<string, number>>;
  regions?: Readonly<Record<string, { latitude: number; longitude: number }>>;
  collections?: readonly SnapshotCidrCollection[];
  seed?: number;
  /** Explain (build words and candidate views) or take the hot path; default true. */
  explain?: boolean;
}

export function context(o: ContextOptions = {}): PolicyContext {
  const location: ClientLocation = o.location ?? { source: 'none' };
  const down = new Set(o.unhealthy ?? []);
  const cidr = buildCidrIndex(o.collections);
  const random = seeded(o.seed ?? 1);
  return {
    location: () => location,
    isHealthy: (m) => m.healthCheckId === null || !down.has(m.setId),
    latency: (id): LatencyFigure => {
      const ms = o.latencyMs?.[id];
      return ms === undefined
        ? { ms: Number.POSITIVE_INFINITY, source: 'unknown', detail: 'none' }
        : { ms, source: 'estimated', detail: 'test' };
    },
    regionCoordinates: (id) => o.regions?.[id],
    latencyCacheKey: () => undefined,
    matchCidr: (id) => matchCidr(cidr, id, location.network),
    random,
    explain: o.explain ?? true,
  };
}
