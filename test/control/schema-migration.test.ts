/**
 * A control plane whose SQLite storage was written by schema version 1 (before traffic policies)
 * is upgraded in place to version 2 when the object starts: zones, record sets, change history and
 * versions survive, and routed record sets can be written afterwards.
 */
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import type { ControlPlane } from '../../src/control/control-plane';
import { ALIAS_TARGET, SCHEMA_VERSION } from '../../src/control/store/schema';
import { stubByName } from '../../src/durable/stub';
import type { RecordSet } from '../../src/zones/model';
import { batch, set, zoneOf } from '../support/control-zones';

/** The version-1 schema exactly as it shipped (src/control/store/schema.ts before version 2). */
const V1 = [
  'CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)',
  `CREATE TABLE zones (name TEXT PRIMARY KEY, version INTEGER NOT NULL, updated_at TEXT NOT NULL,
     record_set_count INTEGER NOT NULL, snapshot_bytes INTEGER NOT NULL)`,
  `CREATE TABLE record_sets (zone TEXT NOT NULL, name TEXT NOT NULL, type INTEGER NOT NULL,
     ttl INTEGER NOT NULL, values_json TEXT NOT NULL, rdata_json TEXT NOT NULL)`,
  'CREATE UNIQUE INDEX record_sets_by_key ON record_sets (zone, name, type)',
  'CREATE INDEX record_sets_by_type ON record_sets (type, zone)',
  `CREATE TABLE changes (id TEXT PRIMARY KEY, version INTEGER NOT NULL UNIQUE, zone TEXT NOT NULL,
     submitted_at TEXT NOT NULL, comment TEXT)`,
  'CREATE TABLE snapshots (version INTEGER PRIMARY KEY, key TEXT NOT NULL, published_at TEXT NOT NULL)',
];

/** The named indexes of record_sets. */
function indexesOf(sql: SqlStorage): string[] {
  return sql
    .exec<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'record_sets' AND sql IS NOT NULL ORDER BY name",
    )
    .toArray()
    .map((i) => i.name);
}

const SOA = 'ns1.example.net. hostmaster.example.net. 1 7200 900 1209600 300';
/** Rows as version 1 wrote them (rdata is base64 wire form). */
const ROWS: [string, number, number, string[], string[]][] = [
  [
    'legacy.test.',
    6,
    300,
    [SOA],
    ['A25zMQdleGFtcGxlA25ldAAKaG9zdG1hc3RlcgdleGFtcGxlA25ldAAAAAABAAAcIAAAA4QAEnUAAAABLA=='],
  ],
  ['legacy.test.', 2, 300, ['ns1.example.net.'], ['A25zMQdleGFtcGxlA25ldAA=']],
  ['www.legacy.test.', 1, 60, ['192.0.2.1'], ['wAACAQ==']],
];

it('upgrades a version-1 database in place', async () => {
  const stub = stubByName<ControlPlane>(env.CONTROL, 'legacy');
  await runInDurableObject(stub, (instance, state) => {
    instance.publishDelayMs = 3_600_000;
    const sql = state.storage.sql;
    state.storage.transactionSync(() => {
      for (const table of [
        'meta',
        'zones',
        'record_sets',
        'changes',
        'snapshots',
        'cidr_collections',
        'regions',
        'health_checks',
        'origins',
      ]) {
        sql.exec(`DROP TABLE IF EXISTS ${table}`);
      }
      for (const statement of V1) sql.exec(statement);
      sql.exec(
        "INSERT INTO meta (key, value) VALUES ('schema_version', 1), ('committed_version', 7), ('committed_at', 1700000000000), ('published_version', 7)",
      );
      sql.exec("INSERT INTO zones VALUES ('legacy.test.', 7, '2023-11-14T22:13:20.000Z', 3, 250)");
      for (const [name, type, ttl, values, rdata] of ROWS) {
        sql.exec(
          'INSERT INTO record_sets VALUES (?, ?, ?, ?, ?, ?)',
          'legacy.test.',
          name,
          type,
          ttl,
          JSON.stringify(values),
          JSON.stringify(rdata),
        );
      }
      sql.exec(
        "INSERT INTO changes VALUES ('CLEGACYCHANGE2', 7, 'legacy.test.', '2023-11-14T22:13:20.000Z', 'old')",
      );
    });
  });

  // The next start runs the migration.
  await evictDurableObject(stub);
  const columns = await runInDurableObject(stub, (instance, state) => {
    instance.publishDelayMs = 3_600_000;
    const sql = state.storage.sql;
    return {
      schema: sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'schema_version'").one().value,
      recordSets: sql
        .exec<{ name: string }>('PRAGMA table_info(record_sets)')
        .toArray()
        .map((c) => c.name),
      changes: sql
        .exec<{ name: string }>('PRAGMA table_info(changes)')
        .toArray()
        .map((c) => c.name),
      tables: sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .toArray()
        .map((t) => t.name),
      setIds: sql
        .exec<{ set_id: string }>('SELECT set_id FROM record_sets')
        .toArray()
        .map((r) => r.set_id),
      indexes: indexesOf(sql),
    };
  });
  expect(columns.schema).toBe(SCHEMA_VERSION);
  expect(SCHEMA_VERSION).toBe(6);
  expect(columns.recordSets).toEqual([
    'zone',
    'name',
    'type',
    'ttl',
    'values_json',
    'rdata_json',
    'set_id',
    'policy_json',
    'extra_json',
  ]);
  expect(columns.changes).toEqual(['id', 'version', 'subject', 'submitted_at', 'comment']);
  expect(columns.tables).toEqual([
    'changes',
    'cidr_collections',
    'health_checks',
    'meta',
    'origins',
    'record_sets',
    'regions',
    'snapshots',
    'zones',
  ]);
  expect(columns.setIds).toEqual(['', '', '']);
  expect(columns.indexes).toEqual([
    'record_sets_by_alias_target',
    'record_sets_by_key',
    'record_sets_by_type',
    'record_sets_routed',
  ]);

  expect(await stub.versions()).toEqual({ committed: 7, published: 7 });
  expect(await stub.getChange('CLEGACYCHANGE2')).toMatchObject({
    Id: '/change/CLEGACYCHANGE2',
    Status: 'INSYNC',
    Version: 7,
  });
  const zone = await stub.getZone('legacy.test.');
  expect(zone?.recordSets.map((rs) => [rs.name, rs.type, rs.ttl, rs.values])).toEqual(
    ROWS.map(([name, type, ttl, values]) => [name, type, ttl, values]),
  );

  // Routed members beside the old data, keyed by SetIdentifier under the new unique index.
  const www = set('www.legacy.test.', 'A', 60, ['192.0.2.1']);
  const member = (id: string, value: string) => ({
    ...set('api.legacy.test.', 'A', 60, [value]),
    setIdentifier: id,
    routing: { kind: 'weighted' as const, weight: 1 },
  });
  const changed = await stub.applyChanges(
    'legacy.test.',
    batch(['DELETE', www], ['CREATE', member('a', '192.0.2.10')], ['CREATE', member('b', '192.0.2.11')]),
    {},
  );
  expect(changed).toMatchObject({ ok: true, value: { Version: 8 } });
  await runDurableObjectAlarm(stub);
  const snapshot = await env.SNAPSHOTS.get<{ zones: { rrsets: { name: string; setId?: string }[] }[] }>(
    'config/v/8',
    'json',
  );
  expect(snapshot?.zones[0]?.rrsets.map((rs) => [rs.name, rs.setId])).toEqual([
    ['api.legacy.test.', 'a'],
    ['api.legacy.test.', 'b'],
    ['legacy.test.', undefined],
    ['legacy.test.', undefined],
  ]);
});

it('upgrades a version-3 database: the alias-target index is built over the aliases already stored', async () => {
  const stub = stubByName<ControlPlane>(env.CONTROL, 'v3-aliases');
  await runInDurableObject(stub, (instance) => {
    instance.publishDelayMs = 3_600_000;
  });
  expect((await stub.putZone(zoneOf('target.test', 'origin A 192.0.2.80'), {})).ok).toBe(true);
  expect((await stub.putZone(zoneOf('source.test'), {})).ok).toBe(true);
  const www: RecordSet = {
    ...set('www.source.test.', 'A', 0, []),
    alias: { hostedZoneId: 'Z', dnsName: 'origin.target.test.', evaluateTargetHealth: false },
  };
  expect((await stub.applyChanges('source.test.', batch(['CREATE', www]), {})).ok).toBe(true);
  // Back to version 3 as it shipped: no index of alias targets.
  const before = await runInDurableObject(stub, (_, state) => {
    const sql = state.storage.sql;
    sql.exec('DROP INDEX record_sets_by_alias_target');
    sql.exec("UPDATE meta SET value = 3 WHERE key = 'schema_version'");
    return indexesOf(sql);
  });
  expect(before).not.toContain('record_sets_by_alias_target');

  await evictDurableObject(stub);
  const after = await runInDurableObject(stub, (instance, state) => {
    instance.publishDelayMs = 3_600_000;
    const sql = state.storage.sql;
    return {
      schema: sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'schema_version'").one().value,
      indexes: indexesOf(sql),
      indexed: sql
        .exec<{ zone: string; name: string }>(
          `SELECT zone, name FROM record_sets INDEXED BY record_sets_by_alias_target WHERE ${ALIAS_TARGET} = ?`,
          'origin.target.test.',
        )
        .toArray(),
    };
  });
  expect(after.schema).toBe(SCHEMA_VERSION);
  expect(after.indexes).toContain('record_sets_by_alias_target');
  expect(after.indexed).toEqual([{ zone: 'source.test.', name: 'www.source.test.' }]);
  const refused = await stub.applyChanges(
    'target.test.',
    batch(['DELETE', set('origin.target.test.', 'A', 300, ['192.0.2.80'])]),
    {},
  );
  expect(refused).toMatchObject({ ok: false, error: { kind: 'conflict' } });
});

it('upgrades a version-4 database: the origins table is added and origins can be written', async () => {
  const stub = stubByName<ControlPlane>(env.CONTROL, 'v4-origins');
  await runInDurableObject(stub, (instance) => {
    instance.publishDelayMs = 3_600_000;
  });
  expect((await stub.putZone(zoneOf('kept.test', 'www A 192.0.2.1'), {})).ok).toBe(true);
  // Back to version 4 as it shipped: no origins table.
  await runInDurableObject(stub, (_, state) => {
    const sql = state.storage.sql;
    sql.exec('DROP TABLE origins');
    sql.exec("UPDATE meta SET value = 4 WHERE key = 'schema_version'");
  });

  await evictDurableObject(stub);
  const after = await runInDurableObject(stub, (instance, state) => {
    instance.publishDelayMs = 3_600_000;
    const sql = state.storage.sql;
    return {
      schema: sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'schema_version'").one().value,
      columns: sql
        .exec<{ name: string }>('PRAGMA table_info(origins)')
        .toArray()
        .map((c) => c.name),
    };
  });
  expect(after).toEqual({ schema: SCHEMA_VERSION, columns: ['id', 'config_json', 'version', 'updated_at'] });
  expect((await stub.getZone('kept.test.'))?.recordSets.length).toBe(3);
  const origin = {
    id: 'www.kept.test',
    originName: 'www.kept.test.',
    scheme: 'https' as const,
    timeoutMs: 5000,
    retry: { attempts: 3, budgetMs: 10_000, on5xx: true },
    cacheMode: 'origin' as const,
    addHeaders: [],
    passClientIp: false,
    hostHeader: 'origin' as const,
  };
  expect(await stub.putResource('origin', origin, {})).toMatchObject({ ok: true, value: { created: true } });
  expect((await stub.getResource('origin', 'www.kept.test'))?.value).toEqual(origin);
});
