/**
 * A change batch holds at most MAX_CHANGES_PER_BATCH changes (Route 53's limit): one more is
 * refused with nothing applied, through the ControlPlane Durable Object.
 */
import { runInDurableObject } from 'cloudflare:test';
import { expect, it } from 'vitest';
import { MAX_CHANGES_PER_BATCH } from '../../src/control/limits';
import type { ChangeAction } from '../../src/control/types';
import type { RecordSet } from '../../src/zones/model';
import { batch, control, set, zoneOf } from '../support/control-zones';

const stub = control();

const creates = (apex: string, n: number) =>
  batch(
    ...Array.from({ length: n }, (_, i): [ChangeAction, RecordSet] => [
      'CREATE',
      set(`h${i}.${apex}`, 'A', 60, ['192.0.2.1']),
    ]),
  );

it('accepts 1,000 changes and refuses 1,001, naming the limit and the count', async () => {
  await runInDurableObject(stub, (instance) => {
    instance.publishDelayMs = 3_600_000;
  });
  expect(MAX_CHANGES_PER_BATCH).toBe(1000);
  await stub.putZone(zoneOf('limit.test'), {});
  const version = (await stub.versions()).committed;
  const refused = await stub.applyChanges('limit.test.', creates('limit.test.', 1001), {});
  expect(refused).toEqual({
    ok: false,
    error: {
      kind: 'invalid',
      problems: [
        { path: '/ChangeBatch/Changes', message: '1001 changes in one batch; at most 1000 per change batch' },
      ],
    },
  });
  expect((await stub.versions()).committed).toBe(version);
  expect((await stub.getZone('limit.test.'))?.recordSets).toHaveLength(2);
  const accepted = await stub.applyChanges('limit.test.', creates('limit.test.', 1000), {});
  expect(accepted.ok).toBe(true);
  expect((await stub.getZone('limit.test.'))?.recordSets).toHaveLength(1002);
});
