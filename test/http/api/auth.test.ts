import { createExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/http/app';
import { BASE } from '../../support/api';

function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${path}`, { headers }));
}

describe('bearer auth', () => {
  it('refuses a request without a token, with a challenge and a JSON error', async () => {
    const res = await get('/zones');
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toBe('Bearer realm="edgesteer"');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(await res.json()).toEqual({ error: 'a valid bearer token is required' });
  });

  it.each([
    ['a wrong token of the same length', `Bearer ${'x'.repeat(env.ADMIN_TOKEN?.length ?? 8)}`],
    ['a wrong, shorter token', 'Bearer short'],
    ['a wrong, longer token', `Bearer ${env.ADMIN_TOKEN ?? ''}extra`],
    ['a prefix of the token', `Bearer ${(env.ADMIN_TOKEN ?? '').slice(0, -1)}`],
    ['another scheme', `Basic ${btoa('admin:secret')}`],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s', async (_, authorization) => {
    const res = await get('/zones', { Authorization: authorization });
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer realm="edgesteer"/);
  });

  it('accepts the right token (scheme case-insensitive)', async () => {
    for (const scheme of ['Bearer', 'bearer']) {
      const res = await get('/zones', { Authorization: `${scheme} ${env.ADMIN_TOKEN}` });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ zones: expect.any(Array) });
    }
  });

  it('asks for the token before saying a route or method does not exist', async () => {
    expect((await get('/nope')).status).toBe(401);
    expect((await exports.default.fetch(new Request(`${BASE}/zones`, { method: 'PATCH' }))).status).toBe(401);
  });

  it('refuses everything when ADMIN_TOKEN is not set, even an empty bearer', async () => {
    const app = createApp();
    for (const token of [undefined, '']) {
      const unset = { ...env, ADMIN_TOKEN: token };
      for (const authorization of ['Bearer ', `Bearer ${env.ADMIN_TOKEN}`]) {
        const request = new Request(`${BASE}/zones`, { headers: { Authorization: authorization } });
        const res = await app.fetch(request, unset, createExecutionContext());
        expect(res.status).toBe(401);
      }
    }
  });

  it('accepts tokens made of any visible ASCII (0x21–0x7E), as secret generators produce', async () => {
    const app = createApp();
    const visible = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join('');
    for (const token of ['p@ss!word#1', 'a"b\\c', 'x=y;z,w', '<>{}[]|^`', visible]) {
      const request = new Request(`${BASE}/zones`, { headers: { Authorization: `Bearer ${token}` } });
      const res = await app.fetch(request, { ...env, ADMIN_TOKEN: token }, createExecutionContext());
      expect(res.status, token).toBe(200);
    }
  });

  it('refuses a token with a space, a control character or non-ASCII inside', async () => {
    const app = createApp();
    for (const token of ['two words', 'tab\there', 'caf\u00e9']) {
      const request = new Request(`${BASE}/zones`, { headers: { Authorization: `Bearer ${token}` } });
      const res = await app.fetch(request, { ...env, ADMIN_TOKEN: token }, createExecutionContext());
      expect(res.status, token).toBe(401);
    }
  });

  it('serves the OpenAPI document without a token', async () => {
    const res = await get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
  });
});
