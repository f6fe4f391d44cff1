/** The sampled cells' arithmetic (src/latency/sampled.ts) and how the model uses them. */
import { describe, expect, it } from 'vitest';
import { buildLatencyIndex } from '../../src/latency/latency-index';
import { latencyFor } from '../../src/latency/model';
import {
  addSample,
  cellUsable,
  EWMA_ALPHA,
  type LatencySample,
  MIN_SAMPLES,
  SAMPLE_MAX_AGE_SECONDS,
  type SampledCell,
  sampleProblem,
  samplesToPass,
} from '../../src/latency/sampled';
import type { LatencySnapshot, PublishedSampledCell } from '../../src/latency/snapshot';
import { COLOS } from '../../src/location/colos';
import { BUILTIN_REGIONS } from '../../src/location/regions';
import type { ClientLocation } from '../../src/location/types';

const NOW = Date.parse('2026-07-01T12:00:00Z');
const sample = (rttMs: number, at = NOW, region = 'eu-central-1'): LatencySample => ({
  colo: 'FRA',
  region,
  rttMs,
  at,
});
const feed = (values: readonly number[], start?: SampledCell): SampledCell | undefined =>
  values.reduce<SampledCell | undefined>((cell, v, i) => addSample(cell, sample(v, NOW + i * 60_000)), start);

describe('EWMA cells', () => {
  it('starts from the first sample and moves by α toward each next one', () => {
    const cell = feed([100, 200]);
    expect(cell).toMatchObject({ rttMs: 100 + EWMA_ALPHA * 100, samples: 2, updatedAt: NOW + 60_000 });
  });

  it('a cell whose newest sample is older than the maximum age restarts from the next sample', () => {
    const old = feed([10, 10, 10]) as SampledCell;
    const later = addSample(old, sample(300, old.updatedAt + SAMPLE_MAX_AGE_SECONDS * 1000 + 1));
    expect(later).toMatchObject({ rttMs: 300, samples: 1 });
  });

  it(`is used once it holds ${MIN_SAMPLES} fresh samples`, () => {
    const two = feed([10, 10]) as SampledCell;
    const three = feed([10, 10, 10]) as SampledCell;
    expect(cellUsable(two, three.updatedAt)).toBe(false);
    expect(cellUsable(three, three.updatedAt)).toBe(true);
    expect(cellUsable(three, three.updatedAt + SAMPLE_MAX_AGE_SECONDS * 1000 + 1)).toBe(false);
  });

  // The README states these: a region jumping from 20 to 200 ms passes a rival at 50 ms after one
  // sample and a rival at 150 ms after four.
  it.each([
    [20, 200, 50, 1],
    [20, 200, 150, 4],
    [30, 90, 60, 2],
  ])('from %i to %i ms passes a rival at %i ms after %i samples, as simulated', (from, to, rival, k) => {
    expect(samplesToPass(from, to, rival)).toBe(k);
    let cell = feed(Array(10).fill(from)) as SampledCell;
    let n = 0;
    while (cell.rttMs <= rival) {
      cell = addSample(cell, sample(to, cell.updatedAt + 60_000));
      n++;
    }
    expect(n).toBe(k);
  });

  it.each([
    [{ ...sample(10), colo: 'fra' }, 'IATA'],
    [{ ...sample(10), colo: 'FRANK' }, 'IATA'],
    [{ ...sample(10), region: 'EU Central' }, 'region id'],
    [sample(0), 'outside'],
    [sample(-5), 'outside'],
    [sample(60_001), 'outside'],
    [sample(Number.NaN), 'outside'],
    [sample(10, NOW + 120_000), 'within'],
    [sample(10, NOW - SAMPLE_MAX_AGE_SECONDS * 1000 - 1), 'within'],
  ])('refuses %o (%s)', (bad, words) => {
    expect(sampleProblem(bad, NOW)).toContain(words);
  });

  it('accepts a sane sample', () => {
    expect(sampleProblem(sample(12.5), NOW)).toBeNull();
  });
});

describe('the model with sampled cells', () => {
  const FRA = COLOS.get('FRA')!;
  const client: ClientLocation = {
    source: 'cf',
    colo: 'FRA',
    latitude: FRA.latitude,
    longitude: FRA.longitude,
    coordinatesFrom: 'colo',
    network: { family: 4, address: Uint8Array.of(198, 51, 100, 7), length: 32 },
  };
  const region = (id: string) => ({ id, ...BUILTIN_REGIONS.get(id)! });
  const cell = (regionId: string, rttMs: number, samples: number, ageSeconds = 30): PublishedSampledCell => ({
    colo: 'FRA',
    region: regionId,
    rttMs,
    samples,
    updatedAt: new Date(NOW - ageSeconds * 1000).toISOString(),
  });
  const iso = new Date(NOW - 60_000).toISOString();
  const snapshot: LatencySnapshot = {
    format: 1,
    version: 3,
    updatedAt: iso,
    maxAgeSeconds: 86_400,
    measurements: [
      { colo: 'FRA', region: 'us-east-1', rttMs: 120, measuredAt: iso },
      { colo: 'FRA', region: 'eu-west-1', rttMs: 25, measuredAt: iso },
      { network: '198.51.100.0/24', region: 'ap-northeast-1', rttMs: 300, measuredAt: iso },
    ],
    sampled: [
      cell('us-east-1', 95.5, 12),
      cell('eu-west-1', 18, MIN_SAMPLES - 1),
      cell('ap-northeast-1', 230, 40),
      cell('eu-central-1', 9, 5, SAMPLE_MAX_AGE_SECONDS + 1),
    ],
  };
  const index = buildLatencyIndex(snapshot, NOW);

  it.each([
    ['sampled beats an imported colo figure', 'us-east-1', 'sampled-colo', 95.5],
    ['too few samples: the imported figure answers', 'eu-west-1', 'measured-colo', 25],
    ["an imported figure for the client's network comes first", 'ap-northeast-1', 'measured-network', 300],
    ['a stale cell is not used: the estimate answers', 'eu-central-1', 'estimated', undefined],
  ] as const)('%s', (_name, regionId, source, ms) => {
    const figure = latencyFor(index, client, region(regionId));
    expect(figure.source).toBe(source);
    if (ms !== undefined) expect(figure.ms).toBe(ms);
  });

  it('explains the source, the sample count and the time of the newest sample', () => {
    expect(latencyFor(index, client, region('us-east-1')).detail).toBe(
      `sampled 95.5 ms from colo FRA to us-east-1 (EWMA of 12 edge samples, newest at ${new Date(NOW - 30_000).toISOString()})`,
    );
  });

  it('counts the stale cell and rebuilds when the oldest used cell ages out', () => {
    expect(index.stale).toBe(1);
    expect(index.validUntil).toBe(NOW - 30_000 + SAMPLE_MAX_AGE_SECONDS * 1000);
  });
});
