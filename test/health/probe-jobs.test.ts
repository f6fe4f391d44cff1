/** Shard planning (probe-jobs.ts) and checker regions (vantages.ts): pure. */
import { describe, expect, it } from 'vitest';
import { CHECKER_REGIONS, type HealthCheckConfig } from '../../src/health/check-config';
import { type DefinedCheck, planShards, probeSpecOf, SHARD_SIZE } from '../../src/health/probe-jobs';
import { PROBE_DEADLINE_MS } from '../../src/health/probe-types';
import { PROBE_CONCURRENCY } from '../../src/health/prober';
import { defaultRegions, REGION_HINTS, regionsOf } from '../../src/health/vantages';
import { FREE_SUBREQUESTS } from '../../src/platform-limits';

const base: HealthCheckConfig = {
  Type: 'HTTP',
  FullyQualifiedDomainName: 'app.example',
  Port: 80,
  ResourcePath: '/',
  RequestInterval: 30,
  FailureThreshold: 3,
  MeasureLatency: false,
  Inverted: false,
  Disabled: false,
};

const checks = (n: number, extra: Partial<HealthCheckConfig> = {}, prefix = 'c'): DefinedCheck[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${String(i).padStart(4, '0')}`,
    config: { ...base, ...extra },
  }));

describe('planShards', () => {
  it('one shard per region and interval while the checks fit; Regions override the defaults', () => {
    const plan = planShards(
      [
        ...checks(2),
        {
          id: 'fast',
          config: { ...base, RequestInterval: 10, Regions: ['eu-west-1', 'us-east-1', 'sa-east-1'] },
        },
      ],
      ['us-east-1', 'eu-west-1'],
    );
    expect(plan.map((s) => [s.key, s.hint, s.jobs.map((j) => j.id)])).toEqual([
      ['eu-west-1/10/0', 'weur', ['fast']],
      ['eu-west-1/30/0', 'weur', ['c0000', 'c0001']],
      ['sa-east-1/10/0', 'sam', ['fast']],
      ['us-east-1/10/0', 'enam', ['fast']],
      ['us-east-1/30/0', 'enam', ['c0000', 'c0001']],
    ]);
  });

  it('splits into shards of SHARD_SIZE, in id order, whatever order the checks come in', () => {
    const plan = planShards(checks(40).reverse(), ['us-east-1']);
    expect(plan.map((s) => s.jobs.length)).toEqual([18, 18, 4]);
    expect(plan[0]?.jobs[0]?.id).toBe('c0000');
    expect(plan.map((s) => s.key)).toEqual(['us-east-1/30/0', 'us-east-1/30/1', 'us-east-1/30/2']);
  });

  it('never probes CALCULATED or disabled checks', () => {
    const calculated: DefinedCheck = {
      id: 'calc',
      config: {
        Type: 'CALCULATED',
        HealthThreshold: 1,
        ChildHealthChecks: ['c0000'],
        Inverted: false,
        Disabled: false,
      },
    };
    const plan = planShards(
      [...checks(1), ...checks(1, { Disabled: true }, 'off'), calculated],
      ['us-east-1'],
    );
    expect(plan.flatMap((s) => s.jobs.map((j) => j.id))).toEqual(['c0000']);
  });

  it('a round of a full shard fits its interval even if every probe times out', () => {
    for (const interval of [10, 30] as const) {
      const rounds = Math.ceil(SHARD_SIZE[interval] / PROBE_CONCURRENCY);
      expect(rounds * PROBE_DEADLINE_MS.tcp).toBeLessThanOrEqual(interval * 1000);
      expect(SHARD_SIZE[interval] + 1).toBeLessThanOrEqual(FREE_SUBREQUESTS); // probes + the report
    }
  });

  it('1,000 checks × 8 regions: 448 shards, none over its size', () => {
    const plan = planShards(checks(1000), [...CHECKER_REGIONS]);
    expect(plan).toHaveLength(8 * Math.ceil(1000 / 18));
    expect(Math.max(...plan.map((s) => s.jobs.length))).toBe(18);
    expect(plan.reduce((n, s) => n + s.jobs.length, 0)).toBe(8000);
  });
});

describe('probeSpecOf', () => {
  it('carries the probe fields, headers and status ranges', () => {
    const spec = probeSpecOf({
      ...base,
      Type: 'HTTP_STR_MATCH',
      SearchString: 'ok',
      Headers: [{ Name: 'X-Probe', Value: '1' }],
      ExpectedStatusCodes: ['200-204', '301'],
    });
    expect(spec).toEqual({
      type: 'HTTP_STR_MATCH',
      fullyQualifiedDomainName: 'app.example',
      port: 80,
      resourcePath: '/',
      searchString: 'ok',
      headers: { 'X-Probe': '1' },
      expectedStatus: [
        { min: 200, max: 204 },
        { min: 301, max: 301 },
      ],
    });
  });
});

describe('checker regions', () => {
  it('HEALTH_REGIONS: unset → all eight; a list → those; a bad name → all eight and the error', () => {
    expect(defaultRegions(undefined).regions).toEqual([...CHECKER_REGIONS]);
    expect(defaultRegions(' us-east-1, eu-west-1 ').regions).toEqual(['us-east-1', 'eu-west-1']);
    const bad = defaultRegions('us-east-1,mars-1');
    expect(bad.regions).toEqual([...CHECKER_REGIONS]);
    expect(bad.error).toMatch(/mars-1/);
  });

  it('a check with Regions uses them; every region has a location hint', () => {
    expect(regionsOf(['sa-east-1', 'eu-west-1', 'us-west-2'], ['us-east-1'])).toEqual([
      'sa-east-1',
      'eu-west-1',
      'us-west-2',
    ]);
    expect(regionsOf(undefined, ['us-east-1'])).toEqual(['us-east-1']);
    expect(Object.keys(REGION_HINTS).sort()).toEqual([...CHECKER_REGIONS].sort());
  });
});
