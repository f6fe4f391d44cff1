/**
 * Rules about one record set's routing fields (docs/routing-semantics.md §1, §4, §6.1) that need nothing
 * but the record set: the Route 53 importer reports them at the JSON path of the field, the control
 * plane applies them again on every write. Rules about a whole record group, or that need other
 * config (regions, CIDR collections, alias targets), live in src/control/validation/.
 *
 * Each problem's path names the Route 53 field it is about, below the ResourceRecordSet
 * (`Weight`, `GeoLocation/CountryCode`); `''` is the record set itself.
 */
import { RRTYPE, typeToString } from '../dns/constants';
import { CONTINENT_CODES, isCountryCode, isSubdivisionCode } from '../location/countries';
import { REGION_ID } from '../location/regions';
import { assertNever } from '../result';
import type { Problem } from '../validation/problem';
import type { RecordSet, Routing, RoutingKind } from './model';

export const MAX_SET_IDENTIFIER_LENGTH = 128;
export const MAX_WEIGHT = 255;
export const MAX_BIAS = 99;
/** Route 53's HealthCheckId is at most 64 characters. */
export const MAX_HEALTH_CHECK_ID_LENGTH = 64;
/** Route 53 CidrRoutingConfig: LocationName is 1–16 of these, or `*` for the default. */
export const LOCATION_NAME = /^[A-Za-z0-9_-]{1,16}$/;
/** Ids of CIDR collections (Route 53 gives UUIDs; operators choose their own). */
export const COLLECTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export { REGION_ID };

/** The Route 53 field that selects each policy. */
export const POLICY_FIELD: Readonly<Record<RoutingKind, string>> = {
  weighted: 'Weight',
  latency: 'Region',
  failover: 'Failover',
  geolocation: 'GeoLocation',
  geoproximity: 'GeoProximityLocation',
  multivalue: 'MultiValueAnswer',
  cidr: 'CidrRoutingConfig',
};

/**
 * Alias targets that are AWS resources (load balancers, CloudFront, S3 websites, API Gateway, …):
 * edgesteer answers only from its own hosted zones, so these cannot be followed.
 */
const AWS_TARGET_SUFFIXES = [
  '.amazonaws.com.',
  '.cloudfront.net.',
  '.elasticbeanstalk.com.',
  '.awsglobalaccelerator.com.',
  '.awsapprunner.com.',
  '.amplifyapp.com.',
];

export function isAwsAliasTarget(name: string): boolean {
  return AWS_TARGET_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/** Route 53 allows two decimal places in Coordinates. */
function twoDecimals(x: number): boolean {
  return Math.abs(Math.round(x * 100) - x * 100) < 1e-6;
}

function coordinateProblem(value: number, limit: number, what: string): string | undefined {
  if (!Number.isFinite(value) || value < -limit || value > limit) {
    return `${what} must be from -${limit} to ${limit} (got ${value})`;
  }
  return twoDecimals(value) ? undefined : `${what} has at most two decimal places (got ${value})`;
}

function geolocationProblems(routing: Extract<Routing, { kind: 'geolocation' }>, out: Problem[]): void {
  const { continent, country, subdivision } = routing;
  const add = (field: string, message: string) => out.push({ path: `GeoLocation${field}`, message });
  if (continent === undefined && country === undefined && subdivision === undefined) {
    add('', 'GeoLocation needs ContinentCode, CountryCode, or CountryCode with SubdivisionCode');
    return;
  }
  if (continent !== undefined) {
    if (country !== undefined || subdivision !== undefined) {
      add('/ContinentCode', 'ContinentCode cannot be combined with CountryCode or SubdivisionCode');
    }
    if (!CONTINENT_CODES.has(continent)) {
      add(
        '/ContinentCode',
        `unknown continent code "${continent}"; use one of ${[...CONTINENT_CODES].join(', ')}`,
      );
    }
  }
  if (country !== undefined && country !== '*' && !isCountryCode(country)) {
    add('/CountryCode', `unknown country code "${country}" (ISO 3166-1 alpha-2, or "*" for the default)`);
  }
  if (subdivision === undefined) return;
  if (country === undefined) add('/SubdivisionCode', 'SubdivisionCode needs CountryCode');
  else if (country === '*') add('/SubdivisionCode', 'the default location "*" has no SubdivisionCode');
  else if (isCountryCode(country) && !isSubdivisionCode(country, subdivision)) {
    add('/SubdivisionCode', `"${subdivision}" is not a subdivision code of ${country}`);
  }
}

function geoproximityProblems(routing: Extract<Routing, { kind: 'geoproximity' }>, out: Problem[]): void {
  const { region, localZoneGroup, coordinates, bias } = routing;
  const given = [region, localZoneGroup, coordinates].filter((x) => x !== undefined).length;
  if (given !== 1) {
    out.push({
      path: 'GeoProximityLocation',
      message: `GeoProximityLocation needs exactly one of AWSRegion, LocalZoneGroup and Coordinates (got ${given})`,
    });
  }
  if (!Number.isInteger(bias) || bias < -MAX_BIAS || bias > MAX_BIAS) {
    out.push({
      path: 'GeoProximityLocation/Bias',
      message: `Bias must be a whole number from -${MAX_BIAS} to ${MAX_BIAS} (got ${bias})`,
    });
  }
  if (region !== undefined && !REGION_ID.test(region)) {
    out.push({ path: 'GeoProximityLocation/AWSRegion', message: `"${region}" is not a region id` });
  }
  if (localZoneGroup !== undefined && !REGION_ID.test(localZoneGroup)) {
    out.push({
      path: 'GeoProximityLocation/LocalZoneGroup',
      message: `"${localZoneGroup}" is not a Local Zone group id`,
    });
  }
  if (coordinates === undefined) return;
  const lat = coordinateProblem(coordinates.latitude, 90, 'Latitude');
  if (lat !== undefined) out.push({ path: 'GeoProximityLocation/Coordinates/Latitude', message: lat });
  const lon = coordinateProblem(coordinates.longitude, 180, 'Longitude');
  if (lon !== undefined) out.push({ path: 'GeoProximityLocation/Coordinates/Longitude', message: lon });
}

function policyProblems(set: RecordSet, routing: Routing, out: Problem[]): void {
  switch (routing.kind) {
    case 'weighted':
      if (!Number.isInteger(routing.weight) || routing.weight < 0 || routing.weight > MAX_WEIGHT) {
        out.push({
          path: 'Weight',
          message: `Weight must be a whole number from 0 to ${MAX_WEIGHT} (got ${routing.weight})`,
        });
      }
      return;
    case 'latency':
      if (!REGION_ID.test(routing.region)) {
        out.push({ path: 'Region', message: `"${routing.region}" is not a region id` });
      }
      return;
    case 'failover':
      if (routing.role !== 'PRIMARY' && routing.role !== 'SECONDARY') {
        out.push({ path: 'Failover', message: 'Failover must be PRIMARY or SECONDARY' });
      }
      if (set.alias !== undefined && !set.alias.evaluateTargetHealth) {
        out.push({
          path: 'AliasTarget/EvaluateTargetHealth',
          message: 'a failover alias record set needs EvaluateTargetHealth true',
        });
      }
      return;
    case 'geolocation':
      geolocationProblems(routing, out);
      return;
    case 'geoproximity':
      geoproximityProblems(routing, out);
      return;
    case 'multivalue':
      if (set.alias !== undefined) {
        out.push({ path: 'AliasTarget', message: 'a multivalue answer record set cannot be an alias' });
      }
      if (set.type === RRTYPE.CNAME) {
        out.push({
          path: 'MultiValueAnswer',
          message: 'multivalue answer routing is not available for CNAME',
        });
      }
      return;
    case 'cidr':
      if (!COLLECTION_ID.test(routing.collectionId)) {
        out.push({
          path: 'CidrRoutingConfig/CollectionId',
          message: `"${routing.collectionId}" is not a collection id (1–64 of A–Z, a–z, 0–9, _ and -)`,
        });
      }
      if (routing.locationName !== '*' && !LOCATION_NAME.test(routing.locationName)) {
        out.push({
          path: 'CidrRoutingConfig/LocationName',
          message: `"${routing.locationName}" is not a location name (1–16 of A–Z, a–z, 0–9, _ and -, or "*")`,
        });
      }
      return;
    default:
      assertNever(routing);
  }
}

function aliasProblems(set: RecordSet, out: Problem[]): void {
  const alias = set.alias;
  if (alias === undefined) return;
  if (set.type === RRTYPE.SOA || set.type === RRTYPE.NS) {
    out.push({ path: 'AliasTarget', message: `${typeToString(set.type)} record sets cannot be aliases` });
  }
  if (set.values.length > 0) {
    out.push({ path: 'ResourceRecords', message: 'an alias record set has no ResourceRecords' });
  }
  if (set.ttl !== 0) {
    out.push({ path: 'TTL', message: "an alias record set has no TTL (the target's TTL is used)" });
  }
  if (alias.hostedZoneId === '') {
    out.push({ path: 'AliasTarget/HostedZoneId', message: 'HostedZoneId is required' });
  }
  if (isAwsAliasTarget(alias.dnsName)) {
    out.push({
      path: 'AliasTarget/DNSName',
      message: `${alias.dnsName} is an AWS resource; alias targets outside edgesteer's hosted zones are not supported`,
    });
  }
}

/** Every problem with one record set's routing, alias, health-check and failure-mode fields. */
export function memberProblems(set: RecordSet): Problem[] {
  const out: Problem[] = [];
  const { setIdentifier, routing } = set;
  if (setIdentifier !== undefined) {
    if (setIdentifier.length < 1 || setIdentifier.length > MAX_SET_IDENTIFIER_LENGTH) {
      out.push({
        path: 'SetIdentifier',
        message: `SetIdentifier must be 1–${MAX_SET_IDENTIFIER_LENGTH} characters (got ${setIdentifier.length})`,
      });
    }
    if (routing === undefined) {
      out.push({
        path: 'SetIdentifier',
        message:
          'SetIdentifier is only for record sets with a routing policy (Weight, Region, Failover, ' +
          'GeoLocation, GeoProximityLocation, MultiValueAnswer or CidrRoutingConfig)',
      });
    }
  }
  if (routing !== undefined) {
    const field = POLICY_FIELD[routing.kind];
    if (setIdentifier === undefined) {
      out.push({ path: 'SetIdentifier', message: `SetIdentifier is required with ${field}` });
    }
    if (set.type === RRTYPE.SOA || set.type === RRTYPE.NS) {
      out.push({
        path: field,
        message: `${typeToString(set.type)} record sets cannot have a routing policy`,
      });
    }
    policyProblems(set, routing, out);
  }
  aliasProblems(set, out);
  const check = set.healthCheckId;
  if (check !== undefined && (check.length < 1 || check.length > MAX_HEALTH_CHECK_ID_LENGTH)) {
    out.push({
      path: 'HealthCheckId',
      message: `HealthCheckId must be 1–${MAX_HEALTH_CHECK_ID_LENGTH} characters`,
    });
  }
  if (set.failureMode !== undefined) {
    if (set.failureMode !== 'open' && set.failureMode !== 'closed') {
      out.push({ path: 'FailureMode', message: 'FailureMode must be OPEN or CLOSED' });
    } else if (routing === undefined && set.alias === undefined) {
      out.push({
        path: 'FailureMode',
        message: 'FailureMode applies to routed record sets and aliases, not to a simple record set',
      });
    }
  }
  return out;
}
