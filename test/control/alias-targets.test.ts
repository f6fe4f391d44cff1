/**
 * Alias targets across hosted zones (docs/routing-semantics.md §4.9): an alias to a missing target is
 * refused when it is written, and a write to another zone that would take its target away (a
 * DELETE, a replacement by another type, a whole-zone PUT, a zone deletion, a new hosted zone that
 * takes over the name) is refused with a conflict naming every alias it would leave dangling, with
 * nothing changed. Through the ControlPlane Durable Object, on its real SQLite storage.
 */
import { runInDurableObject } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { ALIAS_TARGET } from '../../src/control/store/schema';
import type { ControlError } from '../../src/control/types';
import type { RecordSet } from '../../src/zones/model';
import { batch, control, set, zoneOf } from '../support/control-zones';

const stub = control();

beforeEach(async () => {
  await runInDurableObject(stub, (instance) => {
    instance.publishDelayMs = 3_600_000;
  });
});

function alias(name: string, target: string, extra: Partial<RecordSet> = {}, type = 'A'): RecordSet {
  return {
    ...set(name, type, 0, []),
    alias: { hostedZoneId: 'Z', dnsName: target, evaluateTargetHealth: false },
    ...extra,
  };
}

const committed = async () => (await stub.versions()).committed;

/** A target zone `t` with origin A, and a source zone `s` whose www A aliases origin.`t`. */
async function pair(t: string, s: string, extraTarget = ''): Promise<RecordSet> {
  const put = await stub.putZone(zoneOf(t, `origin A 192.0.2.80\n${extraTarget}`), {});
  expect(put.ok).toBe(true);
  expect((await stub.putZone(zoneOf(s), {})).ok).toBe(true);
  const www = alias(`www.${s}.`, `origin.${t}.`);
  expect(await stub.applyChanges(`${s}.`, batch(['CREATE', www]), {})).toMatchObject({ ok: true });
  return www;
}

function conflictMessage(result: { ok: boolean; error?: ControlError }): string {
  if (result.ok || result.error?.kind !== 'conflict') throw new Error(JSON.stringify(result));
  return result.error.message;
}

describe('alias targets in another hosted zone', () => {
  it('an alias to a target that does not exist is refused when it is written (400)', async () => {
    await pair('t0.test', 's0.test');
    const result = await stub.applyChanges(
      's0.test.',
      batch(['CREATE', alias('api.s0.test.', 'nope.t0.test.')]),
      {},
    );
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid',
        problems: [
          {
            path: '/ChangeBatch/Changes/0/ResourceRecordSet/AliasTarget/DNSName',
            message:
              'api.s0.test./A: alias target nope.t0.test. has no A record set in the hosted zone t0.test.',
          },
        ],
      },
    });
  });

  it('DELETE of the target record set is refused, naming the alias; nothing changes', async () => {
    await pair('t1.test', 's1.test');
    const version = await committed();
    const before = await stub.getZone('t1.test.');
    const result = await stub.applyChanges(
      't1.test.',
      batch(['DELETE', set('origin.t1.test.', 'A', 300, ['192.0.2.80'])]),
      {},
    );
    expect(conflictMessage(result)).toBe(
      'this change batch would leave 1 alias record set in another hosted zone without its target: ' +
        'www.s1.test. A in s1.test. (alias target origin.t1.test. has no A record set in the hosted zone t1.test.); ' +
        'change or delete the aliases first',
    );
    expect(await committed()).toBe(version);
    expect(await stub.getZone('t1.test.')).toEqual(before);
  });

  it('names every dangling alias with its zone, type and SetIdentifier', async () => {
    await pair('t2.test', 's2.test', 'origin AAAA 2001:db8::80');
    const members = ['eu', 'us'].map((id) =>
      alias('api.s2.test.', 'origin.t2.test.', {
        setIdentifier: id,
        routing: { kind: 'weighted', weight: 1 },
      }),
    );
    const six = alias('www.s2.test.', 'origin.t2.test.', {}, 'AAAA');
    const created = await stub.applyChanges(
      's2.test.',
      batch(['CREATE', members[0]!], ['CREATE', members[1]!], ['CREATE', six]),
      {},
    );
    expect(created.ok).toBe(true);
    // Replacing the A set by a CNAME takes both types away from the aliases.
    const result = await stub.applyChanges(
      't2.test.',
      batch(
        ['DELETE', set('origin.t2.test.', 'A', 300, ['192.0.2.80'])],
        ['DELETE', set('origin.t2.test.', 'AAAA', 300, ['2001:db8::80'])],
        ['CREATE', set('origin.t2.test.', 'CNAME', 300, ['elsewhere.example.net.'])],
      ),
      {},
    );
    const message = conflictMessage(result);
    expect(message).toMatch(/would leave 4 alias record sets in other hosted zones without their target: /);
    expect(message).toContain(
      'api.s2.test. A (SetIdentifier "eu") in s2.test. (alias target origin.t2.test. is a CNAME, not A records',
    );
    expect(message).toContain('api.s2.test. A (SetIdentifier "us") in s2.test.');
    expect(message).toContain('www.s2.test. A in s2.test.');
    expect(message).toContain('www.s2.test. AAAA in s2.test.');
  });

  it('a change that keeps a record set of the alias type is accepted', async () => {
    await pair('t3.test', 's3.test');
    const result = await stub.applyChanges(
      't3.test.',
      batch(
        ['UPSERT', set('origin.t3.test.', 'A', 60, ['192.0.2.81'])],
        ['CREATE', set('origin.t3.test.', 'TXT', 60, ['"x"'])],
      ),
      {},
    );
    expect(result.ok).toBe(true);
  });

  it('deleting the alias first, then its target, is accepted', async () => {
    const www = await pair('t4.test', 's4.test');
    expect((await stub.applyChanges('s4.test.', batch(['DELETE', www]), {})).ok).toBe(true);
    const result = await stub.applyChanges(
      't4.test.',
      batch(['DELETE', set('origin.t4.test.', 'A', 300, ['192.0.2.80'])]),
      {},
    );
    expect(result.ok).toBe(true);
  });

  it('a whole-zone PUT that drops the target is refused; one that keeps it is accepted', async () => {
    await pair('t5.test', 's5.test');
    const version = await committed();
    const dropped = await stub.putZone(zoneOf('t5.test', 'other A 192.0.2.1'), {});
    expect(conflictMessage(dropped)).toBe(
      'replacing the hosted zone t5.test. would leave 1 alias record set in another hosted zone without its target: ' +
        'www.s5.test. A in s5.test. (alias target origin.t5.test. has no A record set in the hosted zone t5.test.); ' +
        'change or delete the aliases first',
    );
    expect(await committed()).toBe(version);
    expect((await stub.putZone(zoneOf('t5.test', 'origin A 192.0.2.99'), {})).ok).toBe(true);
  });

  it('deleting a zone that holds alias targets is refused, until the aliases are gone', async () => {
    const www = await pair('t6.test', 's6.test');
    const version = await committed();
    expect(conflictMessage(await stub.deleteZone('t6.test.', {}))).toBe(
      'deleting the hosted zone t6.test. would leave 1 alias record set in another hosted zone without its target: ' +
        'www.s6.test. A in s6.test. (alias target origin.t6.test. is not in a hosted zone); ' +
        'change or delete the aliases first',
    );
    expect(await committed()).toBe(version);
    expect(await stub.getZone('t6.test.')).not.toBeNull();
    expect((await stub.applyChanges('s6.test.', batch(['DELETE', www]), {})).ok).toBe(true);
    expect((await stub.deleteZone('t6.test.', {})).ok).toBe(true);
  });

  it('deleting the zone that holds the aliases is accepted', async () => {
    await pair('t7.test', 's7.test');
    expect((await stub.deleteZone('s7.test.', {})).ok).toBe(true);
    expect((await stub.deleteZone('t7.test.', {})).ok).toBe(true);
  });

  it('a new hosted zone that takes over the target name without the target is refused', async () => {
    // origin.sub.t8.test. lives in t8.test. until sub.t8.test. is hosted.
    await stub.putZone(zoneOf('t8.test', 'origin.sub A 192.0.2.80'), {});
    await stub.putZone(zoneOf('s8.test'), {});
    const www = alias('www.s8.test.', 'origin.sub.t8.test.');
    expect((await stub.applyChanges('s8.test.', batch(['CREATE', www]), {})).ok).toBe(true);
    expect(conflictMessage(await stub.putZone(zoneOf('sub.t8.test'), {}))).toMatch(
      /^creating the hosted zone sub\.t8\.test\. would leave 1 alias record set .*: www\.s8\.test\. A in s8\.test\. \(alias target origin\.sub\.t8\.test\. has no A record set in the hosted zone sub\.t8\.test\.\)/,
    );
    expect((await stub.putZone(zoneOf('sub.t8.test', 'origin A 192.0.2.80'), {})).ok).toBe(true);
  });

  it('an alias that older data left dangling does not block writes to its target zone', async () => {
    await pair('t9.test', 's9.test');
    // As stored before aliases were checked across zones: the target went, the alias stayed.
    await runInDurableObject(stub, (_, state) => {
      state.storage.sql.exec("DELETE FROM record_sets WHERE zone = 't9.test.' AND name = 'origin.t9.test.'");
    });
    expect((await stub.putZone(zoneOf('t9.test', 'other A 192.0.2.1'), {})).ok).toBe(true);
    expect((await stub.deleteZone('t9.test.', {})).ok).toBe(true);
  });
});

describe('alias targets in the same hosted zone', () => {
  const zone = (apex: string) =>
    zoneOf(apex, 'origin A 192.0.2.80').recordSets.concat(alias(`www.${apex}.`, `origin.${apex}.`));

  it('deleting the target alone is refused (400) at the change that deleted it', async () => {
    await stub.putZone({ name: 'same1.test.', recordSets: zone('same1.test') }, {});
    const result = await stub.applyChanges(
      'same1.test.',
      batch(
        ['CREATE', set('mail.same1.test.', 'A', 60, ['192.0.2.25'])],
        ['DELETE', set('origin.same1.test.', 'A', 300, ['192.0.2.80'])],
      ),
      {},
    );
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        problems: [
          {
            path: '/ChangeBatch/Changes/1',
            message: 'www.same1.test./A: alias target origin.same1.test. has no A record set',
          },
        ],
      },
    });
  });

  it('deleting the alias and its target in one batch is accepted', async () => {
    await stub.putZone({ name: 'same2.test.', recordSets: zone('same2.test') }, {});
    const result = await stub.applyChanges(
      'same2.test.',
      batch(
        ['DELETE', set('origin.same2.test.', 'A', 300, ['192.0.2.80'])],
        ['DELETE', alias('www.same2.test.', 'origin.same2.test.')],
      ),
      {},
    );
    expect(result.ok).toBe(true);
  });
});

describe('the alias-target index', () => {
  it('finds the aliases of a target through an index, not a scan of record_sets', async () => {
    const plan = await runInDurableObject(stub, (_, state) =>
      state.storage.sql
        .exec<{ detail: string }>(
          `EXPLAIN QUERY PLAN SELECT zone FROM record_sets WHERE ${ALIAS_TARGET} = ? AND zone != ?`,
          'origin.t1.test.',
          't1.test.',
        )
        .toArray()
        .map((r) => r.detail),
    );
    expect(plan.join('\n')).toMatch(/USING INDEX record_sets_by_alias_target/);
  });
});
