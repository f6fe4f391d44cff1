import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, BASE } from '../support/api';

const json = { 'Content-Type': 'application/json' };

// The first request loads the whole Worker, which takes longer than one test may.
beforeAll(() => exports.default.fetch(`${BASE}/openapi.json`), 60_000);

function putStatus(id: string, body: unknown, headers: Record<string, string> = json): Promise<Response> {
  return api(`/health-checks/${id}/status`, {
    method: 'PUT',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers,
  });
}

describe('PUT/GET/DELETE /api/v1/health-checks/{id}/status', () => {
  it('sets, reads, lists and clears a status', async () => {
    const put = await putStatus('web-eu-1', { Healthy: false, Reason: 'maintenance' });
    expect(put.status).toBe(200);
    expect(put.headers.get('Cache-Control')).toBe('no-store');
    const body = await put.json<Record<string, unknown>>();
    expect(body).toEqual({
      HealthCheckId: 'web-eu-1',
      Status: 'UNHEALTHY',
      Since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      Source: 'manual',
      Reason: 'maintenance',
      Version: expect.any(Number),
    });

    const get = await api('/health-checks/web-eu-1/status');
    expect(get.status).toBe(200);
    // The GET adds what the probes saw: nothing yet, as web-eu-1 has no definition.
    expect(await get.json()).toEqual({ ...body, HealthCheckObservations: [], Transitions: [] });

    await putStatus('web-us-1', { Healthy: true });
    const list = await api('/health-checks/status');
    expect(list.status).toBe(200);
    const listed = await list.json<{ Version: number; HealthCheckStatuses: Record<string, unknown>[] }>();
    expect(listed.Version).toBe(Number(body['Version']) + 1);
    expect(listed.HealthCheckStatuses).toContainEqual({
      HealthCheckId: 'web-us-1',
      Status: 'HEALTHY',
      Since: expect.any(String),
      Source: 'manual',
    });

    const cleared = await api('/health-checks/web-eu-1/status', { method: 'DELETE' });
    expect(await cleared.json()).toEqual({
      HealthCheckId: 'web-eu-1',
      Cleared: true,
      Version: listed.Version + 1,
    });
    const gone = await api('/health-checks/web-eu-1/status');
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ error: 'health check web-eu-1 has no result yet; counts healthy' });
    const again = await api('/health-checks/web-eu-1/status', { method: 'DELETE' });
    expect(await again.json()).toEqual({
      HealthCheckId: 'web-eu-1',
      Cleared: false,
      Version: listed.Version + 1,
    });
  });

  it('a repeated PUT keeps the version', async () => {
    const first = await (await putStatus('repeat', { Healthy: false, Reason: 'r' })).json<{
      Version: number;
    }>();
    const second = await (await putStatus('repeat', { Healthy: false, Reason: 'r' })).json<{
      Version: number;
    }>();
    expect(second.Version).toBe(first.Version);
  });

  it('reports every problem with its path, and changes nothing', async () => {
    const before = await (await api('/health-checks/status')).json<{ Version: number }>();
    const res = await putStatus('bad.id', { Healthy: 'no', Reason: 7, Extra: 1 });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [
        { path: 'id', message: expect.stringContaining('invalid health-check id') },
        { path: '/Extra', message: 'unknown member; expected Healthy, Reason' },
        { path: '/Healthy', message: 'required: true or false' },
        { path: '/Reason', message: 'expected a string' },
      ],
    });
    const tooLong = await putStatus('ok-id', { Healthy: true, Reason: 'x'.repeat(257) });
    expect(await tooLong.json()).toEqual({
      errors: [{ path: '/Reason', message: 'a reason has 1–256 characters' }],
    });
    expect((await putStatus('ok-id', [true])).status).toBe(400);
    expect((await putStatus('ok-id', '{"Healthy": tru')).status).toBe(400);
    expect((await api(`/health-checks/${'a'.repeat(65)}/status`)).status).toBe(400);
    expect((await api('/health-checks/bad%20id/status', { method: 'DELETE' })).status).toBe(400);
    const after = await (await api('/health-checks/status')).json<{ Version: number }>();
    expect(after.Version).toBe(before.Version);
  });

  it('415 without JSON, 413 past 8 MiB, 405 with Allow', async () => {
    const text = await putStatus('media', '{"Healthy":true}', { 'Content-Type': 'text/plain' });
    expect(text.status).toBe(415);
    const huge = await putStatus(
      'big',
      JSON.stringify({ Healthy: true, Reason: 'x'.repeat(8 * 1024 * 1024) }),
    );
    expect(huge.status).toBe(413);
    const patch = await api('/health-checks/x/status', { method: 'PATCH' });
    expect(patch.status).toBe(405);
    expect(patch.headers.get('Allow')).toBe('GET, PUT, DELETE, HEAD');
    const post = await api('/health-checks/status', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('Allow')).toBe('GET, HEAD');
  });

  it('needs the bearer token', async () => {
    for (const [method, path] of [
      ['GET', '/health-checks/status'],
      ['GET', '/health-checks/x/status'],
      ['PUT', '/health-checks/x/status'],
      ['DELETE', '/health-checks/x/status'],
    ] as const) {
      const res = await exports.default.fetch(
        new Request(`${BASE}${path}`, {
          method,
          body: method === 'PUT' ? '{"Healthy":false}' : null,
          headers: json,
        }),
      );
      expect(res.status, `${method} ${path}`).toBe(401);
    }
    expect((await api('/health-checks/x/status')).status).toBe(404);
  });
});
