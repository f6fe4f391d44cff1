import { describe, expect, it } from 'vitest';
import { buildLatencyIndex, EMPTY_LATENCY_INDEX } from '../../src/latency/latency-index';
import { distanceKm, estimateRttMs, latencyFor } from '../../src/latency/model';
import type { LatencySnapshot } from '../../src/latency/snapshot';
import { COLOS } from '../../src/location/colos';
import { networkFromAddress } from '../../src/location/network';
import { BUILTIN_REGIONS } from '../../src/location/regions';
import type { ClientLocation } from '../../src/location/types';

const NOW = Date.parse('2026-07-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();
const region = (id: string) => ({ id, ...BUILTIN_REGIONS.get(id)! });
const FRA = COLOS.get('FRA')!;
const IAD = COLOS.get('IAD')!;

const snapshot = (measurements: LatencySnapshot['measurements'], maxAgeSeconds = 3600): LatencySnapshot => ({
  format: 1,
  version: 1,
  updatedAt: ago(0),
  maxAgeSeconds,
  measurements,
});

const cfClient: ClientLocation = {
  source: 'cf',
  colo: 'FRA',
  latitude: FRA.latitude,
  longitude: FRA.longitude,
  coordinatesFrom: 'colo',
  network: networkFromAddress('203.0.113.9')!,
};
const ecsClient: ClientLocation = {
  source: 'ecs',
  network: { family: 4, address: Uint8Array.of(198, 51, 100, 0), length: 24 },
  latitude: 52.37,
  longitude: 4.9,
  coordinatesFrom: 'country',
};

describe('distance', () => {
  it('FRA–IAD ≈ 6,500 km ± 2%', () => {
    const km = distanceKm(FRA, IAD);
    expect(km).toBeGreaterThan(6500 * 0.98);
    expect(km).toBeLessThan(6500 * 1.02);
  });
  it.each([
    [{ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 }, Math.PI * 6371.0088],
    [{ latitude: 90, longitude: 0 }, { latitude: -90, longitude: 0 }, Math.PI * 6371.0088],
    [{ latitude: 10, longitude: 20 }, { latitude: 10, longitude: 20 }, 0],
    // across the antimeridian: Fiji to Samoa is short, not round the world
    [{ latitude: -17.76, longitude: 177.44 }, { latitude: -13.76, longitude: -172.1 }, 1200],
  ])('%o → %o ≈ %i km', (a, b, km) => {
    expect(distanceKm(a, b)).toBeCloseTo(km, -2);
  });
  it('the RTT model is 5 ms + 0.013 ms/km, monotone in distance', () => {
    expect(estimateRttMs(0)).toBe(5);
    expect(estimateRttMs(6500)).toBeCloseTo(89.5, 5);
    expect(estimateRttMs(1000)).toBeLessThan(estimateRttMs(1001));
  });
});

describe('latencyFor', () => {
  const index = buildLatencyIndex(
    snapshot([
      { colo: 'FRA', region: 'us-east-1', rttMs: 88, measuredAt: ago(60) },
      { colo: 'fra', region: 'us-east-1', rttMs: 95, measuredAt: ago(600) }, // older duplicate
      { colo: 'FRA', region: 'eu-west-1', rttMs: 20, measuredAt: ago(7200) }, // aged out
      { network: '198.51.0.0/16', region: 'eu-central-1', rttMs: 30, measuredAt: ago(10) },
      { network: '198.51.100.0/24', region: 'eu-central-1', rttMs: 12, measuredAt: ago(10) }, // most specific
      { network: '198.51.100.0/25', region: 'us-east-1', rttMs: 70, measuredAt: ago(10) },
      { network: '203.0.113.0/24', region: 'ap-northeast-1', rttMs: 240, measuredAt: ago(10) },
      { network: 'not-a-cidr', region: 'us-east-1', rttMs: 1, measuredAt: ago(10) },
      { colo: 'FRA', region: 'us-east-1', rttMs: 1, measuredAt: 'yesterday' },
      { colo: 'FRA', network: '198.51.100.0/24', region: 'us-east-1', rttMs: 1, measuredAt: ago(10) },
    ]),
    NOW,
  );

  it('counts stale and invalid entries and says when to rebuild', () => {
    expect(index.stale).toBe(1);
    expect(index.invalid).toBe(3);
    expect(index.validUntil).toBe(NOW - 600_000 + 3_600_000);
  });

  it.each([
    ['cf client, fresh colo measurement (newest wins)', cfClient, 'us-east-1', 'measured-colo', 88],
    ['cf client, aged-out colo measurement → estimate', cfClient, 'eu-west-1', 'estimated', undefined],
    [
      'cf client inside a measured network → network beats the estimate',
      cfClient,
      'ap-northeast-1',
      'measured-network',
      240,
    ],
    ['ECS client, most specific network wins', ecsClient, 'eu-central-1', 'measured-network', 12],
    ['ECS client outside the measured /25 → estimate', ecsClient, 'us-east-1', 'estimated', undefined],
    ['no measurement → estimate', cfClient, 'japaneast', 'estimated', undefined],
  ] as const)('%s', (_name, client, regionId, source, ms) => {
    const figure = latencyFor(index, client, region(regionId));
    expect(figure.source).toBe(source);
    if (ms !== undefined) expect(figure.ms).toBe(ms);
    else
      expect(figure.ms).toBeCloseTo(
        estimateRttMs(
          distanceKm(client as ClientLocation & { latitude: number; longitude: number }, region(regionId)),
        ),
        6,
      );
    expect(figure.detail).toContain(regionId);
  });

  it('the FRA → us-east-1 estimate is about 90 ms', () => {
    const figure = latencyFor(EMPTY_LATENCY_INDEX, cfClient, region('us-east-1'));
    expect(figure.source).toBe('estimated');
    expect(figure.ms).toBeGreaterThan(85);
    expect(figure.ms).toBeLessThan(95);
  });

  it('no coordinates and no measurement → unknown, sorting last', () => {
    const figure = latencyFor(index, { source: 'none' }, region('us-east-1'));
    expect(figure).toMatchObject({ source: 'unknown', ms: Number.POSITIVE_INFINITY });
  });

  it('a colo measurement needs no coordinates', () => {
    expect(latencyFor(index, { source: 'cf', colo: 'FRA' }, region('us-east-1'))).toMatchObject({
      source: 'measured-colo',
      ms: 88,
    });
  });

  it('operator regions work like built-in ones', () => {
    const figure = latencyFor(index, cfClient, {
      id: 'my-dc',
      latitude: FRA.latitude,
      longitude: FRA.longitude,
    });
    expect(figure).toMatchObject({ source: 'estimated', ms: 5 });
  });

  it('a null snapshot measures nothing; everything ages out eventually', () => {
    expect(buildLatencyIndex(null, NOW)).toBe(EMPTY_LATENCY_INDEX);
    const later = buildLatencyIndex(
      snapshot([{ colo: 'FRA', region: 'us-east-1', rttMs: 88, measuredAt: ago(60) }], 30),
      NOW,
    );
    expect(later.stale).toBe(1);
    expect(latencyFor(later, cfClient, region('us-east-1')).source).toBe('estimated');
  });
});
