/**
 * Which checks each prober shard runs (docs/routing-semantics.md §5.2, §5.4). Pure: the definitions and
 * the default regions in, shard assignments out.
 *
 * A shard is one Durable Object (`<region>/<interval>/<n>`) that probes its checks from one checker
 * region at one interval, on its own alarm. Shards are small enough that one round fits both the
 * Workers limits and the interval: a Worker invocation opens at most 6 connections at once, so a
 * round of n probes that all hit their deadline (≤ 10 s) takes ⌈n / 6⌉ × 10 s; 6 checks fit a 10 s
 * interval and 18 a 30 s one, and a round makes at most 18 probe subrequests + 1 report (≤ 50).
 */
import type { HealthCheckConfig } from './check-config';
import type { ProbeSpec, StatusRange } from './probe-types';
import { type CheckerRegion, REGION_HINTS, regionsOf } from './vantages';

export type IntervalSeconds = 10 | 30;

/** Checks per shard, by interval (see above). */
export const SHARD_SIZE: Readonly<Record<IntervalSeconds, number>> = { 10: 6, 30: 18 };

export interface ProbeJob {
  readonly id: string;
  readonly spec: ProbeSpec;
  /** The check's MeasureLatency: its RTTs feed the latency table (latency/probe-feed.ts). */
  readonly measureLatency?: true;
}

export interface ShardAssignment {
  /** Durable Object name: `<region>/<interval>/<n>`. */
  readonly key: string;
  readonly region: CheckerRegion;
  readonly hint: DurableObjectLocationHint;
  readonly intervalSeconds: IntervalSeconds;
  readonly jobs: readonly ProbeJob[];
}

export interface DefinedCheck {
  readonly id: string;
  readonly config: HealthCheckConfig;
}

function statusRanges(codes: readonly string[] | undefined): StatusRange[] | undefined {
  return codes?.map((code) => {
    const [min, max] = code.split('-').map(Number) as [number, number | undefined];
    return { min, max: max ?? min };
  });
}

/** What a probe needs from a definition; null for checks that are never probed. */
export function probeSpecOf(config: HealthCheckConfig): ProbeSpec | null {
  if (config.Type === 'CALCULATED' || config.Disabled) return null;
  const headers =
    config.Headers === undefined
      ? undefined
      : Object.fromEntries(config.Headers.map((h) => [h.Name, h.Value]));
  const expectedStatus = statusRanges(config.ExpectedStatusCodes);
  return {
    type: config.Type,
    ...(config.IPAddress === undefined ? {} : { ipAddress: config.IPAddress }),
    ...(config.FullyQualifiedDomainName === undefined
      ? {}
      : { fullyQualifiedDomainName: config.FullyQualifiedDomainName }),
    ...(config.Port === undefined ? {} : { port: config.Port }),
    ...(config.ResourcePath === undefined ? {} : { resourcePath: config.ResourcePath }),
    ...(config.SearchString === undefined ? {} : { searchString: config.SearchString }),
    ...(headers === undefined ? {} : { headers }),
    ...(expectedStatus === undefined ? {} : { expectedStatus }),
  };
}

const intervalOf = (config: HealthCheckConfig): IntervalSeconds => (config.RequestInterval === 10 ? 10 : 30);

/**
 * Every shard the definitions need, in a stable order (region, interval, then check id), so the
 * same definitions always give the same assignments.
 */
export function planShards(
  checks: readonly DefinedCheck[],
  defaults: readonly CheckerRegion[],
): ShardAssignment[] {
  const groups = new Map<string, { region: CheckerRegion; interval: IntervalSeconds; jobs: ProbeJob[] }>();
  const sorted = [...checks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const { id, config } of sorted) {
    const spec = probeSpecOf(config);
    if (spec === null) continue;
    const interval = intervalOf(config);
    for (const region of regionsOf(config.Regions, defaults)) {
      const key = `${region}/${interval}`;
      let group = groups.get(key);
      if (group === undefined) {
        group = { region, interval, jobs: [] };
        groups.set(key, group);
      }
      group.jobs.push(config.MeasureLatency === true ? { id, spec, measureLatency: true } : { id, spec });
    }
  }
  const shards: ShardAssignment[] = [];
  for (const [prefix, { region, interval, jobs }] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const size = SHARD_SIZE[interval];
    for (let n = 0; n * size < jobs.length; n++) {
      shards.push({
        key: `${prefix}/${n}`,
        region,
        hint: REGION_HINTS[region],
        intervalSeconds: interval,
        jobs: jobs.slice(n * size, (n + 1) * size),
      });
    }
  }
  return shards;
}
