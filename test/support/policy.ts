/**
 * Record groups, compiled by the real snapshot-load compiler, and a policy context with injected
 * location, latency and randomness; health goes through the real health view (policy/health.ts),
 * with each member's check `hc-<setId>` reported unhealthy when its set id is listed.
 */
import type { ClientLocation } from '../../src/location/types';
import { buildCidrIndex, matchCidr } from '../../src/policy/cidr-index';
import type { FailureMode, RoutedGroup } from '../../src/policy/group';
import { healthViewOf, MemberHealth } from '../../src/policy/health';
import type { LatencyFigure, PolicyContext } from '../../src/policy/types';
import type { Routing } from '../../src/zones/model';
import { compileGroup, type MemberSource } from '../../src/zones/routed-group';
import type { SnapshotCidrCollection } from '../../src/zones/snapshot';
import { seeded } from './random';

export function member(setId: string, routing: Routing, extra: Partial<MemberSource> = {}): MemberSource {
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

export function group(members: readonly MemberSource[], failureMode: FailureMode = 'open'): RoutedGroup {
  return compileGroup(members, failureMode);
}

/** A group of `policy` with no members (compiled groups always have one). */
export function emptyGroup(policy: Routing['kind']): RoutedGroup {
  const g = compileGroup([member('x', { kind: policy } as Routing)], 'open');
  return { ...g, members: [] } as RoutedGroup;
}

/** A health snapshot in which the checks of `unhealthy` set ids fail. */
function healthOf(unhealthy: readonly string[]): MemberHealth {
  const since = '2026-01-01T00:00:00Z';
  const checks = Object.fromEntries(
    unhealthy.map((id) => [`hc-${id}`, { healthy: false, since, source: 'manual' as const }]),
  );
  return new MemberHealth(healthViewOf({ format: 1, version: 1, updatedAt: since, checks }));
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
  const health = healthOf(o.unhealthy ?? []);
  const cidr = buildCidrIndex(o.collections);
  const random = seeded(o.seed ?? 1);
  return {
    location: () => location,
    isHealthy: (m) => health.isHealthy(m),
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
