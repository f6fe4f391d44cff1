import { describe, expect, it } from 'vitest';
import { COLOS, coloInfo } from '../../src/location/colos';
import { CONTINENT_CODES, COUNTRIES, isCountryCode, isSubdivisionCode } from '../../src/location/countries';
import { BUILTIN_REGIONS, isAwsRegion, isLocalZoneGroup } from '../../src/location/regions';

const inRange = (p: { latitude: number; longitude: number }) =>
  Number.isFinite(p.latitude) &&
  Math.abs(p.latitude) <= 90 &&
  Number.isFinite(p.longitude) &&
  Math.abs(p.longitude) <= 180;

describe('COUNTRIES', () => {
  it('has every ISO 3166-1 alpha-2 code (249) plus XK, each with a continent and a point', () => {
    expect(COUNTRIES.size).toBe(250);
    for (const [code, info] of COUNTRIES) {
      expect(code).toMatch(/^[A-Z]{2}$/);
      expect(CONTINENT_CODES.has(info.continent), code).toBe(true);
      expect(inRange(info), code).toBe(true);
      expect(info.name.length).toBeGreaterThan(0);
    }
  });
  it.each([
    ['US', 'NA'],
    ['DE', 'EU'],
    ['JP', 'AS'],
    ['AU', 'OC'],
    ['BR', 'SA'],
    ['ZA', 'AF'],
    ['AQ', 'AN'],
    ['XK', 'EU'],
  ])('%s is in %s', (code, continent) => {
    expect(COUNTRIES.get(code)?.continent).toBe(continent);
  });
  it('rejects non-codes', () => {
    for (const code of ['T1', 'XX', 'EU', 'AN', 'us', 'USA', ''])
      expect(isCountryCode(code), code).toBe(false);
  });
  it('checks subdivision syntax only', () => {
    expect(isSubdivisionCode('US', 'CA')).toBe(true);
    expect(isSubdivisionCode('FR', '75')).toBe(true);
    expect(isSubdivisionCode('GB', 'ENG')).toBe(true);
    expect(isSubdivisionCode('US', 'ZZZ')).toBe(true);
    expect(isSubdivisionCode('US', 'CALI')).toBe(false);
    expect(isSubdivisionCode('US', '')).toBe(false);
    expect(isSubdivisionCode('US', 'c-a')).toBe(false);
    expect(isSubdivisionCode('T1', 'CA')).toBe(false);
  });
});

describe('BUILTIN_REGIONS', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['ap-southeast-7', 'aws'],
    ['mx-central-1', 'aws'],
    ['il-central-1', 'aws'],
    ['cn-north-1', 'aws'],
    ['us-central1', 'gcp'],
    ['europe-west1', 'gcp'],
    ['asia-northeast1', 'gcp'],
    ['eastus', 'azure'],
    ['westeurope', 'azure'],
    ['japaneast', 'azure'],
    ['us-west-2-lax-1', 'aws'],
  ])('%s (%s)', (id, provider) => {
    const region = BUILTIN_REGIONS.get(id);
    expect(region?.provider).toBe(provider);
    expect(region && inRange(region)).toBe(true);
  });
  it('has more than 150 regions, all with valid coordinates', () => {
    expect(BUILTIN_REGIONS.size).toBeGreaterThan(150);
    for (const [id, region] of BUILTIN_REGIONS) expect(inRange(region), id).toBe(true);
  });
  it('tells AWS regions from Local Zone groups', () => {
    expect(isAwsRegion('eu-central-1')).toBe(true);
    expect(isAwsRegion('us-west-2-lax-1')).toBe(false);
    expect(isAwsRegion('europe-west1')).toBe(false);
    expect(isLocalZoneGroup('us-west-2-lax-1')).toBe(true);
    expect(isLocalZoneGroup('us-west-2-lax-1a')).toBe(false);
    expect(isLocalZoneGroup('us-east-1')).toBe(false);
  });
});

describe('COLOS', () => {
  it('has the major colos with a known country and valid coordinates', () => {
    expect(COLOS.size).toBeGreaterThan(250);
    for (const [code, colo] of COLOS) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect(isCountryCode(colo.country), code).toBe(true);
      expect(inRange(colo), code).toBe(true);
    }
    for (const code of [
      'FRA',
      'IAD',
      'LHR',
      'AMS',
      'NRT',
      'SIN',
      'SYD',
      'GRU',
      'JNB',
      'ORD',
      'LAX',
      'DFW',
      'HKG',
    ]) {
      expect(COLOS.has(code), code).toBe(true);
    }
  });
  it('looks codes up case-insensitively', () => {
    expect(coloInfo('fra')?.country).toBe('DE');
    expect(coloInfo('ZZZ')).toBeUndefined();
  });
});
