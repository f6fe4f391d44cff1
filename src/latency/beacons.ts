/**
 * Beacons (issue 11): where an edge isolate measures its latency to each region. A region's own
 * `BeaconUrl` (PUT /api/v1/regions/{id}) comes first; any region without one, built-in regions
 * included, uses the endpoint of a health check linked to it: the first latency record set (in
 * snapshot order) routed to that region that carries an HTTP, HTTPS or TCP health check.
 *
 * A beacon is a health-probe spec, so the sampler measures exactly as the health probes do
 * (health/probe.ts: time to response headers, or to socket open for TCP) and obeys the same
 * outbound rules. String-match checks are measured as plain HTTP(S): a beacon never reads a body.
 */

import type { HealthCheckConfig } from '../health/check-config';
import { probeSpecOf } from '../health/probe-jobs';
import type { ProbeSpec, ProbeType } from '../health/probe-types';

/** What beacons are found in: the config snapshot's regions, health checks and record sets. */
export interface BeaconSource {
  readonly regions?: readonly { readonly id: string; readonly beaconUrl?: string }[];
  readonly healthChecks?: readonly { readonly id: string; readonly config: HealthCheckConfig }[];
  readonly zones: readonly {
    readonly rrsets: readonly {
      readonly routing?: { readonly kind: string; readonly region?: string };
      readonly healthCheckId?: string;
    }[];
  }[];
}

/** Regions one isolate samples at most (sorted by id): bounds the work one request can start. */
export const MAX_BEACONS = 64;

export interface Beacon {
  readonly region: string;
  readonly spec: ProbeSpec;
  /** Where the endpoint came from: the region's BeaconUrl, or this health check. */
  readonly from:
    | { readonly kind: 'beacon-url'; readonly url: string }
    | { readonly kind: 'health-check'; readonly id: string };
}

const PLAIN: Readonly<Record<ProbeType, ProbeType>> = {
  HTTP: 'HTTP',
  HTTPS: 'HTTPS',
  HTTP_STR_MATCH: 'HTTP',
  HTTPS_STR_MATCH: 'HTTPS',
  TCP: 'TCP',
};

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** A BeaconUrl (validated at write time) as a probe spec; null if it no longer parses. */
export function beaconUrlSpec(text: string): ProbeSpec | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const tls = url.protocol === 'https:';
  if (!tls && url.protocol !== 'http:') return null;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const literal = IPV4.test(host) || host.includes(':');
  return {
    type: tls ? 'HTTPS' : 'HTTP',
    ...(literal ? { ipAddress: host } : { fullyQualifiedDomainName: host }),
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    resourcePath: `${url.pathname}${url.search}`,
  };
}

/** The beacon of every region that has one, by region id (at most MAX_BEACONS, lowest ids first). */
export function beaconsOf(snapshot: BeaconSource): ReadonlyMap<string, Beacon> {
  const found = new Map<string, Beacon>();
  for (const region of snapshot.regions ?? []) {
    const spec = region.beaconUrl === undefined ? null : beaconUrlSpec(region.beaconUrl);
    if (spec !== null && region.beaconUrl !== undefined) {
      found.set(region.id, { region: region.id, spec, from: { kind: 'beacon-url', url: region.beaconUrl } });
    }
  }
  const checks = new Map((snapshot.healthChecks ?? []).map((c) => [c.id, c.config]));
  if (checks.size > 0) {
    for (const zone of snapshot.zones) {
      for (const rs of zone.rrsets) {
        const region = rs.routing?.kind === 'latency' ? rs.routing.region : undefined;
        if (region === undefined || rs.healthCheckId === undefined || found.has(region)) continue;
        const config = checks.get(rs.healthCheckId);
        const spec = config === undefined ? null : probeSpecOf(config);
        if (spec === null) continue;
        const { searchString: _search, expectedStatus: _status, ...rest } = spec;
        found.set(region, {
          region,
          spec: { ...rest, type: PLAIN[spec.type] },
          from: { kind: 'health-check', id: rs.healthCheckId },
        });
      }
    }
  }
  const ids = [...found.keys()].sort().slice(0, MAX_BEACONS);
  return new Map(ids.map((id) => [id, found.get(id) as Beacon]));
}

/** Health checks linked to one region that the latency model looks up probe figures for. */
export const MAX_LINKED_CHECKS = 8;

/**
 * The health checks linked to each region (spec §5.5): those of the latency record sets routed to
 * it, in snapshot order, at most MAX_LINKED_CHECKS per region. Their probe RTTs (cell-kinds.ts)
 * stand for the region's latency from near their checker regions (model.ts).
 */
export function linkedChecksOf(snapshot: BeaconSource): ReadonlyMap<string, readonly string[]> {
  const linked = new Map<string, string[]>();
  for (const zone of snapshot.zones) {
    for (const rs of zone.rrsets) {
      const region = rs.routing?.kind === 'latency' ? rs.routing.region : undefined;
      if (region === undefined || rs.healthCheckId === undefined) continue;
      const list = linked.get(region) ?? [];
      linked.set(region, list);
      if (list.length < MAX_LINKED_CHECKS && !list.includes(rs.healthCheckId)) list.push(rs.healthCheckId);
    }
  }
  return linked;
}
