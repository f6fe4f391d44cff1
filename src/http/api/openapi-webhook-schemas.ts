/** OpenAPI schemas of the webhook routes (webhooks.ts) and of the events they deliver. */
import { WEBHOOK_LIMITS as L } from '../../webhooks/webhook-input';
import { schemaRef as ref, type SchemaObject } from './openapi-types';

const nullable = (type: string, description: string): SchemaObject => ({ type: [type, 'null'], description });

export const WEBHOOK_SCHEMAS: Readonly<Record<string, SchemaObject>> = {
  WebhookInput: {
    type: 'object',
    description: 'Unknown members are refused. PUT replaces every member but an absent Secret, which stays.',
    required: ['Url'],
    properties: {
      Url: {
        type: 'string',
        maxLength: L.urlChars,
        description: 'http or https, with a hostname, no user:password.',
      },
      Secret: {
        type: ['string', 'null'],
        description: `${L.secretMinChars}–${L.secretMaxChars} characters; signs each delivery. Write-only; null removes it.`,
      },
      HealthCheckIds: {
        type: 'array',
        items: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
        minItems: 1,
        maxItems: L.healthCheckIds,
        description: 'Only these checks; absent: every check.',
      },
      Description: { type: 'string', maxLength: L.descriptionChars },
    },
  },
  Webhook: {
    type: 'object',
    required: ['Id', 'Url', 'SecretSet', 'CreatedAt', 'UpdatedAt', 'Status'],
    properties: {
      Id: { type: 'string', format: 'uuid' },
      Url: { type: 'string' },
      HealthCheckIds: { type: 'array', items: { type: 'string' } },
      Description: { type: 'string' },
      SecretSet: { type: 'boolean', description: 'The secret itself is never returned.' },
      CreatedAt: { type: 'string', format: 'date-time' },
      UpdatedAt: { type: 'string', format: 'date-time' },
      Status: ref('WebhookDeliveryStatus'),
    },
  },
  WebhookDeliveryStatus: {
    type: 'object',
    properties: {
      Pending: { type: 'integer' },
      Delivered: { type: 'integer' },
      GivenUp: { type: 'integer', description: 'Failed 10 attempts.' },
      Dropped: { type: 'integer', description: 'Dropped unsent: the outbox was full (oldest first).' },
      LastAttemptAt: nullable('string', 'ISO time.'),
      LastStatus: nullable('integer', 'HTTP status of the last attempt; null: no response.'),
      LastError: nullable('string', 'Why the last attempt failed; null after a success.'),
      NextAttemptAt: nullable('string', 'When the next pending delivery goes out.'),
    },
  },
  WebhookList: {
    type: 'object',
    required: ['Webhooks', 'Outbox'],
    properties: {
      Webhooks: { type: 'array', items: ref('Webhook'), maxItems: 20 },
      Outbox: {
        type: 'object',
        properties: { Pending: { type: 'integer' }, MaxPending: { type: 'integer' } },
      },
    },
  },
  WebhookEvent: {
    type: 'object',
    description:
      'What a receiver gets: one event per POST, `X-Edgesteer-Event-Id` (de-duplicate by it) and, with a secret, ' +
      '`X-Edgesteer-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>.<body>">`. Types: ' +
      '`health-check.status-changed` (the members below) and `webhook.test` (id, type, webhookId, at).',
    required: ['id', 'type', 'at'],
    properties: {
      id: { type: 'string' },
      type: { type: 'string', enum: ['health-check.status-changed', 'webhook.test'] },
      healthCheckId: { type: 'string' },
      healthy: { type: 'boolean' },
      previousHealthy: { type: 'boolean' },
      at: { type: 'string', format: 'date-time' },
      reason: { type: 'string' },
      source: { type: 'string', enum: ['probe', 'manual'] },
      webhookId: { type: 'string' },
    },
  },
};
