import { describe, expect, it } from 'vitest';
import { subnetFromText } from '../../src/dns/ecs';
import type { ClientSubnet } from '../../src/dns/message';
import { COLOS } from '../../src/location/colos';
import { COUNTRIES } from '../../src/location/countries';
import { locateExplicit } from '../../src/location/explicit';
import { locateClient } from '../../src/location/locate';
import { networkText } from '../../src/location/network';
import type { ClientLocation } from '../../src/location/types';

const ecs = (text: string): ClientSubnet => {
  const parsed = subnetFromText(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

const CF_FULL = {
  colo: 'FRA',
  country: 'DE',
  continent: 'EU',
  regionCode: 'HE',
  latitude: '50.11090',
  longitude: '8.68213',
  asn: 3320,
};
const CF_NO_COORDINATES = { colo: 'NRT', country: 'JP', continent: 'AS', asn: 2497 };
const AU = COUNTRIES.get('AU')!;
const NRT = COLOS.get('NRT')!;

/** The fields a row checks; notes are matched by substring. */
interface Expect {
  readonly source: ClientLocation['source'];
  readonly network?: string;
  readonly country?: string;
  readonly continent?: string;
  readonly subdivision?: string;
  readonly latitude?: number;
  readonly longitude?: number;
  readonly coordinatesFrom?: ClientLocation['coordinatesFrom'];
  readonly colo?: string;
  readonly asn?: number;
  readonly geoScope?: number;
  readonly note?: string;
}

const summary = (l: ClientLocation): Expect => ({
  source: l.source,
  ...(l.network ? { network: networkText(l.network) } : {}),
  ...(l.country !== undefined ? { country: l.country } : {}),
  ...(l.continent !== undefined ? { continent: l.continent } : {}),
  ...(l.subdivision !== undefined ? { subdivision: l.subdivision } : {}),
  ...(l.latitude !== undefined ? { latitude: l.latitude, longitude: l.longitude } : {}),
  ...(l.coordinatesFrom !== undefined ? { coordinatesFrom: l.coordinatesFrom } : {}),
  ...(l.colo !== undefined ? { colo: l.colo } : {}),
  ...(l.asn !== undefined ? { asn: l.asn } : {}),
  ...(l.geoScope !== undefined ? { geoScope: l.geoScope } : {}),
});

// docs/routing-semantics.md §3: public ECS (SOURCE > 0) → request.cf → CF-Connecting-IP.
const CASES: readonly (readonly [string, Parameters<typeof locateClient>[0], Expect])[] = [
  [
    'public ECS locates the client; no colo; geoScope capped at SOURCE',
    { subnet: ecs('1.0.0.0/24'), cf: CF_FULL, connectingIp: '81.0.130.1' },
    {
      source: 'ecs',
      network: '1.0.0.0/24',
      country: 'AU',
      continent: 'OC',
      latitude: AU.latitude,
      longitude: AU.longitude,
      coordinatesFrom: 'country',
      geoScope: 24,
    },
  ],
  [
    'public ECS shorter than the run: geoScope ≤ SOURCE',
    { subnet: ecs('1.0.2.0/23'), cf: CF_FULL },
    {
      source: 'ecs',
      network: '1.0.2.0/23',
      country: 'CN',
      continent: 'AS',
      coordinatesFrom: 'country',
      geoScope: 23,
    },
  ],
  [
    'public ECS longer than the run: geoScope is the run’s block',
    { subnet: ecs('81.0.130.77/32'), cf: CF_FULL },
    {
      source: 'ecs',
      network: '81.0.130.77/32',
      country: 'NO',
      continent: 'EU',
      coordinatesFrom: 'country',
      geoScope: 18,
    },
  ],
  [
    'public IPv6 ECS',
    { subnet: ecs('2001:67c:4::/48'), cf: CF_FULL },
    {
      source: 'ecs',
      network: '2001:67c:4::/48',
      country: 'DE',
      continent: 'EU',
      coordinatesFrom: 'country',
      geoScope: 48,
    },
  ],
  [
    'ECS /0 falls through to request.cf',
    { subnet: ecs('0.0.0.0/0'), cf: CF_FULL, connectingIp: '81.0.130.1' },
    {
      source: 'cf',
      network: '81.0.130.1/32',
      country: 'DE',
      continent: 'EU',
      subdivision: 'HE',
      latitude: 50.1109,
      longitude: 8.68213,
      coordinatesFrom: 'cf',
      colo: 'FRA',
      asn: 3320,
      note: 'ECS 0.0.0.0/0 (SOURCE 0) carries no location',
    },
  ],
  [
    'private ECS falls through to request.cf',
    { subnet: ecs('10.1.2.0/24'), cf: CF_FULL, connectingIp: '2001:67c:4::1' },
    {
      source: 'cf',
      network: '2001:67c:4::1/128',
      country: 'DE',
      continent: 'EU',
      subdivision: 'HE',
      latitude: 50.1109,
      longitude: 8.68213,
      coordinatesFrom: 'cf',
      colo: 'FRA',
      asn: 3320,
      note: 'ECS 10.1.2.0/24 is private or reserved (inside 10.0.0.0/8)',
    },
  ],
  [
    'a public prefix the table does not know falls through (documentation block)',
    { subnet: ecs('192.0.2.0/24'), cf: CF_NO_COORDINATES, connectingIp: '1.0.0.1' },
    {
      source: 'cf',
      network: '1.0.0.1/32',
      country: 'JP',
      continent: 'AS',
      latitude: NRT.latitude,
      longitude: NRT.longitude,
      coordinatesFrom: 'colo',
      colo: 'NRT',
      asn: 2497,
      note: 'ECS 192.0.2.0/24 is not in the geolocation table or any CIDR map',
    },
  ],
  [
    'request.cf without coordinates or a known colo: the country’s point',
    { subnet: null, cf: { colo: 'ZZZ', country: 'AU' } },
    {
      source: 'cf',
      country: 'AU',
      continent: 'OC',
      latitude: AU.latitude,
      longitude: AU.longitude,
      coordinatesFrom: 'country',
      colo: 'ZZZ',
    },
  ],
  [
    'request.cf country T1 (Tor) is unknown; coordinates from the colo',
    { subnet: null, cf: { colo: 'NRT', country: 'T1', continent: 'T1' }, connectingIp: '1.0.0.1' },
    {
      source: 'cf',
      network: '1.0.0.1/32',
      latitude: NRT.latitude,
      longitude: NRT.longitude,
      coordinatesFrom: 'colo',
      colo: 'NRT',
      note: 'T1 (Tor) counts as unknown',
    },
  ],
  [
    'request.cf country XX is unknown',
    { subnet: null, cf: { country: 'XX', asn: 64500 } },
    { source: 'cf', asn: 64500, note: 'XX is not an ISO 3166-1 code' },
  ],
  [
    'request.cf with nothing usable falls through to the connecting IP',
    { subnet: null, cf: {}, connectingIp: '1.0.0.1' },
    {
      source: 'ip',
      network: '1.0.0.1/32',
      country: 'AU',
      continent: 'OC',
      latitude: AU.latitude,
      longitude: AU.longitude,
      coordinatesFrom: 'country',
      note: 'request.cf carries no location',
    },
  ],
  [
    'connecting IP alone',
    { subnet: null, connectingIp: '2001:67c:4::1' },
    {
      source: 'ip',
      network: '2001:67c:4::1/128',
      country: 'DE',
      continent: 'EU',
      coordinatesFrom: 'country',
    },
  ],
  [
    'private ECS and a private connecting IP: no location, network kept',
    { subnet: ecs('192.168.1.0/24'), connectingIp: '127.0.0.1' },
    { source: 'none', network: '127.0.0.1/32', note: 'connecting IP 127.0.0.1/32 is private or reserved' },
  ],
  ['nothing at all', { subnet: null }, { source: 'none' }],
  [
    'a connecting IP that does not parse',
    { subnet: null, connectingIp: 'not-an-ip' },
    { source: 'none', note: 'does not parse' },
  ],
];

describe('locateClient (docs/routing-semantics.md §3)', () => {
  it.each(CASES)('%s', (_name, input, expected) => {
    const location = locateClient(input);
    const { note, ...fields } = expected;
    const got = summary(location);
    // Rows that omit coordinates only check where they came from.
    if (fields.latitude === undefined) {
      delete (got as { latitude?: number }).latitude;
      delete (got as { longitude?: number }).longitude;
    }
    expect(got).toEqual(fields);
    if (note !== undefined) expect(location.notes?.join(' | ')).toContain(note);
    else expect(location.notes).toBeUndefined();
  });

  it('uses a public ECS prefix only an operator CIDR map knows', () => {
    const location = locateClient({
      subnet: ecs('198.51.100.0/24'),
      cf: CF_FULL,
      cidrKnows: (network) => networkText(network) === '198.51.100.0/24',
    });
    expect(summary(location)).toEqual({ source: 'ecs', network: '198.51.100.0/24' });
  });

  it('network bytes are full length with bits past the prefix zero', () => {
    const location = locateClient({ subnet: ecs('1.0.2.0/23') });
    expect(location.network?.address).toEqual(Uint8Array.of(1, 0, 2, 0));
    const v6 = locateClient({ subnet: ecs('2001:67c:4::/48') });
    expect(v6.network?.address.length).toBe(16);
  });
});

describe('locateExplicit (test-answer endpoint)', () => {
  it('explicit coordinates, country and subdivision', () => {
    const location = locateExplicit({
      country: 'us',
      subdivision: 'ca',
      latitude: 37.4,
      longitude: -122.1,
      asn: 15169,
    });
    expect(summary(location)).toEqual({
      source: 'explicit',
      country: 'US',
      continent: 'NA',
      subdivision: 'CA',
      latitude: 37.4,
      longitude: -122.1,
      coordinatesFrom: 'explicit',
      asn: 15169,
    });
  });
  it('a colo alone gives the colo’s coordinates', () => {
    expect(summary(locateExplicit({ colo: 'nrt' }))).toMatchObject({
      source: 'explicit',
      colo: 'NRT',
      coordinatesFrom: 'colo',
      latitude: NRT.latitude,
    });
  });
  it('usable ECS wins over the explicit fields', () => {
    expect(locateExplicit({ ecs: ecs('1.0.0.0/24'), country: 'DE' })).toMatchObject({
      source: 'ecs',
      country: 'AU',
    });
  });
  it('unusable ECS falls back to the explicit fields with a note', () => {
    const location = locateExplicit({ ecs: ecs('10.0.0.0/8'), country: 'DE' });
    expect(location).toMatchObject({ source: 'explicit', country: 'DE', coordinatesFrom: 'country' });
    expect(location.notes?.[0]).toContain('private or reserved');
  });
  it('an ip alone is looked up; nothing at all is none', () => {
    expect(locateExplicit({ ip: '1.0.0.1' })).toMatchObject({ source: 'ip', country: 'AU' });
    expect(locateExplicit({})).toEqual({ source: 'none' });
  });
  it('rejects an unknown country and a malformed subdivision with notes', () => {
    const location = locateExplicit({ country: 'T1', subdivision: 'TOOLONG', colo: 'FRA' });
    expect(location).toMatchObject({ source: 'explicit', colo: 'FRA', coordinatesFrom: 'colo' });
    expect(location.country).toBeUndefined();
    expect(location.subdivision).toBeUndefined();
    expect(location.notes).toHaveLength(2);
  });
});
