/**
 * A 100,000-record-set zone through the Durable Object: write, publish, change one set, re-read.
 * Times are wall-clock around each RPC (workerd's clock only moves across I/O) and are printed for
 * the record; the assertions are about correctness, with generous time bounds.
 */
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import type { ConfigSnapshot } from '../../src/zones/snapshot';
import { batch, control, set, zoneOf } from '../support/control-zones';
import { largeZoneRecords } from '../support/zone-text';

const SETS = 100_000;

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = Date.now();
  const value = await run();
  return [value, Date.now() - start];
}

it('loads, publishes and changes a 100,000-record-set zone', { timeout: 180_000 }, async () => {
  const stub = control();
  await runInDurableObject(stub, (instance) => {
    instance.publishDelayMs = 3_600_000;
  });
  const zone = zoneOf('big.test', largeZoneRecords(SETS - 2));
  expect(zone.recordSets.length).toBe(SETS);

  const [put, putMs] = await timed(async () => stub.putZone(zone, {}));
  expect(put.ok).toBe(true);

  const [, publishMs] = await timed(() => runDurableObjectAlarm(stub));
  const { committed, published } = await stub.versions();
  expect(published).toBe(committed);
  const blob = await env.SNAPSHOTS.get(`config/v/${committed}`);
  const snapshot = JSON.parse(blob ?? '{}') as ConfigSnapshot;
  expect(snapshot.zones[0]?.rrsets.length).toBe(SETS);

  const change = batch(['UPSERT', set('h5.big.test.', 'A', 60, ['192.0.2.55'])]);
  const [changed, changeMs] = await timed(async () => stub.applyChanges('big.test.', change, {}));
  expect(changed.ok).toBe(true);
  const [, republishMs] = await timed(() => runDurableObjectAlarm(stub));

  await evictDurableObject(stub);
  const [cold, coldMs] = await timed(() =>
    runInDurableObject(stub, (instance) => {
      instance.publishDelayMs = 3_600_000;
      return instance.compileSnapshot({ committed: committed + 1, committedAt: 0, published: 0 }).length;
    }),
  );
  const [again, readMs] = await timed(async () => stub.getZone('big.test.'));
  expect(again?.recordSets.length).toBe(SETS);

  console.log(
    [
      `100k record sets, snapshot ${(cold / 1e6).toFixed(1)} MB:`,
      `putZone (validate + compile + SQLite) ${putMs} ms`,
      `publish (snapshot JSON + KV) ${publishMs} ms`,
      `one-set batch ${changeMs} ms, republish ${republishMs} ms`,
      `cold compile from SQLite ${coldMs} ms`,
      `getZone ${readMs} ms`,
    ].join('\n  '),
  );
  expect(putMs + publishMs + changeMs + republishMs).toBeLessThan(120_000);
});
