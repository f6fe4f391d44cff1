/** Schemas, shared parameters and error responses of the OpenAPI document (openapi.ts). */
import { EXPLAIN_SCHEMAS } from './openapi-explain';
import { HEALTH_CHECK_SCHEMAS } from './openapi-health-checks';
import { LATENCY_SCHEMAS } from './openapi-latency-schemas';
import { ORIGIN_SCHEMAS } from './openapi-origins';
import { ROUTING_PROPERTIES, ROUTING_SCHEMAS } from './openapi-routing';
import {
  type ParameterObject,
  type ResponseObject,
  schemaRef as ref,
  type SchemaObject,
} from './openapi-types';
import { WEBHOOK_SCHEMAS } from './openapi-webhook-schemas';

export const SCHEMAS: Readonly<Record<string, SchemaObject>> = {
  ChangeInfo: {
    type: 'object',
    description: "Route 53's ChangeInfo plus the config version the change produced.",
    required: ['Id', 'Status', 'SubmittedAt', 'Version'],
    properties: {
      Id: { type: 'string', pattern: '^/change/C[A-Z2-7]{12,}$', examples: ['/change/C2682N5HXP0BZ4Q'] },
      Status: {
        type: 'string',
        enum: ['PENDING', 'INSYNC'],
        description: 'INSYNC once the config version is published to the query path.',
      },
      SubmittedAt: { type: 'string', format: 'date-time' },
      Comment: { type: 'string', maxLength: 256 },
      Version: { type: 'integer', minimum: 1 },
    },
  },
  ChangeInfoResponse: {
    type: 'object',
    required: ['ChangeInfo'],
    properties: { ChangeInfo: ref('ChangeInfo') },
  },
  ResourceRecord: {
    type: 'object',
    required: ['Value'],
    properties: { Value: { type: 'string', description: 'RDATA in presentation format.' } },
  },
  ResourceRecordSet: {
    type: 'object',
    description:
      'A Route 53 ResourceRecordSet. Names may omit the trailing dot; `*` may be written `\\052`. ' +
      'A routed record set has a SetIdentifier and one policy field (Weight, Region, Failover, GeoLocation, ' +
      'GeoProximityLocation, MultiValueAnswer, CidrRoutingConfig); an alias has AliasTarget and no TTL or ' +
      'ResourceRecords.',
    required: ['Name', 'Type'],
    properties: {
      Name: { type: 'string', examples: ['www.example.com.'] },
      Type: { type: 'string', examples: ['A', 'AAAA', 'CNAME', 'MX', 'TXT'] },
      TTL: { type: 'integer', minimum: 0, maximum: 2147483647 },
      ResourceRecords: { type: 'array', items: ref('ResourceRecord'), minItems: 1, maxItems: 400 },
      ...ROUTING_PROPERTIES,
    },
  },
  ...ROUTING_SCHEMAS,
  ...ORIGIN_SCHEMAS,
  ...EXPLAIN_SCHEMAS,
  ...HEALTH_CHECK_SCHEMAS,
  ...WEBHOOK_SCHEMAS,
  Change: {
    type: 'object',
    required: ['Action', 'ResourceRecordSet'],
    properties: {
      Action: { type: 'string', enum: ['CREATE', 'DELETE', 'UPSERT'] },
      ResourceRecordSet: ref('ResourceRecordSet'),
    },
  },
  ChangeBatch: {
    type: 'object',
    description:
      'A Route 53 ChangeResourceRecordSets body: `{"ChangeBatch":{...}}`, optionally with HostedZoneId, ' +
      'or the batch itself. All or nothing.',
    properties: {
      HostedZoneId: { type: 'string' },
      ChangeBatch: {
        type: 'object',
        required: ['Changes'],
        properties: {
          Comment: { type: 'string', maxLength: 256 },
          Changes: { type: 'array', items: ref('Change'), minItems: 1 },
        },
      },
      Comment: { type: 'string', maxLength: 256 },
      Changes: { type: 'array', items: ref('Change'), minItems: 1 },
    },
  },
  ResourceRecordSetList: {
    type: 'object',
    description: 'The AWS CLI `route53 list-resource-record-sets` output.',
    required: ['ResourceRecordSets'],
    properties: { ResourceRecordSets: { type: 'array', items: ref('ResourceRecordSet') } },
  },
  ZoneSummary: {
    type: 'object',
    required: ['name', 'recordSetCount', 'version', 'updatedAt'],
    properties: {
      name: { type: 'string', examples: ['example.com.'] },
      recordSetCount: { type: 'integer', minimum: 0 },
      version: { type: 'integer', description: 'Config version of the last change to this zone.' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  ZoneList: {
    type: 'object',
    required: ['zones'],
    properties: { zones: { type: 'array', items: ref('ZoneSummary') } },
  },
  ZoneDetail: {
    type: 'object',
    description: 'A ZoneSummary with the record sets in the AWS CLI shape.',
    required: ['name', 'recordSetCount', 'version', 'updatedAt', 'ResourceRecordSets'],
    properties: {
      name: { type: 'string' },
      recordSetCount: { type: 'integer' },
      version: { type: 'integer' },
      updatedAt: { type: 'string', format: 'date-time' },
      ResourceRecordSets: { type: 'array', items: ref('ResourceRecordSet') },
    },
  },
  Status: {
    type: 'object',
    required: ['version'],
    properties: {
      version: {
        type: 'object',
        required: ['committed', 'published'],
        properties: { committed: { type: 'integer' }, published: { type: 'integer' } },
      },
    },
  },
  Problem: {
    type: 'object',
    required: ['path', 'message'],
    properties: {
      path: {
        type: 'string',
        description: 'Where: a JSON pointer, `line N`, `owner./TYPE`, or a parameter name.',
        examples: ['/ChangeBatch/Changes/2', 'line 14', 'www.example.com./CNAME'],
      },
      message: { type: 'string' },
    },
  },
  ValidationErrors: {
    type: 'object',
    required: ['errors'],
    properties: { errors: { type: 'array', items: ref('Problem'), minItems: 1 } },
  },
  Error: {
    type: 'object',
    required: ['error'],
    properties: { error: { type: 'string' } },
  },
  VersionConflict: {
    type: 'object',
    required: ['error', 'expectedVersion', 'currentVersion'],
    properties: {
      error: { type: 'string' },
      expectedVersion: { type: 'integer' },
      currentVersion: { type: 'integer' },
    },
  },
  HealthCheckStatusInput: {
    type: 'object',
    required: ['Healthy'],
    properties: {
      Healthy: { type: 'boolean' },
      Reason: { type: ['string', 'null'], maxLength: 256, examples: ['maintenance'] },
    },
  },
  HealthCheckStatus: {
    type: 'object',
    description: 'A status; in lists without Version.',
    required: ['HealthCheckId', 'Status', 'Since', 'Source'],
    properties: {
      HealthCheckId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
      Status: { type: 'string', enum: ['HEALTHY', 'UNHEALTHY'] },
      Since: { type: 'string', format: 'date-time', description: 'Time of the last transition.' },
      Source: { type: 'string', enum: ['manual', 'probe'] },
      Reason: { type: 'string', maxLength: 256 },
      Version: { type: 'integer', minimum: 0, description: 'Health version (increments on every change).' },
    },
  },
  HealthCheckStatusList: {
    type: 'object',
    required: ['Version', 'HealthCheckStatuses'],
    properties: {
      Version: { type: 'integer', minimum: 0 },
      HealthCheckStatuses: { type: 'array', items: ref('HealthCheckStatus') },
    },
  },
  HealthCheckStatusCleared: {
    type: 'object',
    required: ['HealthCheckId', 'Cleared', 'Version'],
    properties: {
      HealthCheckId: { type: 'string' },
      Cleared: { type: 'boolean', description: 'False when the check had no result.' },
      Version: { type: 'integer', minimum: 0 },
    },
  },
  ...LATENCY_SCHEMAS,
};

export const PARAMETERS: Readonly<Record<string, ParameterObject>> = {
  zone: {
    name: 'zone',
    in: 'path',
    required: true,
    description: 'Zone apex; the trailing dot is optional.',
    schema: { type: 'string', examples: ['example.com'] },
  },
  expectedVersion: {
    name: 'expectedVersion',
    in: 'query',
    description: 'Refuse the write (409) unless the committed config version equals this.',
    schema: { type: 'integer', minimum: 0 },
  },
  ifMatch: {
    name: 'If-Match',
    in: 'header',
    description: 'The expected config version as `"N"` (same as expectedVersion).',
    schema: { type: 'string', pattern: '^"\\d+"$' },
  },
  comment: {
    name: 'comment',
    in: 'query',
    description: 'Comment recorded with the change.',
    schema: { type: 'string', maxLength: 256 },
  },
  healthCheckId: {
    name: 'id',
    in: 'path',
    required: true,
    description: 'Health-check id: 1–64 of A–Z a–z 0–9 _ -.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
  },
};

const json = (schema: string) => ({ 'application/json': { schema: ref(schema) } });

export const RESPONSES: Readonly<Record<string, ResponseObject>> = {
  BadRequest: { description: 'Invalid input; every problem is listed.', content: json('ValidationErrors') },
  Unauthorized: {
    description: 'Missing or wrong bearer token.',
    headers: { 'WWW-Authenticate': { schema: { type: 'string' } } },
    content: json('Error'),
  },
  NotFound: { description: 'No such zone or change.', content: json('Error') },
  Conflict: { description: 'expectedVersion is stale.', content: json('VersionConflict') },
  PayloadTooLarge: { description: 'Body larger than 32 MiB.', content: json('Error') },
  UnsupportedMediaType: { description: 'Content-Type not accepted.', content: json('Error') },
  SignalPayloadTooLarge: { description: 'Body larger than 8 MiB.', content: json('Error') },
};
