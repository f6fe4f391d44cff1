/**
 * Over HTTP: a write that would take away the target of an alias in another hosted zone is a 409
 * naming the alias, whether it is a change batch, a whole-zone PUT or a zone DELETE; nothing is
 * applied. The same write is accepted once the alias is gone.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, expect, it } from 'vitest';
import { controlPlane } from '../../../src/control/client';
import { api, postChanges, putZoneFile } from '../../support/api';
import { zoneText } from '../../support/control-zones';

const stub = controlPlane(env);

beforeEach(async () => {
  await runInDurableObject(stub, (instance) => {
    instance.publishDelayMs = 3_600_000;
  });
});

const ALIAS = {
  Name: 'www.source.test.',
  Type: 'A',
  SetIdentifier: 'eu',
  Weight: 10,
  AliasTarget: { HostedZoneId: 'Z', DNSName: 'origin.target.test.', EvaluateTargetHealth: false },
};
const DANGLES =
  'would leave 1 alias record set in another hosted zone without its target: ' +
  'www.source.test. A (SetIdentifier "eu") in source.test. (alias target origin.target.test.';

const committed = async () =>
  (await (await api('/status')).json<{ version: { committed: number } }>()).version.committed;

it('refuses (409) a batch, a PUT and a DELETE that would leave an alias in another zone dangling', async () => {
  expect((await putZoneFile('target.test', zoneText('target.test', 'origin A 192.0.2.80'))).status).toBe(201);
  expect((await putZoneFile('source.test', zoneText('source.test'))).status).toBe(201);
  const created = await postChanges('source.test', {
    Changes: [{ Action: 'CREATE', ResourceRecordSet: ALIAS }],
  });
  expect(created.status).toBe(200);
  const version = await committed();

  const deleted = await postChanges('target.test', {
    Changes: [
      {
        Action: 'DELETE',
        ResourceRecordSet: {
          Name: 'origin.target.test.',
          Type: 'A',
          TTL: 300,
          ResourceRecords: [{ Value: '192.0.2.80' }],
        },
      },
    ],
  });
  expect(deleted.status).toBe(409);
  expect((await deleted.json<{ error: string }>()).error).toContain(`this change batch ${DANGLES}`);

  const replaced = await putZoneFile('target.test', zoneText('target.test', 'origin TXT "gone"'));
  expect(replaced.status).toBe(409);
  expect((await replaced.json<{ error: string }>()).error).toContain(
    `replacing the hosted zone target.test. ${DANGLES}`,
  );

  const dropped = await api('/zones/target.test', { method: 'DELETE' });
  expect(dropped.status).toBe(409);
  expect((await dropped.json<{ error: string }>()).error).toContain(
    `deleting the hosted zone target.test. ${DANGLES}`,
  );

  expect(await committed()).toBe(version);
  expect((await api('/zones/target.test')).status).toBe(200);

  const removed = await postChanges('source.test', {
    Changes: [{ Action: 'DELETE', ResourceRecordSet: ALIAS }],
  });
  expect(removed.status).toBe(200);
  expect((await api('/zones/target.test', { method: 'DELETE' })).status).toBe(200);
});
