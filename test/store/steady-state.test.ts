/**
 * docs/DESIGN.md: "the hot path makes no KV or DO call in steady state". The Worker is called with its
 * real bindings wrapped in counters (every call still reaches the real KV and DO).
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../../src/encoding/base64';
import type { Env } from '../../src/env';
import { snapshotsFor } from '../../src/http/snapshots';
import worker from '../../src/index';
import type { Snapshots } from '../../src/resolver/pipeline';
import { ConfigStore } from '../../src/store/config-store';
import { counted } from '../support/counted';
import { queryBytes } from '../support/dns';
import { publishZones } from '../support/publish';

const ZONE = `$ORIGIN steady.test.\n$TTL 60\n@ SOA ns hm 1 1 1 1 60\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.2\n* A 192.0.2.3\n`;

describe('steady state', () => {
  it('answers hundreds of queries with zero KV or DO calls after the first', async () => {
    await publishZones(env, { 'steady.test.': ZONE });
    const calls: string[] = [];
    const countedEnv: Env = {
      ...env,
      SNAPSHOTS: counted(env.SNAPSHOTS, calls),
      CONTROL: counted(env.CONTROL, calls),
    };
    const names = ['www.steady.test', 'x.steady.test', 'nope.other', 'steady.test'];

    const send = async (i: number) => {
      const q = queryBytes(names[i % names.length]!, i % 3 === 0 ? 'AAAA' : 'A', { id: i });
      const request =
        i % 2 === 0
          ? new Request(`https://doh.test/dns-query?dns=${encodeBase64Url(q)}`)
          : new Request('https://doh.test/dns-query', {
              method: 'POST',
              body: q,
              headers: { 'Content-Type': 'application/dns-message' },
            });
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        request as Request<unknown, IncomingRequestCfProperties>,
        countedEnv,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      expect(res.status).toBe(200);
    };

    await send(0); // a fresh store for this binding: the first query loads the snapshots
    expect(calls).toEqual(['get', 'get', 'get', 'get']); // config pointer, health, latency; then the config blob
    calls.length = 0;
    for (let i = 1; i <= 400; i++) await send(i);
    expect(calls).toEqual([]);
  });
});

describe('snapshotsFor', () => {
  it('hands out the held snapshots without a promise once loaded, the same signals object each time', async () => {
    await publishZones(env, { 'steady.test.': ZONE });
    // A binding of its own, so this isolate's stores for it start empty.
    const fresh: Env = { ...env, SNAPSHOTS: counted(env.SNAPSHOTS, []) };
    const pending: Promise<unknown>[] = [];
    const waitUntil = (p: Promise<unknown>) => pending.push(p);
    const first = snapshotsFor(fresh, waitUntil);
    expect(first).toBeInstanceOf(Promise); // nothing held yet: the first query waits for KV
    const loaded = await first;
    const steady = snapshotsFor(fresh, waitUntil);
    expect(steady).not.toBeInstanceOf(Promise);
    const again = snapshotsFor(fresh, waitUntil) as Snapshots;
    expect((steady as Snapshots).zones).toBe(loaded.zones);
    expect(again.signals).toBe((steady as Snapshots).signals);
  });
});

describe('background refresh (injected clock)', () => {
  it('checks the pointer once per interval, fetches a blob only for a new version', async () => {
    await publishZones(env, { 'steady.test.': ZONE }, 1);
    const calls: string[] = [];
    let now = 1_000_000;
    const store = new ConfigStore(counted(env.SNAPSHOTS, calls), 5_000, () => now);
    const pending: Promise<unknown>[] = [];
    const waitUntil = (p: Promise<unknown>) => pending.push(p);

    expect((await store.current(waitUntil))?.version).toBe(1);
    expect(calls).toEqual(['get', 'get']);

    calls.length = 0;
    now += 4_999;
    await store.current(waitUntil);
    expect(calls).toEqual([]); // still fresh

    now += 1;
    await store.current(waitUntil);
    await Promise.all(pending);
    expect(calls).toEqual(['get']); // pointer only: same version

    await publishZones(env, { 'steady.test.': ZONE.replace('192.0.2.2', '192.0.2.9') }, 2);
    calls.length = 0;
    now += 5_000;
    const served = await store.current(waitUntil); // the query is answered from the old snapshot…
    expect(served?.version).toBe(1);
    await Promise.all(pending);
    expect(calls).toEqual(['get', 'get']); // …while the new one loads in the background
    expect((await store.current(waitUntil))?.version).toBe(2);
  });

  it('a failed first load answers null (→ SERVFAIL) and retries after a pause', async () => {
    let now = 0;
    // The real binding, with reads failing as they would during a KV outage.
    let reads = 0;
    const broken = new Proxy(env.SNAPSHOTS, {
      get: (target, prop) =>
        prop === 'get'
          ? () => {
              reads++;
              return Promise.reject(new Error('KV down'));
            }
          : Reflect.get(target, prop),
    });
    const store = new ConfigStore(broken, 5_000, () => now);
    expect(await store.current(() => {})).toBeNull();
    now += 500;
    expect(await store.current(() => {})).toBeNull();
    expect(reads).toBe(1); // no stampede on a failing KV
    now += 600;
    expect(await store.current(() => {})).toBeNull();
    expect(reads).toBe(2);
  });
});
