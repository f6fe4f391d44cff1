/**
 * Webhook routes (the HealthWebhooks Durable Object): `GET`/`POST /webhooks`,
 * `GET`/`PUT`/`DELETE /webhooks/{id}` and `POST /webhooks/{id}/test`. Bodies are
 * `{"Url":"https://…","Secret":"…","HealthCheckIds":["…"],"Description":"…"}` (webhook-input.ts);
 * PUT replaces all but an absent Secret, which stays (`"Secret": null` removes it). Secrets are
 * write-only: responses say `SecretSet`.
 */
import type { Context } from 'hono';
import { err, type Result } from '../../result';
import { invalid } from '../../validation/problem';
import { healthWebhooks } from '../../webhooks/client';
import type { WebhookView } from '../../webhooks/subscription-views';
import { parseWebhookInput, type WebhookInput } from '../../webhooks/webhook-input';
import type { AppEnv } from '../app-env';
import { readJsonBody } from './body';
import { errorResponse } from './errors';
import { jsonResponse } from './json';
import { outboundOf } from './outbound';

type Ctx = Context<AppEnv>;

/** A URL of 2,048 characters, 100 ids of 64, a description of 256: well under this. */
const MAX_WEBHOOK_BODY = 16 * 1024;

function webhookJson(view: WebhookView) {
  const { status } = view;
  return {
    Id: view.id,
    Url: view.url,
    ...(view.healthCheckIds === undefined ? {} : { HealthCheckIds: view.healthCheckIds }),
    ...(view.description === undefined ? {} : { Description: view.description }),
    SecretSet: view.secretSet,
    CreatedAt: view.createdAt,
    UpdatedAt: view.updatedAt,
    Status: {
      Pending: status.pending,
      Delivered: status.delivered,
      GivenUp: status.givenUp,
      Dropped: status.dropped,
      LastAttemptAt: status.lastAttemptAt,
      LastStatus: status.lastStatus,
      LastError: status.lastError,
      NextAttemptAt: status.nextAttemptAt,
    },
  };
}

async function readInput(c: Ctx): Promise<Result<WebhookInput, Response>> {
  const json = await readJsonBody(c.req.raw, MAX_WEBHOOK_BODY);
  if (!json.ok) return err(errorResponse(json.error));
  const input = parseWebhookInput(json.value, outboundOf(c));
  return input.ok ? input : err(errorResponse(invalid(input.error)));
}

const notFound = (id: string): Response => errorResponse({ kind: 'not-found', message: `no webhook ${id}` });

export async function listWebhooks(c: Ctx): Promise<Response> {
  const { outbox, webhooks } = await healthWebhooks(c.env).status();
  return jsonResponse({
    Webhooks: webhooks.map(webhookJson),
    Outbox: { Pending: outbox.pending, MaxPending: outbox.maxPending },
  });
}

export async function createWebhook(c: Ctx): Promise<Response> {
  const input = await readInput(c);
  if (!input.ok) return input.error;
  const created = await healthWebhooks(c.env).create(input.value);
  if (!created.ok) return errorResponse(created.error);
  const location = `/api/v1/webhooks/${encodeURIComponent(created.value.id)}`;
  return jsonResponse(webhookJson(created.value), 201, { Location: location });
}

export async function getWebhook(c: Ctx): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const found = await healthWebhooks(c.env).get(id);
  return found === null ? notFound(id) : jsonResponse(webhookJson(found));
}

export async function updateWebhook(c: Ctx): Promise<Response> {
  const input = await readInput(c);
  if (!input.ok) return input.error;
  const updated = await healthWebhooks(c.env).update(c.req.param('id') ?? '', input.value);
  return updated.ok ? jsonResponse(webhookJson(updated.value)) : errorResponse(updated.error);
}

export async function deleteWebhook(c: Ctx): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const removed = await healthWebhooks(c.env).remove(id);
  return removed ? jsonResponse({ Id: id, Deleted: true }) : notFound(id);
}

/** Queues a `webhook.test` event for this subscription alone (202: it goes out with the next alarm). */
export async function testWebhook(c: Ctx): Promise<Response> {
  const sent = await healthWebhooks(c.env).sendTest(c.req.param('id') ?? '');
  return sent.ok ? jsonResponse({ EventId: sent.value.eventId }, 202) : errorResponse(sent.error);
}
