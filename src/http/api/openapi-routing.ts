/**
 * OpenAPI schemas for traffic policies: the Route 53 routing fields of a ResourceRecordSet
 * (docs/routing-semantics.md §6.1), CIDR collections and operator regions. Merged into SCHEMAS.
 */
import { schemaRef as ref, type SchemaObject } from './openapi-types';

const coordinate = (limit: number): SchemaObject => ({
  type: ['string', 'number'],
  description: `-${limit} … ${limit}, at most two decimal places; Route 53 writes a string ("49.22").`,
});

/** Properties added to ResourceRecordSet. */
export const ROUTING_PROPERTIES: Readonly<Record<string, SchemaObject>> = {
  SetIdentifier: {
    type: 'string',
    description:
      'Names one member of a routed record group; required on every member, absent on a simple set.',
    examples: ['Seattle'],
  },
  Weight: { type: 'integer', minimum: 0, maximum: 255, description: 'Weighted routing.' },
  Region: {
    type: 'string',
    description: 'Latency routing: a built-in or operator region id.',
    examples: ['us-east-1'],
  },
  Failover: { type: 'string', enum: ['PRIMARY', 'SECONDARY'] },
  GeoLocation: ref('GeoLocation'),
  GeoProximityLocation: ref('GeoProximityLocation'),
  MultiValueAnswer: { type: 'boolean', description: 'Multivalue answer routing; only true is accepted.' },
  CidrRoutingConfig: ref('CidrRoutingConfig'),
  AliasTarget: ref('AliasTarget'),
  HealthCheckId: {
    type: 'string',
    description:
      'The id of a defined health check (POST /api/v1/health-checks); the member is skipped while it is unhealthy.',
  },
  FailureMode: {
    type: 'string',
    enum: ['OPEN', 'CLOSED'],
    description:
      'edgesteer extension: with no healthy candidate, OPEN (default, as Route 53) answers as if all were ' +
      'healthy, CLOSED answers NODATA. The same on every member of a group.',
  },
};

export const ROUTING_SCHEMAS: Readonly<Record<string, SchemaObject>> = {
  GeoLocation: {
    type: 'object',
    description: 'ContinentCode alone, or CountryCode (`*` = default) with an optional SubdivisionCode.',
    properties: {
      ContinentCode: { type: 'string', enum: ['AF', 'AN', 'AS', 'EU', 'NA', 'OC', 'SA'] },
      CountryCode: { type: 'string', examples: ['US', '*'] },
      SubdivisionCode: { type: 'string', examples: ['CA'] },
    },
  },
  GeoProximityLocation: {
    type: 'object',
    description: 'Exactly one of AWSRegion, LocalZoneGroup and Coordinates.',
    properties: {
      AWSRegion: { type: 'string', examples: ['us-east-1'] },
      LocalZoneGroup: { type: 'string', examples: ['us-west-2-lax-1'] },
      Coordinates: {
        type: 'object',
        required: ['Latitude', 'Longitude'],
        properties: { Latitude: coordinate(90), Longitude: coordinate(180) },
      },
      Bias: { type: 'integer', minimum: -99, maximum: 99 },
    },
  },
  CidrRoutingConfig: {
    type: 'object',
    required: ['CollectionId', 'LocationName'],
    properties: {
      CollectionId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
      LocationName: { type: 'string', pattern: '^([A-Za-z0-9_-]{1,16}|\\*)$' },
    },
  },
  AliasTarget: {
    type: 'object',
    description:
      'A record group of the same type in a hosted zone. An alias has no TTL and no ResourceRecords.',
    required: ['HostedZoneId', 'DNSName', 'EvaluateTargetHealth'],
    properties: {
      HostedZoneId: { type: 'string' },
      DNSName: { type: 'string', examples: ['origin.example.com.'] },
      EvaluateTargetHealth: { type: 'boolean' },
    },
  },
  CidrLocation: {
    type: 'object',
    required: ['LocationName', 'CidrList'],
    properties: {
      LocationName: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,16}$' },
      CidrList: {
        type: 'array',
        items: { type: 'string', examples: ['198.51.100.0/24', '2001:db8::/32'] },
        minItems: 1,
        description: 'IPv4 /1–/24, IPv6 /1–/48, host bits zero; each block in one location only.',
      },
    },
  },
  CidrCollectionInput: {
    type: 'object',
    required: ['Name'],
    properties: {
      Name: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
      Locations: { type: 'array', items: ref('CidrLocation'), description: 'At most 1,000 blocks in all.' },
    },
  },
  CidrCollection: {
    type: 'object',
    required: ['Id', 'Name', 'Locations', 'Version', 'UpdatedAt'],
    properties: {
      Id: { type: 'string' },
      Name: { type: 'string' },
      Locations: { type: 'array', items: ref('CidrLocation') },
      Version: { type: 'integer', description: 'Config version of the last change to this collection.' },
      UpdatedAt: { type: 'string', format: 'date-time' },
    },
  },
  CidrCollectionList: {
    type: 'object',
    required: ['CidrCollections'],
    properties: { CidrCollections: { type: 'array', items: ref('CidrCollection'), maxItems: 5 } },
  },
  RegionInput: {
    type: 'object',
    required: ['Latitude', 'Longitude'],
    properties: {
      Latitude: { type: 'number', minimum: -90, maximum: 90 },
      Longitude: { type: 'number', minimum: -180, maximum: 180 },
      Name: { type: 'string', maxLength: 128 },
      BeaconUrl: { type: 'string', format: 'uri', maxLength: 2048 },
    },
  },
  Region: {
    type: 'object',
    required: ['Id', 'Latitude', 'Longitude', 'Version', 'UpdatedAt'],
    properties: {
      Id: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' },
      Name: { type: 'string' },
      Latitude: { type: 'number' },
      Longitude: { type: 'number' },
      BeaconUrl: { type: 'string', format: 'uri' },
      Version: { type: 'integer' },
      UpdatedAt: { type: 'string', format: 'date-time' },
    },
  },
  RegionList: {
    type: 'object',
    required: ['Regions'],
    properties: { Regions: { type: 'array', items: ref('Region') } },
  },
};
