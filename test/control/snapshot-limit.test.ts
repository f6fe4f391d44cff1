import { expect, it } from 'vitest';
import { control, set, zoneOf } from '../support/control-zones';

/** A TXT set of 400 values of about 1 KB each: about 0.5 MB in the snapshot. */
function bigTxt(name: string): ReturnType<typeof set> {
  const values = Array.from({ length: 400 }, (_, i) =>
    Array.from({ length: 4 }, (_, j) => `"${i}-${j}-${'a'.repeat(240)}"`).join(' '),
  );
  return set(name, 'TXT', 300, values);
}

it('refuses a write that would make the published config larger than one KV value', {
  timeout: 120_000,
}, async () => {
  const stub = control();
  const base = zoneOf('huge.test');
  const sets = Array.from({ length: 55 }, (_, i) => bigTxt(`t${i}.huge.test.`));
  const before = await stub.versions();
  const result = await stub.putZone({ name: base.name, recordSets: [...base.recordSets, ...sets] }, {});
  expect(result).toEqual({
    ok: false,
    error: {
      kind: 'invalid',
      problems: [
        {
          path: '',
          message: expect.stringMatching(/published config would be 2\d\.\d MiB .* limited to 24\.0 MiB/),
        },
      ],
    },
  });
  expect(await stub.versions()).toEqual(before);
  // Under the bound it is accepted (each set is one SQLite row of about 1 MB).
  const fits = await stub.putZone(
    { name: base.name, recordSets: [...base.recordSets, ...sets.slice(0, 20)] },
    {},
  );
  expect(fits.ok).toBe(true);
});
