/**
 * Origins through the management API and the real control-plane Durable Object: create, read,
 * list, replace, delete; every problem of a bad body in one 400; OriginName inside a hosted zone;
 * the limit; the published snapshot and the ZoneIndex built from it; no republish when nothing
 * published changed.
 */
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { controlPlane } from '../../../src/control/client';
import { MAX_ORIGINS } from '../../../src/control/resources/origin';
import type { ConfigSnapshot } from '../../../src/zones/snapshot';
import { buildZoneIndex } from '../../../src/zones/zone-index';
import { api, BASE, putZoneFile } from '../../support/api';
import { zoneText } from '../../support/control-zones';

const stub = controlPlane(env);

beforeAll(async () => {
  expect((await putZoneFile('shop.test', zoneText('shop.test'))).status).toBe(201);
});

beforeEach(async () => {
  await runInDurableObject(stub, (instance) => {
    instance.publishDelayMs = 3_600_000;
  });
});

function putOrigin(host: string, body: unknown): Promise<Response> {
  return api(`/origins/${host}`, {
    method: 'PUT',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
  });
}

async function publishedSnapshot(): Promise<ConfigSnapshot | null> {
  await runDurableObjectAlarm(stub);
  const pointer = await env.SNAPSHOTS.get<{ key: string }>('config/current', 'json');
  return env.SNAPSHOTS.get<ConfigSnapshot>(pointer?.key ?? '', 'json');
}

const FULL = {
  OriginName: 'Origin.Shop.test',
  Scheme: 'http',
  Port: 8080,
  TimeoutMs: 2000,
  Retry: { Attempts: 2, BudgetMs: 1500, On5xx: false },
  CacheMode: 'bypass',
  AddHeaders: [{ Name: 'X-Edge', Value: 'edgesteer 1' }],
  PassClientIp: true,
  HostHeader: 'client',
};

describe('origins', () => {
  it('creates (201) with defaults filled in, reads, lists, replaces (200), and deletes', async () => {
    const created = await putOrigin('WWW.Shop.test.', { OriginName: 'origin.shop.test' });
    expect(created.status).toBe(201);
    expect(created.headers.get('Location')).toBe('/api/v1/origins/www.shop.test');
    const { ChangeInfo } = await created.json<{ ChangeInfo: { Version: number; Status: string } }>();
    expect(ChangeInfo.Status).toBe('PENDING');
    const defaults = {
      Id: 'www.shop.test',
      OriginName: 'origin.shop.test.',
      Scheme: 'https',
      TimeoutMs: 5000,
      Retry: { Attempts: 3, BudgetMs: 10000, On5xx: true },
      CacheMode: 'origin',
      AddHeaders: [],
      PassClientIp: false,
      HostHeader: 'origin',
      Version: ChangeInfo.Version,
      UpdatedAt: expect.any(String),
    };
    expect(await (await api('/origins/www.shop.test')).json()).toEqual(defaults);
    // Any case and a trailing dot name the same origin.
    expect(await (await api('/origins/WWW.SHOP.TEST.')).json()).toEqual(defaults);

    const replaced = await putOrigin('www.shop.test', FULL);
    expect(replaced.status).toBe(200);
    const list = await (await api('/origins')).json<{ Origins: unknown[] }>();
    expect(list.Origins).toEqual([
      {
        ...FULL,
        Id: 'www.shop.test',
        OriginName: 'origin.shop.test.',
        Version: expect.any(Number),
        UpdatedAt: expect.any(String),
      },
    ]);

    const deleted = await api('/origins/www.shop.test', { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toMatchObject({ ChangeInfo: { Status: 'PENDING' } });
    expect((await api('/origins/www.shop.test')).status).toBe(404);
    expect((await api('/origins/www.shop.test', { method: 'DELETE' })).status).toBe(404);
    expect(await (await api('/origins/nowhere.shop.test')).json()).toEqual({
      error: 'no origin nowhere.shop.test',
    });
  });

  it('refuses a bad body with every problem at once, each at its path', async () => {
    const bad = await putOrigin('-bad-.shop.test', {
      OriginName: 7,
      Scheme: 'ftp',
      Port: 70000,
      TimeoutMs: 50,
      Retry: { Attempts: 6, BudgetMs: 99.5, On5xx: 'yes', Backoff: 1 },
      CacheMode: 'always',
      AddHeaders: [
        { Name: 'Connection', Value: 'close' },
        { Name: 'Bad Name', Value: 'x' },
        { Name: 'X-A', Value: 'line\r\nbreak' },
        { Name: 'x-a', Value: 'v'.repeat(1025) },
        { Name: 'X-B' },
      ],
      PassClientIp: 'no',
      HostHeader: 'both',
      Colour: 'blue',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      errors: [
        {
          path: 'id',
          message:
            '"-bad-.shop.test" is not a hostname: each label is 1–63 of a–z, 0–9 and -, not starting or ending with -',
        },
        { path: '/OriginName', message: 'expected a string, got a number' },
        { path: '/Scheme', message: 'Scheme must be "https" or "http"' },
        { path: '/Port', message: 'Port must be an integer from 1 to 65535 (got 70000)' },
        { path: '/TimeoutMs', message: 'TimeoutMs must be an integer from 100 to 30000 (got 50)' },
        { path: '/Retry/Attempts', message: 'Attempts must be an integer from 1 to 5 (got 6)' },
        { path: '/Retry/BudgetMs', message: 'BudgetMs must be an integer from 100 to 60000 (got 99.5)' },
        { path: '/Retry/Backoff', message: 'unknown field "Backoff"' },
        { path: '/Retry/On5xx', message: 'expected a boolean, got a string' },
        { path: '/CacheMode', message: 'CacheMode must be "origin" or "bypass"' },
        {
          path: '/AddHeaders/0/Name',
          message: 'Connection is a hop-by-hop or connection header; it cannot be set',
        },
        { path: '/AddHeaders/1/Name', message: '"Bad Name" is not a header name' },
        {
          path: '/AddHeaders/2/Value',
          message: 'Value must be visible ASCII, spaces and tabs, with no space at either end',
        },
        { path: '/AddHeaders/3/Name', message: 'x-a is already at /AddHeaders/2' },
        { path: '/AddHeaders/3/Value', message: 'Value is 1025 characters; at most 1024' },
        { path: '/AddHeaders/4/Value', message: 'Value is required' },
        { path: '/PassClientIp', message: 'expected a boolean, got a string' },
        { path: '/HostHeader', message: 'HostHeader must be "origin" or "client"' },
        { path: '/Colour', message: 'unknown field "Colour"' },
      ],
    });
    expect(await (await putOrigin('www.shop.test', {})).json()).toEqual({
      errors: [{ path: '/OriginName', message: 'OriginName is required' }],
    });
    expect(await (await putOrigin('www.shop.test', [])).json()).toEqual({
      errors: [{ path: '', message: 'expected an object, got an array' }],
    });
    const tooMany = await putOrigin('www.shop.test', {
      OriginName: 'origin.shop.test',
      AddHeaders: Array.from({ length: 21 }, (_, i) => ({ Name: `X-H${i}`, Value: '1' })),
    });
    expect(await tooMany.json()).toEqual({
      errors: [{ path: '/AddHeaders', message: '21 headers; at most 20' }],
    });
    const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.test`;
    expect(await (await putOrigin(long, FULL)).json()).toEqual({
      errors: [{ path: 'id', message: `"${long}" is not a hostname: longer than 253 characters` }],
    });
  });

  it('refuses an OriginName outside every hosted zone', async () => {
    const outside = await putOrigin('www.shop.test', { ...FULL, OriginName: 'origin.elsewhere.test' });
    expect(outside.status).toBe(400);
    expect(await outside.json()).toEqual({
      errors: [
        { path: '/OriginName', message: 'OriginName origin.elsewhere.test. is not inside a hosted zone' },
      ],
    });
    // The apex itself is inside its zone.
    expect((await putOrigin('apex.shop.test', { OriginName: 'shop.test.' })).status).toBe(201);
    expect((await api('/origins/apex.shop.test', { method: 'DELETE' })).status).toBe(200);
  });

  it('needs the bearer token', async () => {
    for (const [method, path] of [
      ['GET', '/origins'],
      ['GET', '/origins/www.shop.test'],
      ['PUT', '/origins/www.shop.test'],
      ['DELETE', '/origins/www.shop.test'],
    ] as const) {
      const res = await exports.default.fetch(new Request(`${BASE}${path}`, { method }));
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it(`allows at most ${MAX_ORIGINS} origins; replacing one at the limit is fine`, async () => {
    for (let i = 0; i < MAX_ORIGINS; i++) {
      expect((await putOrigin(`o${i}.shop.test`, { OriginName: 'origin.shop.test' })).status).toBe(201);
    }
    const over = await putOrigin('one-more.shop.test', { OriginName: 'origin.shop.test' });
    expect(over.status).toBe(400);
    expect(await over.json()).toEqual({
      errors: [{ path: 'id', message: `there are ${MAX_ORIGINS} origins already; at most ${MAX_ORIGINS}` }],
    });
    expect((await putOrigin('o0.shop.test', { OriginName: 'www.shop.test' })).status).toBe(200);
    for (let i = 0; i < MAX_ORIGINS; i++) {
      expect((await api(`/origins/o${i}.shop.test`, { method: 'DELETE' })).status).toBe(200);
    }
    expect(await (await api('/origins')).json()).toEqual({ Origins: [] });
  });

  it('publishes origins sorted by host, fills ZoneIndex.origins, and republishes only on a change', async () => {
    expect((await publishedSnapshot())?.origins).toBeUndefined();
    expect((await putOrigin('b.shop.test', FULL)).status).toBe(201);
    expect((await putOrigin('a.shop.test', { OriginName: 'origin.shop.test' })).status).toBe(201);
    const snapshot = await publishedSnapshot();
    expect(snapshot?.origins).toEqual([
      {
        host: 'a.shop.test',
        originName: 'origin.shop.test.',
        scheme: 'https',
        timeoutMs: 5000,
        retry: { attempts: 3, budgetMs: 10000, on5xx: true },
        cacheMode: 'origin',
        addHeaders: [],
        passClientIp: false,
        hostHeader: 'origin',
      },
      {
        host: 'b.shop.test',
        originName: 'origin.shop.test.',
        scheme: 'http',
        port: 8080,
        timeoutMs: 2000,
        retry: { attempts: 2, budgetMs: 1500, on5xx: false },
        cacheMode: 'bypass',
        addHeaders: [{ name: 'X-Edge', value: 'edgesteer 1' }],
        passClientIp: true,
        hostHeader: 'client',
      },
    ]);
    const index = buildZoneIndex(snapshot as ConfigSnapshot);
    expect([...index.origins.keys()]).toEqual(['a.shop.test', 'b.shop.test']);
    expect(index.origins.get('b.shop.test')).toEqual(snapshot?.origins?.[1]);

    // The same origin again commits a version but publishes nothing new.
    const pointer = await env.SNAPSHOTS.get<{ key: string }>('config/current', 'json');
    const again = await putOrigin('B.shop.test', FULL);
    expect(again.status).toBe(200);
    const { ChangeInfo } = await again.json<{ ChangeInfo: { Id: string } }>();
    await runDurableObjectAlarm(stub);
    expect(await env.SNAPSHOTS.get<{ key: string }>('config/current', 'json')).toEqual(pointer);
    expect((await stub.getChange(ChangeInfo.Id))?.Status).toBe('INSYNC');

    expect((await api('/origins/a.shop.test', { method: 'DELETE' })).status).toBe(200);
    expect((await api('/origins/b.shop.test', { method: 'DELETE' })).status).toBe(200);
    expect((await publishedSnapshot())?.origins).toBeUndefined();
  });
});
