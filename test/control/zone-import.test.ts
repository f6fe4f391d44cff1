/**
 * ControlPlane.importZone: the control plane reads, parses and commits an uploaded zone itself
 * (the Worker hands over the body stream). Imports run one at a time; a stale expectedVersion is
 * refused without reading the upload.
 */
import { runInDurableObject } from 'cloudflare:test';
import { beforeEach, expect, it } from 'vitest';
import { control, zoneText } from '../support/control-zones';

const stub = control();

beforeEach(async () => {
  await runInDurableObject(stub, (instance) => {
    instance.publishDelayMs = 3_600_000;
  });
});

const bytes = (text: string) => new TextEncoder().encode(text);

/** A stream of `chunks` that reads nothing ahead and counts what was taken from it. */
function countedStream(chunks: Uint8Array[]): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let next = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks[next++];
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => next };
}

it('imports a BIND file or Route 53 JSON sent as a stream over RPC', async () => {
  const file = new Blob([zoneText('stream.test', 'www A 192.0.2.1')]).stream();
  const created = await stub.importZone('stream.test.', 'bind', file, {});
  expect(created).toMatchObject({ ok: true, value: { created: true } });

  const json = {
    ResourceRecordSets: [
      { Name: 'stream.test.', Type: 'TXT', TTL: 'ten', ResourceRecords: [{ Value: '"x"' }] },
    ],
  };
  const refused = await stub.importZone(
    'stream.test.',
    'route53',
    new Blob([JSON.stringify(json)]).stream(),
    {},
  );
  expect(refused.ok).toBe(false);
  const paths =
    refused.ok || refused.error.kind !== 'invalid' ? [] : refused.error.problems.map((p) => p.path);
  expect(paths).toContain('/ResourceRecordSets/0/TTL');
  expect((await stub.getZone('stream.test.'))?.recordSets.length).toBe(3);
});

it('reports a body past 32 MiB as payload-too-large, having read no more than the limit', async () => {
  const mib = bytes(`;${'x'.repeat(1024 * 1024 - 2)}\n`);
  const { stream, pulled } = countedStream(Array.from({ length: 40 }, () => mib));
  const result = await runInDurableObject(stub, (instance) =>
    instance.importZone('huge.test.', 'bind', stream, {}),
  );
  expect(result).toEqual({
    ok: false,
    error: { kind: 'payload-too-large', message: `request body larger than ${32 * 1024 * 1024} bytes` },
  });
  expect(pulled()).toBe(33);
  expect(await stub.getZone('huge.test.')).toBeNull();
});

it('refuses a stale expectedVersion without reading the upload', async () => {
  const { committed } = await stub.versions();
  const { stream, pulled } = countedStream([bytes(zoneText('stale.test'))]);
  const result = await runInDurableObject(stub, (instance) =>
    instance.importZone('stale.test.', 'bind', stream, { expectedVersion: committed + 5 }),
  );
  expect(result).toEqual({
    ok: false,
    error: { kind: 'version-conflict', expected: committed + 5, actual: committed },
  });
  expect(pulled()).toBe(0);
});

it('runs imports one at a time: the second is not read until the first is committed', async () => {
  const order: string[] = [];
  let releaseFirst: () => void = () => undefined;
  const firstHeld = new Promise<void>((resolve) => {
    releaseFirst = resolve;
  });
  let firstPart = 0;
  const first = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (firstPart++ === 0) return controller.enqueue(bytes(zoneText('first.test')));
      await firstHeld;
      order.push('first: end of upload');
      controller.close();
    },
  });
  const second = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        order.push('second: read');
        controller.enqueue(bytes(zoneText('second.test')));
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  const [a, b] = await runInDurableObject(stub, async (instance) => {
    const imports = [
      instance.importZone('first.test.', 'bind', first, {}),
      instance.importZone('second.test.', 'bind', second, {}),
    ];
    // A turn of the event loop: time enough for the second import to start reading if it could.
    await new Promise((resolve) => setTimeout(resolve, 0));
    order.push('released');
    releaseFirst();
    return Promise.all(imports);
  });
  expect(order).toEqual(['released', 'first: end of upload', 'second: read']);
  const versions = [a, b].map((result) => (result?.ok ? result.value.changeInfo.Version : undefined));
  expect(versions[1]).toBe((versions[0] ?? Number.NaN) + 1);
});
