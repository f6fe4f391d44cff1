/**
 * The routing fields of a Route 53 ResourceRecordSet (docs/routing-semantics.md §6.1) → the model's
 * `setIdentifier`, `routing`, `alias`, `healthCheckId` and `failureMode`, with Route 53's field
 * names and JSON types. Only the shape is read here; ranges and codes are routing-rules.ts.
 *
 * `FailureMode` (`"OPEN"` | `"CLOSED"`) is edgesteer's extension. `Coordinates` are strings in
 * Route 53's JSON (`"49.22"`); numbers are accepted as well.
 */

import { describe, isObject, type JsonObject, unknownKeys } from '../../validation/json';
import type { ProblemList } from '../../validation/problem-list';
import type { AliasTarget, FailureMode, RecordSet, Routing } from '../model';
import { parseRoute53Name } from './route53-name';

export type RoutingFields = Pick<
  RecordSet,
  'setIdentifier' | 'routing' | 'alias' | 'healthCheckId' | 'failureMode'
>;

/** Fields that select a routing policy, one per record set. */
const POLICY_FIELDS = [
  'Weight',
  'Region',
  'Failover',
  'GeoLocation',
  'GeoProximityLocation',
  'MultiValueAnswer',
  'CidrRoutingConfig',
] as const;

export const ROUTING_FIELDS: ReadonlySet<string> = new Set([
  ...POLICY_FIELDS,
  'SetIdentifier',
  'AliasTarget',
  'HealthCheckId',
  'FailureMode',
]);

const GEO_FIELDS = new Set(['ContinentCode', 'CountryCode', 'SubdivisionCode']);
const PROXIMITY_FIELDS = new Set(['AWSRegion', 'LocalZoneGroup', 'Coordinates', 'Bias']);
const COORDINATE_FIELDS = new Set(['Latitude', 'Longitude']);
const CIDR_FIELDS = new Set(['CollectionId', 'LocationName']);
const ALIAS_FIELDS = new Set(['HostedZoneId', 'DNSName', 'EvaluateTargetHealth']);
/** Route 53's Coordinates patterns: up to two decimal places. */
const LATITUDE = /^[-+]?\d{1,2}(\.\d{0,2})?$/;
const LONGITUDE = /^[-+]?\d{1,3}(\.\d{0,2})?$/;

class Reader {
  constructor(
    private readonly problems: ProblemList,
    private readonly base: string,
  ) {}

  add(field: string, message: string): void {
    this.problems.add(field === '' ? this.base : `${this.base}/${field}`, message);
  }

  string(value: unknown, field: string, required = false): string | undefined {
    if (value === undefined) {
      if (required) this.add(field, `${field.slice(field.lastIndexOf('/') + 1)} is required`);
      return undefined;
    }
    if (typeof value === 'string') return value;
    this.add(field, `expected a string, got ${describe(value)}`);
    return undefined;
  }

  number(value: unknown, field: string): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'number') return value;
    this.add(field, `expected a number, got ${describe(value)}`);
    return undefined;
  }

  object(value: unknown, field: string, known: ReadonlySet<string>): JsonObject | undefined {
    if (!isObject(value)) {
      this.add(field, `expected an object, got ${describe(value)}`);
      return undefined;
    }
    for (const key of unknownKeys(value, known)) this.add(`${field}/${key}`, `unknown field "${key}"`);
    return value;
  }

  /** A coordinate as a Route 53 string (`"49.22"`) or a number. */
  coordinate(value: unknown, field: string, pattern: RegExp): number | undefined {
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && pattern.test(value)) return Number(value);
    const got = value === undefined ? 'nothing' : JSON.stringify(value);
    this.add(field, `expected a number with at most two decimal places, got ${got}`);
    return undefined;
  }
}

function readGeoLocation(r: Reader, value: unknown): Routing | undefined {
  const geo = r.object(value, 'GeoLocation', GEO_FIELDS);
  if (geo === undefined) return undefined;
  const continent = r.string(geo['ContinentCode'], 'GeoLocation/ContinentCode');
  const country = r.string(geo['CountryCode'], 'GeoLocation/CountryCode');
  const subdivision = r.string(geo['SubdivisionCode'], 'GeoLocation/SubdivisionCode');
  return {
    kind: 'geolocation',
    ...(continent === undefined ? {} : { continent }),
    ...(country === undefined ? {} : { country }),
    ...(subdivision === undefined ? {} : { subdivision }),
  };
}

function readGeoProximity(r: Reader, value: unknown): Routing | undefined {
  const at = 'GeoProximityLocation';
  const geo = r.object(value, at, PROXIMITY_FIELDS);
  if (geo === undefined) return undefined;
  const region = r.string(geo['AWSRegion'], `${at}/AWSRegion`);
  const localZoneGroup = r.string(geo['LocalZoneGroup'], `${at}/LocalZoneGroup`);
  const bias = r.number(geo['Bias'], `${at}/Bias`) ?? 0;
  let coordinates: { latitude: number; longitude: number } | undefined;
  if (geo['Coordinates'] !== undefined) {
    const c = r.object(geo['Coordinates'], `${at}/Coordinates`, COORDINATE_FIELDS);
    if (c === undefined) return undefined;
    const latitude = r.coordinate(c['Latitude'], `${at}/Coordinates/Latitude`, LATITUDE);
    const longitude = r.coordinate(c['Longitude'], `${at}/Coordinates/Longitude`, LONGITUDE);
    if (latitude === undefined || longitude === undefined) return undefined;
    coordinates = { latitude, longitude };
  }
  return {
    kind: 'geoproximity',
    ...(region === undefined ? {} : { region }),
    ...(localZoneGroup === undefined ? {} : { localZoneGroup }),
    ...(coordinates === undefined ? {} : { coordinates }),
    bias,
  };
}

function readCidr(r: Reader, value: unknown): Routing | undefined {
  const cidr = r.object(value, 'CidrRoutingConfig', CIDR_FIELDS);
  if (cidr === undefined) return undefined;
  const collectionId = r.string(cidr['CollectionId'], 'CidrRoutingConfig/CollectionId', true);
  const locationName = r.string(cidr['LocationName'], 'CidrRoutingConfig/LocationName', true);
  if (collectionId === undefined || locationName === undefined) return undefined;
  return { kind: 'cidr', collectionId, locationName };
}

function readPolicy(r: Reader, rrs: JsonObject, field: (typeof POLICY_FIELDS)[number]): Routing | undefined {
  const value = rrs[field];
  switch (field) {
    case 'Weight': {
      const weight = r.number(value, 'Weight');
      return weight === undefined ? undefined : { kind: 'weighted', weight };
    }
    case 'Region': {
      const region = r.string(value, 'Region');
      return region === undefined ? undefined : { kind: 'latency', region };
    }
    case 'Failover':
      if (value === 'PRIMARY' || value === 'SECONDARY') return { kind: 'failover', role: value };
      r.add('Failover', `expected "PRIMARY" or "SECONDARY", got ${JSON.stringify(value)}`);
      return undefined;
    case 'GeoLocation':
      return readGeoLocation(r, value);
    case 'GeoProximityLocation':
      return readGeoProximity(r, value);
    case 'MultiValueAnswer':
      if (value === true) return { kind: 'multivalue' };
      r.add(
        'MultiValueAnswer',
        value === false
          ? 'MultiValueAnswer false is not a routing policy: use true, or leave it out'
          : `expected true, got ${describe(value)}`,
      );
      return undefined;
    case 'CidrRoutingConfig':
      return readCidr(r, value);
  }
}

function readAlias(r: Reader, value: unknown): AliasTarget | undefined {
  const alias = r.object(value, 'AliasTarget', ALIAS_FIELDS);
  if (alias === undefined) return undefined;
  const hostedZoneId = r.string(alias['HostedZoneId'], 'AliasTarget/HostedZoneId', true);
  const dnsText = r.string(alias['DNSName'], 'AliasTarget/DNSName', true);
  const evaluate = alias['EvaluateTargetHealth'];
  if (typeof evaluate !== 'boolean') {
    r.add(
      'AliasTarget/EvaluateTargetHealth',
      evaluate === undefined
        ? 'EvaluateTargetHealth is required'
        : `expected a boolean, got ${describe(evaluate)}`,
    );
  }
  const dnsName = dnsText === undefined ? undefined : parseRoute53Name(dnsText);
  if (dnsName !== undefined && !dnsName.ok) r.add('AliasTarget/DNSName', dnsName.error);
  if (hostedZoneId === undefined || dnsName === undefined || !dnsName.ok || typeof evaluate !== 'boolean') {
    return undefined;
  }
  return { hostedZoneId, dnsName: dnsName.value, evaluateTargetHealth: evaluate };
}

function readFailureMode(r: Reader, value: unknown): FailureMode | undefined {
  if (value === undefined) return undefined;
  if (value === 'OPEN' || value === 'CLOSED') return value === 'OPEN' ? 'open' : 'closed';
  r.add('FailureMode', `expected "OPEN" or "CLOSED", got ${JSON.stringify(value)}`);
  return undefined;
}

/**
 * Reads the routing fields of `rrs` (a ResourceRecordSet at `path`). Shape problems go to
 * `problems`; the result holds what could be read.
 */
export function readRoutingFields(rrs: JsonObject, path: string, problems: ProblemList): RoutingFields {
  const r = new Reader(problems, path);
  const policies = POLICY_FIELDS.filter((field) => rrs[field] !== undefined);
  if (policies.length > 1) {
    r.add('', `a record set has one routing policy; this one has ${policies.join(' and ')}`);
  }
  const first = policies[0];
  const routing = first === undefined ? undefined : readPolicy(r, rrs, first);
  const setIdentifier = r.string(rrs['SetIdentifier'], 'SetIdentifier');
  const alias = rrs['AliasTarget'] === undefined ? undefined : readAlias(r, rrs['AliasTarget']);
  const healthCheckId = r.string(rrs['HealthCheckId'], 'HealthCheckId');
  const failureMode = readFailureMode(r, rrs['FailureMode']);
  return {
    ...(setIdentifier === undefined ? {} : { setIdentifier }),
    ...(routing === undefined ? {} : { routing }),
    ...(alias === undefined ? {} : { alias }),
    ...(healthCheckId === undefined ? {} : { healthCheckId }),
    ...(failureMode === undefined ? {} : { failureMode }),
  };
}
