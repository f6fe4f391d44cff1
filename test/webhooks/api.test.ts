import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { healthWebhooks } from '../../src/webhooks/client';
import type { HealthWebhooks } from '../../src/webhooks/health-webhooks';
import { api, BASE } from '../support/api';
import { alarmAt, T0 } from '../support/signals';
import { hookUrl, received } from '../support/webhooks';

const SECRET = 'whsec-api-test-secret-0123456789';
const json = { 'Content-Type': 'application/json' };
type Webhook = { Id: string; SecretSet: boolean; Status: Record<string, unknown> } & Record<string, unknown>;

// The first request loads the whole Worker; the API's object runs on a clock far ahead, so its
// alarms wait for the tests.
beforeAll(async () => {
  await exports.default.fetch(`${BASE}/openapi.json`);
  await runInDurableObject(healthWebhooks(env), (instance: HealthWebhooks) => {
    instance.now = () => T0;
  });
}, 60_000);

/** Every response body of this file, to look for the secret in. */
const bodies: string[] = [];

async function call(path: string, method = 'GET', body?: unknown) {
  const init = body === undefined ? { method } : { method, headers: json, body: JSON.stringify(body) };
  const response = await api(path, init);
  const text = await response.text();
  bodies.push(text, [...response.headers].join('\n'));
  return {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(text) as Record<string, unknown>,
  };
}

async function deleteAll(): Promise<void> {
  const list = await call('/webhooks');
  for (const hook of list.body['Webhooks'] as Webhook[]) await call(`/webhooks/${hook.Id}`, 'DELETE');
}

describe('/api/v1/webhooks', () => {
  it('creates (201 + Location), lists, reads, replaces and deletes a webhook', async () => {
    const url = hookUrl(crypto.randomUUID());
    const created = await call('/webhooks', 'POST', { Url: url, Secret: SECRET, HealthCheckIds: ['web-1'] });
    expect(created.status).toBe(201);
    const hook = created.body as Webhook;
    expect(created.headers.get('Location')).toBe(`/api/v1/webhooks/${hook.Id}`);
    expect(hook).toEqual({
      Id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      Url: url,
      HealthCheckIds: ['web-1'],
      SecretSet: true,
      CreatedAt: new Date(T0).toISOString(),
      UpdatedAt: new Date(T0).toISOString(),
      Status: {
        Pending: 0,
        Delivered: 0,
        GivenUp: 0,
        Dropped: 0,
        LastAttemptAt: null,
        LastStatus: null,
        LastError: null,
        NextAttemptAt: null,
      },
    });
    const list = await call('/webhooks');
    expect(list.body['Webhooks']).toContainEqual(hook);
    expect(list.body['Outbox']).toEqual({ Pending: 0, MaxPending: 10_000 });
    expect((await call(`/webhooks/${hook.Id}`)).body).toEqual(hook);

    // An absent Secret stays; null removes it; everything else is replaced.
    const kept = await call(`/webhooks/${hook.Id}`, 'PUT', { Url: url, Description: 'pager' });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ SecretSet: true, Description: 'pager' });
    expect(kept.body['HealthCheckIds']).toBeUndefined();
    const cleared = await call(`/webhooks/${hook.Id}`, 'PUT', { Url: url, Secret: null });
    expect(cleared.body).toMatchObject({ SecretSet: false });

    expect(await call(`/webhooks/${hook.Id}`, 'DELETE')).toMatchObject({
      status: 200,
      body: { Id: hook.Id, Deleted: true },
    });
    for (const method of ['GET', 'DELETE'])
      expect((await call(`/webhooks/${hook.Id}`, method)).status).toBe(404);
    expect((await call(`/webhooks/${hook.Id}`, 'PUT', { Url: url })).status).toBe(404);
    expect((await call(`/webhooks/${hook.Id}/test`, 'POST')).status).toBe(404);
  });

  it('test sends a signed webhook.test event to that webhook alone, whatever its filter', async () => {
    const name = crypto.randomUUID();
    const created = await call('/webhooks', 'POST', {
      Url: hookUrl(name),
      Secret: SECRET,
      HealthCheckIds: ['x'],
    });
    const id = (created.body as Webhook).Id;
    const queued = await call(`/webhooks/${id}/test`, 'POST');
    expect(queued.status).toBe(202);
    const eventId = String(queued.body['EventId']);
    expect(eventId).toMatch(/^test-/);
    expect(await alarmAt(healthWebhooks(env))).toBe(T0);
    await runDurableObjectAlarm(healthWebhooks(env));
    const [hook] = await received(name);
    expect(JSON.parse(hook?.body ?? '')).toEqual({
      id: eventId,
      type: 'webhook.test',
      webhookId: id,
      at: new Date(T0).toISOString(),
    });
    const [, t, v1] = /^t=(\d+),v1=(\w+)$/.exec(String(hook?.headers['x-edgesteer-signature'])) ?? [];
    expect(v1).toBe(createHmac('sha256', SECRET).update(`${t}.${hook?.body}`).digest('hex'));
    expect((await call(`/webhooks/${id}`)).body['Status']).toMatchObject({ Delivered: 1, LastStatus: 204 });
  });

  it('refuses a bad body with every problem and its path (400), and non-JSON (415)', async () => {
    const bad = await call('/webhooks', 'POST', {
      Url: 'ftp://ops:hunter2@files.example.com/',
      Secret: 'too-short',
      HealthCheckIds: ['web-1', 'not valid'],
      Description: 7,
      Events: ['all'],
    });
    expect(bad.status).toBe(400);
    const paths = (bad.body['errors'] as { path: string }[]).map((p) => p.path);
    expect(paths).toEqual(['/Events', '/Url', '/Secret', '/Description', '/HealthCheckIds/1']);
    expect(JSON.stringify(bad.body)).not.toMatch(/hunter2|too-short/);
    const text = await api('/webhooks', {
      method: 'POST',
      body: 'Url=x',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect((await call('/webhooks', 'POST', ['https://x.test/'])).status).toBe(400);
  });

  it('allows at most 20 webhooks (409 past that)', async () => {
    await deleteAll();
    for (let n = 0; n < 20; n++)
      expect((await call('/webhooks', 'POST', { Url: `https://h${n}.test/` })).status).toBe(201);
    const refused = await call('/webhooks', 'POST', { Url: 'https://h20.test/' });
    expect(refused).toMatchObject({ status: 409, body: { error: 'at most 20 webhooks; delete one first' } });
    await deleteAll();
  });

  it('needs the bearer token on every route (401)', async () => {
    const routes = [
      ['GET', '/webhooks'],
      ['POST', '/webhooks'],
      ['GET', '/webhooks/abc'],
      ['PUT', '/webhooks/abc'],
      ['DELETE', '/webhooks/abc'],
      ['POST', '/webhooks/abc/test'],
    ];
    for (const [method, path] of routes) {
      const response = await exports.default.fetch(
        new Request(`${BASE}${path}`, { method, headers: json, body: method === 'GET' ? null : '{}' }),
      );
      expect(response.status, `${method} ${path}`).toBe(401);
    }
  });

  it('never shows the secret: no response body or header of this file holds it', async () => {
    const url = hookUrl(crypto.randomUUID());
    const { Id } = (await call('/webhooks', 'POST', { Url: url, Secret: SECRET })).body as Webhook;
    await call('/webhooks');
    await call(`/webhooks/${Id}`);
    await call(`/webhooks/${Id}`, 'PUT', { Url: url, Secret: SECRET });
    await call(`/webhooks/${Id}/test`, 'POST');
    await call(`/webhooks/${Id}`, 'DELETE');
    await call('/openapi.json');
    expect(bodies.some((text) => text.includes('"SecretSet":true'))).toBe(true);
    for (const text of bodies) expect(text).not.toContain(SECRET);
  });
});
