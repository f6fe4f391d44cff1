/** OpenAPI paths and schemas of the health-check definition routes (health-checks.ts). */
import { CHECKER_REGIONS, PROBED_TYPES } from '../../health/check-config';
import {
  jsonBody,
  ok,
  type PathItemObject,
  param,
  type ResponseObject,
  schemaRef as ref,
  response,
  type SchemaObject,
} from './openapi-types';

const WRITE = [param('expectedVersion'), param('ifMatch'), param('comment')];
const inUse: ResponseObject = {
  description:
    'expectedVersion is stale, a CallerReference names another config, or record sets / calculated checks use ' +
    'the check (the message names them).',
  content: jsonBody('Error'),
};
const count = (max: number): SchemaObject => ({ type: 'integer', minimum: 1, maximum: max });

export const HEALTH_CHECK_SCHEMAS: Readonly<Record<string, SchemaObject>> = {
  HealthCheckConfig: {
    type: 'object',
    description:
      "Route 53's HealthCheckConfig (docs/routing-semantics.md §5, §6.4) plus ExpectedStatusCodes, Headers, " +
      'ConsecutiveUp/ConsecutiveDown and QuorumPercent. CLOUDWATCH_METRIC, RECOVERY_CONTROL, AlarmIdentifier, ' +
      'InsufficientDataHealthStatus and RoutingControlArn are refused. Type, RequestInterval and MeasureLatency ' +
      'cannot change. A CALCULATED check has HealthThreshold and ChildHealthChecks and no endpoint fields.',
    required: ['Type'],
    properties: {
      Type: { type: 'string', enum: [...PROBED_TYPES, 'CALCULATED'] },
      IPAddress: { type: 'string', description: 'A public IPv4 or IPv6 address.' },
      Port: { type: 'integer', minimum: 1, maximum: 65535, description: 'Default 80 (HTTP) or 443 (HTTPS).' },
      ResourcePath: { type: 'string', maxLength: 255, description: 'A leading / is added.' },
      FullyQualifiedDomainName: { type: 'string', maxLength: 255 },
      SearchString: { type: 'string', maxLength: 255, description: 'Only for *_STR_MATCH, which need it.' },
      RequestInterval: { type: 'integer', enum: [10, 30], description: 'Default 30.' },
      FailureThreshold: { ...count(10), description: 'Default 3.' },
      MeasureLatency: { type: 'boolean' },
      Inverted: { type: 'boolean' },
      Disabled: { type: 'boolean' },
      HealthThreshold: { type: 'integer', minimum: 0, maximum: 255 },
      ChildHealthChecks: { type: 'array', items: { type: 'string' }, maxItems: 255 },
      EnableSNI: { type: 'boolean', description: 'Accepted; no effect (SNI is always the FQDN).' },
      Regions: {
        type: 'array',
        items: { type: 'string', enum: [...CHECKER_REGIONS] },
        minItems: 3,
        maxItems: 8,
      },
      ExpectedStatusCodes: {
        type: 'array',
        items: { type: 'string', examples: ['200-399', '204'] },
        minItems: 1,
        maxItems: 8,
        description: 'edgesteer extension; default 200-399.',
      },
      Headers: {
        type: 'array',
        maxItems: 8,
        description:
          'edgesteer extension; Host, Connection, Content-Length and Transfer-Encoding are refused.',
        items: {
          type: 'object',
          required: ['Name', 'Value'],
          properties: { Name: { type: 'string' }, Value: { type: 'string', maxLength: 1024 } },
        },
      },
      ConsecutiveUp: { ...count(10), description: 'edgesteer extension (anti-flap).' },
      ConsecutiveDown: { ...count(10), description: 'edgesteer extension (anti-flap).' },
      QuorumPercent: {
        type: 'integer',
        minimum: 0,
        maximum: 99,
        description:
          'edgesteer extension: healthy when more than this percentage of checker regions say so (default 18, as Route 53).',
      },
    },
  },
  HealthCheckCreate: {
    type: 'object',
    required: ['HealthCheckConfig'],
    properties: {
      CallerReference: {
        type: 'string',
        maxLength: 64,
        description: 'Makes the create idempotent: the same reference and config give the same check.',
      },
      HealthCheckConfig: ref('HealthCheckConfig'),
    },
  },
  HealthCheckUpdate: {
    type: 'object',
    required: ['HealthCheckConfig'],
    properties: { HealthCheckConfig: ref('HealthCheckConfig') },
  },
  HealthCheck: {
    type: 'object',
    required: ['Id', 'HealthCheckConfig', 'Version', 'UpdatedAt'],
    properties: {
      Id: { type: 'string', format: 'uuid' },
      CallerReference: { type: 'string' },
      HealthCheckConfig: ref('HealthCheckConfig'),
      Version: { type: 'integer', description: 'Config version of the last change to this check.' },
      UpdatedAt: { type: 'string', format: 'date-time' },
    },
  },
  HealthCheckWrite: {
    type: 'object',
    required: ['HealthCheck'],
    properties: {
      HealthCheck: ref('HealthCheck'),
      ChangeInfo: { ...ref('ChangeInfo'), description: 'Absent when an idempotent create changed nothing.' },
    },
  },
  HealthCheckList: {
    type: 'object',
    required: ['HealthChecks'],
    properties: { HealthChecks: { type: 'array', items: ref('HealthCheck') } },
  },
};

const bodyErrors = {
  '400': response('BadRequest'),
  '401': response('Unauthorized'),
  '413': response('PayloadTooLarge'),
  '415': response('UnsupportedMediaType'),
};

export const HEALTH_CHECK_PATHS: Readonly<Record<string, PathItemObject>> = {
  '/health-checks': {
    get: {
      operationId: 'listHealthChecks',
      summary: 'List health-check definitions',
      tags: ['health'],
      responses: { '200': ok('All of them.', 'HealthCheckList'), '401': response('Unauthorized') },
    },
    post: {
      operationId: 'createHealthCheck',
      summary: 'Create a health check (Route 53 CreateHealthCheck); versioned with the zones',
      tags: ['health'],
      parameters: WRITE,
      requestBody: { required: true, content: jsonBody('HealthCheckCreate') },
      responses: {
        '200': ok('The CallerReference was used with this config: the same check.', 'HealthCheckWrite'),
        '201': {
          ...ok('Created; ChangeInfo is PENDING until published.', 'HealthCheckWrite'),
          headers: { Location: { schema: { type: 'string' } } },
        },
        ...bodyErrors,
        '409': inUse,
      },
    },
  },
  '/health-checks/{id}': {
    get: {
      operationId: 'getHealthCheck',
      summary: 'One health-check definition',
      tags: ['health'],
      parameters: [param('healthCheckId')],
      responses: {
        '200': ok('Found.', 'HealthCheck'),
        '401': response('Unauthorized'),
        '404': response('NotFound'),
      },
    },
    put: {
      operationId: 'updateHealthCheck',
      summary: "Replace a check's config (Type, RequestInterval, MeasureLatency cannot change)",
      tags: ['health'],
      parameters: [param('healthCheckId'), ...WRITE],
      requestBody: { required: true, content: jsonBody('HealthCheckUpdate') },
      responses: {
        '200': ok('Replaced.', 'HealthCheckWrite'),
        ...bodyErrors,
        '404': response('NotFound'),
        '409': inUse,
      },
    },
    delete: {
      operationId: 'deleteHealthCheck',
      summary: 'Delete a health check (refused while record sets or calculated checks use it)',
      tags: ['health'],
      parameters: [param('healthCheckId'), ...WRITE],
      responses: {
        '200': ok('Deleted.', 'ChangeInfoResponse'),
        '400': response('BadRequest'),
        '401': response('Unauthorized'),
        '404': response('NotFound'),
        '409': inUse,
      },
    },
  },
};
