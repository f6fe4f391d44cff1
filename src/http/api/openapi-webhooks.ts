/** OpenAPI paths of the webhook routes (webhooks.ts); their schemas: openapi-webhook-schemas.ts. */
import {
  jsonBody,
  ok,
  type ParameterObject,
  type PathItemObject,
  type ResponseObject,
  response,
} from './openapi-types';

const id: ParameterObject = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
};
const notFound: ResponseObject = { description: 'No such webhook.', content: jsonBody('Error') };
const TAGS = ['webhooks'];

const writeErrors = {
  '400': response('BadRequest'),
  '401': response('Unauthorized'),
  '413': { description: 'Body larger than 16 KiB.', content: jsonBody('Error') },
  '415': response('UnsupportedMediaType'),
};

export const WEBHOOK_PATHS: Readonly<Record<string, PathItemObject>> = {
  '/webhooks': {
    get: {
      operationId: 'listWebhooks',
      summary: 'Webhooks with their delivery status, and the outbox fill',
      tags: TAGS,
      responses: { '200': ok('All of them.', 'WebhookList'), '401': response('Unauthorized') },
    },
    post: {
      operationId: 'createWebhook',
      summary: 'Subscribe a URL to health-status changes (at most 20 webhooks)',
      tags: TAGS,
      requestBody: { required: true, content: jsonBody('WebhookInput') },
      responses: {
        '201': { ...ok('Created.', 'Webhook'), headers: { Location: { schema: { type: 'string' } } } },
        ...writeErrors,
        '409': { description: 'There are 20 webhooks already.', content: jsonBody('Error') },
      },
    },
  },
  '/webhooks/{id}': {
    get: {
      operationId: 'getWebhook',
      summary: 'One webhook with its delivery status',
      tags: TAGS,
      parameters: [id],
      responses: { '200': ok('Found.', 'Webhook'), '401': response('Unauthorized'), '404': notFound },
    },
    put: {
      operationId: 'updateWebhook',
      summary: 'Replace a webhook (a pending retry goes out at once)',
      tags: TAGS,
      parameters: [id],
      requestBody: { required: true, content: jsonBody('WebhookInput') },
      responses: { '200': ok('Replaced.', 'Webhook'), ...writeErrors, '404': notFound },
    },
    delete: {
      operationId: 'deleteWebhook',
      summary: 'Delete a webhook and its pending deliveries',
      tags: TAGS,
      parameters: [id],
      responses: {
        '200': {
          description: 'Deleted.',
          content: {
            'application/json': { schema: { type: 'object', properties: { Id: {}, Deleted: {} } } },
          },
        },
        '401': response('Unauthorized'),
        '404': notFound,
      },
    },
  },
  '/webhooks/{id}/test': {
    post: {
      operationId: 'testWebhook',
      summary: 'Send a `webhook.test` event to this webhook alone',
      tags: TAGS,
      parameters: [id],
      responses: {
        '202': {
          description: 'Queued; it goes out with the next delivery run.',
          content: {
            'application/json': { schema: { type: 'object', properties: { EventId: { type: 'string' } } } },
          },
        },
        '401': response('Unauthorized'),
        '404': notFound,
      },
    },
  },
};
