/**
 * The management API described as OpenAPI 3.1, served at GET /api/v1/openapi.json. Written by
 * hand; a test checks that every route in routes.ts appears here with its methods.
 */
import { EXPLAIN_PATHS } from './openapi-explain';
import { HEALTH_CHECK_PATHS } from './openapi-health-checks';
import { RESOURCE_PATHS } from './openapi-resources';
import { PARAMETERS, RESPONSES, SCHEMAS } from './openapi-schemas';
import {
  jsonBody,
  type OpenApiDocument,
  type OperationObject,
  ok,
  param,
  type ResponseObject,
  response,
} from './openapi-types';
import { WEBHOOK_PATHS } from './openapi-webhooks';

const WRITE_PARAMS = [param('zone'), param('expectedVersion'), param('ifMatch')];

const ZONE_BODY_TYPES = {
  'text/dns': { schema: { type: 'string', description: 'A BIND zone file (RFC 1035 §5).' } },
  'text/plain': { schema: { type: 'string', description: 'A BIND zone file.' } },
  'application/json': { schema: { $ref: '#/components/schemas/ResourceRecordSetList' } },
} as const;

/** A zone write that is stale or would take away the target of an alias in another zone. */
const zoneConflict: ResponseObject = {
  description:
    'expectedVersion is stale, or the write would leave alias record sets in other hosted zones ' +
    'without their target (the message names each).',
  content: jsonBody('Error'),
};

const putZone: OperationObject = {
  operationId: 'putZone',
  summary: 'Create or replace a zone',
  description: 'The whole zone, as a BIND zone file or Route 53 list-resource-record-sets JSON (≤ 32 MiB).',
  tags: ['zones'],
  parameters: [...WRITE_PARAMS, param('comment')],
  requestBody: { required: true, content: ZONE_BODY_TYPES },
  responses: {
    '200': ok('The zone was replaced.', 'ChangeInfoResponse'),
    '201': {
      ...ok('The zone was created.', 'ChangeInfoResponse'),
      headers: { Location: { schema: { type: 'string' } } },
    },
    '400': response('BadRequest'),
    '401': response('Unauthorized'),
    '409': zoneConflict,
    '413': response('PayloadTooLarge'),
    '415': response('UnsupportedMediaType'),
  },
};

const exportResponses: ResponseObject = {
  description:
    'The zone file (format=bind, the default) or Route 53 JSON (format=route53), as an attachment.',
  headers: { 'Content-Disposition': { schema: { type: 'string' } } },
  content: {
    'text/dns': { schema: { type: 'string' } },
    'application/json': { schema: { $ref: '#/components/schemas/ResourceRecordSetList' } },
  },
};

export const OPENAPI_DOCUMENT: OpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'edgesteer management API',
    version: '1',
    description:
      'Hosted zones and record sets, in BIND and Route 53 shapes. Every write is validated as a whole ' +
      'and committed as one new config version, or refused with nothing changed.',
  },
  servers: [{ url: '/api/v1' }],
  security: [{ bearer: [] }],
  paths: {
    '/openapi.json': {
      get: {
        operationId: 'getOpenApi',
        summary: 'This document',
        security: [],
        responses: {
          '200': { description: 'OpenAPI 3.1 document.', content: { 'application/json': { schema: {} } } },
        },
      },
    },
    '/status': {
      get: {
        operationId: 'getStatus',
        summary: 'Committed and published config versions',
        responses: { '200': ok('Versions.', 'Status'), '401': response('Unauthorized') },
      },
    },
    '/zones': {
      get: {
        operationId: 'listZones',
        summary: 'List hosted zones',
        tags: ['zones'],
        responses: { '200': ok('Zone summaries.', 'ZoneList'), '401': response('Unauthorized') },
      },
    },
    '/zones/{zone}': {
      get: {
        operationId: 'getZone',
        summary: 'A zone with its record sets',
        tags: ['zones'],
        parameters: [param('zone')],
        responses: {
          '200': ok('The zone.', 'ZoneDetail'),
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '404': response('NotFound'),
        },
      },
      put: putZone,
      delete: {
        operationId: 'deleteZone',
        summary: 'Delete a zone',
        tags: ['zones'],
        parameters: [...WRITE_PARAMS, param('comment')],
        responses: {
          '200': ok('The zone was deleted.', 'ChangeInfoResponse'),
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '404': response('NotFound'),
          '409': zoneConflict,
        },
      },
    },
    '/zones/{zone}/changes': {
      post: {
        operationId: 'changeResourceRecordSets',
        summary: 'Apply a Route 53 ChangeBatch, all or nothing',
        tags: ['zones'],
        parameters: WRITE_PARAMS,
        requestBody: { required: true, content: jsonBody('ChangeBatch') },
        responses: {
          '200': ok('The batch was committed.', 'ChangeInfoResponse'),
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '404': response('NotFound'),
          '409': zoneConflict,
          '413': response('PayloadTooLarge'),
          '415': response('UnsupportedMediaType'),
        },
      },
    },
    '/zones/{zone}/export': {
      get: {
        operationId: 'exportZone',
        summary: 'Download a zone as a BIND zone file or Route 53 JSON',
        tags: ['zones'],
        parameters: [
          param('zone'),
          { name: 'format', in: 'query', schema: { type: 'string', enum: ['bind', 'route53'] } },
        ],
        responses: {
          '200': exportResponses,
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '404': response('NotFound'),
        },
      },
    },
    '/changes/{id}': {
      get: {
        operationId: 'getChange',
        summary: 'Status of a change (PENDING until published, then INSYNC)',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: { type: 'string', examples: ['C2682N5HXP0BZ4Q'] },
          },
        ],
        responses: {
          '200': ok('The change.', 'ChangeInfoResponse'),
          '401': response('Unauthorized'),
          '404': response('NotFound'),
        },
      },
    },
    '/health-checks/status': {
      get: {
        operationId: 'listHealthCheckStatuses',
        summary: 'Every health check with a status (the others have no result yet and count healthy)',
        tags: ['health'],
        responses: { '200': ok('Statuses.', 'HealthCheckStatusList'), '401': response('Unauthorized') },
      },
    },
    '/health-checks/{id}/status': {
      get: {
        operationId: 'getHealthCheckStatus',
        summary: "A check's status",
        tags: ['health'],
        parameters: [param('healthCheckId')],
        responses: {
          '200': ok('The status.', 'HealthCheckStatus'),
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '404': { description: 'No result yet; the check counts healthy.', content: jsonBody('Error') },
        },
      },
      put: {
        operationId: 'setHealthCheckStatus',
        summary: "Set a check's status by hand (published to the query path within seconds)",
        tags: ['health'],
        parameters: [param('healthCheckId')],
        requestBody: { required: true, content: jsonBody('HealthCheckStatusInput') },
        responses: {
          '200': ok('The status now.', 'HealthCheckStatus'),
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '413': response('SignalPayloadTooLarge'),
          '415': response('UnsupportedMediaType'),
        },
      },
      delete: {
        operationId: 'clearHealthCheckStatus',
        summary: 'Back to "no result yet" (counts healthy)',
        tags: ['health'],
        parameters: [param('healthCheckId')],
        responses: {
          '200': ok('Cleared (or had no result).', 'HealthCheckStatusCleared'),
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
        },
      },
    },
    '/latency': {
      get: {
        operationId: 'getLatency',
        summary: 'The measured latency table',
        tags: ['latency'],
        responses: { '200': ok('The table.', 'LatencyTable'), '401': response('Unauthorized') },
      },
      put: {
        operationId: 'replaceLatency',
        summary: 'Replace the measured latency table',
        tags: ['latency'],
        requestBody: { required: true, content: jsonBody('LatencyImport') },
        responses: {
          '200': ok('Stored; Changed is false when it matched the table.', 'LatencyWriteResult'),
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '413': response('SignalPayloadTooLarge'),
          '415': response('UnsupportedMediaType'),
        },
      },
      post: {
        operationId: 'mergeLatency',
        summary: 'Merge measurements into the table (newest MeasuredAt wins per place and region)',
        tags: ['latency'],
        requestBody: { required: true, content: jsonBody('LatencyImport') },
        responses: {
          '200': ok('Merged; Changed is false when nothing was newer.', 'LatencyWriteResult'),
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '413': response('SignalPayloadTooLarge'),
          '415': response('UnsupportedMediaType'),
        },
      },
      delete: {
        operationId: 'clearLatency',
        summary: 'Empty the table (MaxAgeSeconds back to 86400)',
        tags: ['latency'],
        responses: { '200': ok('Cleared.', 'LatencyWriteResult'), '401': response('Unauthorized') },
      },
    },
    '/latency/sampled': {
      delete: {
        operationId: 'clearSampledLatency',
        summary: "Forget the edge's own samples (imported measurements stay)",
        tags: ['latency'],
        responses: {
          '200': { description: 'Cleared: {"Version":…,"Cleared":<cells>}.' },
          '401': response('Unauthorized'),
        },
      },
    },
    ...RESOURCE_PATHS,
    ...EXPLAIN_PATHS,
    ...HEALTH_CHECK_PATHS,
    ...WEBHOOK_PATHS,
  },
  components: {
    schemas: SCHEMAS,
    parameters: PARAMETERS,
    responses: RESPONSES,
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'The ADMIN_TOKEN secret.' },
    },
  },
};
