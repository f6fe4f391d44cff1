/**
 * Loading the config when `config/current` names a blob this location cannot read (pruned, or not
 * propagated yet): the newest readable blob the pointer lists, the index held, or, with nothing at
 * all, the hosted apexes alone, so forwarding keeps working (README "Storage"). Real KV.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/env';
import { ConfigStore } from '../../src/store/config-store';
import { CONFIG_POINTER_KEY, type ConfigPointer } from '../../src/zones/snapshot';
import { counted } from '../support/counted';
import { queryBytes } from '../support/dns';
import { askWorker, forwardingEnv, scenarioId } from '../support/forward';
import { snapshotOf } from '../support/zones';

const zoneFile = (apex: string, address: string) =>
  `$ORIGIN ${apex}\n$TTL 60\n@ SOA ns hm 1 1 1 1 60\n@ NS ns\nwww A ${address}\n`;

/** Writes blobs for `readable` versions and a pointer at `version` listing `previous`. */
async function publish(
  version: number,
  readable: readonly number[],
  previous: readonly number[],
  zones?: readonly string[],
): Promise<void> {
  for (const v of readable) {
    const snapshot = snapshotOf({ 'fallback.test.': zoneFile('fallback.test.', `192.0.2.${v}`) }, v);
    await env.SNAPSHOTS.put(`config/v/${v}`, JSON.stringify(snapshot));
  }
  const pointer: ConfigPointer = {
    version,
    key: `config/v/${version}`,
    committedAt: '2026-01-01T00:00:00.000Z',
    previous: previous.map((v) => ({ version: v, key: `config/v/${v}` })),
    ...(zones === undefined ? {} : { zones }),
  };
  await env.SNAPSHOTS.put(CONFIG_POINTER_KEY, JSON.stringify(pointer));
}

async function clear(): Promise<void> {
  const list = await env.SNAPSHOTS.list({ prefix: 'config/' });
  for (const key of list.keys) await env.SNAPSHOTS.delete(key.name);
}

describe('a pointer whose blob cannot be read', () => {
  it('a fresh isolate loads the newest readable blob the pointer lists, then the newest once readable', async () => {
    await clear();
    await publish(12, [10, 11], [11, 10]);
    let now = 0;
    const store = new ConfigStore(env.SNAPSHOTS, 5_000, () => now);
    expect((await store.current(() => {}))?.version).toBe(11);

    await publish(12, [12], [11, 10]); // config/v/12 arrives
    now += 5_000;
    await store.refresh();
    expect((await store.current(() => {}))?.version).toBe(12);
  });

  it('an isolate keeps the index it holds (never an older one) and tries again a refresh later', async () => {
    await clear();
    await publish(21, [20, 21], [20]);
    let now = 0;
    const calls: string[] = [];
    const store = new ConfigStore(counted(env.SNAPSHOTS, calls), 5_000, () => now);
    expect((await store.current(() => {}))?.version).toBe(21);

    await env.SNAPSHOTS.delete('config/v/21');
    await publish(22, [], [21, 20]); // 22 not readable here yet
    now += 5_000;
    calls.length = 0;
    await store.refresh();
    expect(calls).toEqual(['get', 'get']); // pointer, 22; not 21 (held) nor 20 (older)

    // The failed check counts as a check: queries within the next refresh interval call no KV.
    calls.length = 0;
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 3; i++) {
      expect((await store.current((p) => pending.push(p)))?.version).toBe(21);
      await Promise.all(pending);
      now += 1_000;
    }
    expect(calls).toEqual([]);
  });
});

describe('a fresh isolate that can read no blob at all', () => {
  /** A binding of its own, so the Worker builds fresh isolate stores for it. */
  const freshEnv = (scenario: string): Env => ({
    ...forwardingEnv([scenario]),
    SNAPSHOTS: counted(env.SNAPSHOTS, []),
  });

  it('SERVFAILs names in the hosted zones the pointer lists and still forwards the rest', async () => {
    await clear();
    await publish(31, [], [30], ['fallback.test.']);
    const id = scenarioId('no-config');
    const e = freshEnv(id);

    const hosted = await askWorker(e, queryBytes('www.Fallback.test', 'A'));
    expect(hosted.res.status).toBe(200);
    expect(hosted.res.headers.get('Cache-Control')).toBe('no-store');
    expect(hosted.reply).toMatchObject({ rcode: 'SERVFAIL', answers: [] });
    expect((await askWorker(e, queryBytes('fallback.test', 'SOA'))).reply.rcode).toBe('SERVFAIL');

    const forwarded = await askWorker(e, queryBytes(`www.${id}.fwd.test`, 'A'));
    expect(forwarded.reply.rcode).toBe('NOERROR');
    expect(forwarded.reply.answers).toEqual([expect.objectContaining({ data: '198.51.100.7' })]);
    // A name that merely ends like a hosted one is not in it.
    const lookalike = await askWorker(e, queryBytes(`${id}-fallback.test`, 'A'));
    expect(lookalike.reply.rcode).toBe('NOERROR');
  });

  it('SERVFAILs everything when the pointer does not list the zones (nothing says which are hosted)', async () => {
    await clear();
    await publish(41, [], [40]);
    const id = scenarioId('no-zones');
    const { reply } = await askWorker(freshEnv(id), queryBytes(`www.${id}.fwd.test`, 'A'));
    expect(reply.rcode).toBe('SERVFAIL');
  });

  it('with nothing ever published, there are no hosted zones and every name is forwarded', async () => {
    await clear();
    const id = scenarioId('unpublished');
    const { reply } = await askWorker(freshEnv(id), queryBytes(`www.fallback.test`, 'A'));
    expect(reply.rcode).toBe('NOERROR');
  });
});
