import { describe, expect, it } from 'vitest';
import { applyBatch as applyOverlay } from '../../src/control/changes/changes';
import type { Change } from '../../src/control/types';
import { type RecordSet, recordSetKey } from '../../src/zones/model';
import { batch, set } from '../support/control-zones';

/** The batch applied to `current`: the record sets after it, or the problems. */
function applyBatch(apex: string, current: ReadonlyMap<string, RecordSet>, changes: Change[]) {
  const result = applyOverlay(apex, (key) => current.get(key), changes);
  if (result.problems.length > 0) return { ok: false as const, error: result.problems };
  const sets = new Map(current);
  for (const [key, rs] of result.overlay) {
    if (rs === null) sets.delete(key);
    else sets.set(key, rs);
  }
  return { ok: true as const, value: { sets, touched: result.touched } };
}

const APEX = 'example.com.';
const SOA = set(APEX, 'SOA', 300, ['ns1.example.net. hostmaster.example.net. 1 7200 900 1209600 300']);
const NS = set(APEX, 'NS', 300, ['ns1.example.net.']);
const WWW = set('www.example.com.', 'A', 300, ['192.0.2.1', '192.0.2.2']);
const CURRENT = new Map<string, RecordSet>([SOA, NS, WWW].map((rs) => [recordSetKey(rs), rs]));

describe('applyBatch (Route 53 ChangeBatch semantics)', () => {
  it('CREATE adds a set and fails when it exists', () => {
    const mail = set('mail.example.com.', 'A', 60, ['192.0.2.9']);
    const ok = applyBatch(APEX, CURRENT, batch(['CREATE', mail]));
    expect(ok.ok && ok.value.sets.get(recordSetKey(mail))).toEqual(mail);
    expect(applyBatch(APEX, CURRENT, batch(['CREATE', WWW]))).toEqual({
      ok: false,
      error: [{ path: '/ChangeBatch/Changes/0', message: expect.stringMatching(/already exists/) }],
    });
  });

  it('UPSERT creates or replaces', () => {
    const replaced = set('www.example.com.', 'A', 60, ['198.51.100.1']);
    const result = applyBatch(APEX, CURRENT, batch(['UPSERT', replaced]));
    expect(result.ok && result.value.sets.get(recordSetKey(WWW))).toEqual(replaced);
    expect(result.ok && result.value.touched).toEqual(
      new Map([[recordSetKey(WWW), '/ChangeBatch/Changes/0']]),
    );
  });

  it('DELETE must match TTL and values (as a set)', () => {
    const reordered = set('www.example.com.', 'A', 300, ['192.0.2.2', '192.0.2.1']);
    const result = applyBatch(APEX, CURRENT, batch(['DELETE', reordered]));
    expect(result.ok && result.value.sets.has(recordSetKey(WWW))).toBe(false);

    const wrongTtl = set('www.example.com.', 'A', 60, ['192.0.2.1', '192.0.2.2']);
    const wrongValues = set('www.example.com.', 'A', 300, ['192.0.2.1']);
    const missing = set('nope.example.com.', 'A', 300, ['192.0.2.1']);
    expect(applyBatch(APEX, CURRENT, [...batch(['DELETE', wrongTtl])])).toMatchObject({
      ok: false,
      error: [{ path: '/ChangeBatch/Changes/0', message: expect.stringMatching(/do not match/) }],
    });
    expect(applyBatch(APEX, CURRENT, batch(['DELETE', wrongValues]))).toMatchObject({
      ok: false,
      error: [{ message: expect.stringMatching(/do not match/) }],
    });
    expect(applyBatch(APEX, CURRENT, batch(['DELETE', missing]))).toMatchObject({
      ok: false,
      error: [{ message: expect.stringMatching(/not found/) }],
    });
  });

  it('refuses to delete the apex SOA or NS, but UPSERT replaces them', () => {
    const result = applyBatch(APEX, CURRENT, batch(['DELETE', SOA], ['DELETE', NS]));
    expect(result).toEqual({
      ok: false,
      error: [
        { path: '/ChangeBatch/Changes/0', message: expect.stringMatching(/SOA .* cannot be deleted/) },
        { path: '/ChangeBatch/Changes/1', message: expect.stringMatching(/NS .* cannot be deleted/) },
      ],
    });
    const ns = set(APEX, 'NS', 300, ['ns9.example.net.']);
    expect(applyBatch(APEX, CURRENT, batch(['UPSERT', ns])).ok).toBe(true);
  });

  it('the same set changed twice is InvalidChangeBatch, except DELETE then CREATE', () => {
    const other = set('www.example.com.', 'A', 60, ['198.51.100.7']);
    expect(applyBatch(APEX, CURRENT, batch(['UPSERT', other], ['UPSERT', other]))).toEqual({
      ok: false,
      error: [{ path: '/ChangeBatch/Changes/1', message: expect.stringMatching(/InvalidChangeBatch/) }],
    });
    expect(applyBatch(APEX, CURRENT, batch(['DELETE', WWW], ['DELETE', WWW]))).toMatchObject({
      ok: false,
      error: [{ path: '/ChangeBatch/Changes/1' }],
    });
    const replaced = applyBatch(APEX, CURRENT, batch(['DELETE', WWW], ['CREATE', other]));
    expect(replaced.ok && replaced.value.sets.get(recordSetKey(WWW))).toEqual(other);
  });

  it('lists every problem, each at its change', () => {
    const result = applyBatch(
      APEX,
      CURRENT,
      batch(
        ['CREATE', WWW],
        ['DELETE', set('gone.example.com.', 'A', 1, ['192.0.2.1'])],
        ['UPSERT', set('www.example.org.', 'A', 1, ['192.0.2.1'])],
        ['UPSERT', set('ok.example.com.', 'A', 1, ['192.0.2.1'])],
      ),
    );
    expect(result.ok ? [] : result.error.map((p) => p.path)).toEqual([
      '/ChangeBatch/Changes/0',
      '/ChangeBatch/Changes/1',
      '/ChangeBatch/Changes/2',
    ]);
  });

  it('does not modify the current sets', () => {
    applyBatch(APEX, CURRENT, batch(['DELETE', WWW]));
    expect(CURRENT.has(recordSetKey(WWW))).toBe(true);
  });
});
