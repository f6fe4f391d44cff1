/**
 * The control plane's SQLite schema (Durable Object storage), created or upgraded in the
 * constructor. README "Storage" lists the tables with example rows.
 *
 * meta(key, value)              schema_version, committed_version, committed_at (ms), published_version
 * zones(name, …)                one row per hosted zone: config version of its last change, record-set
 *                               count, size of its part of the snapshot JSON
 * record_sets(zone, name, type, ttl, values_json, rdata_json)
 *                               one row per record set: values as presentation text, rdata as
 *                               base64 wire form (compiled once, at write time)
 * changes(id, version, …)       one row per committed write, for GET /changes/{id}
 * snapshots(version, key, …)    config snapshots currently in KV, for pruning
 */

export const SCHEMA_VERSION = 1;

const V1 = [
  'CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)',
  `CREATE TABLE IF NOT EXISTS zones (
     name TEXT PRIMARY KEY,
     version INTEGER NOT NULL,
     updated_at TEXT NOT NULL,
     record_set_count INTEGER NOT NULL,
     snapshot_bytes INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS record_sets (
     zone TEXT NOT NULL,
     name TEXT NOT NULL,
     type INTEGER NOT NULL,
     ttl INTEGER NOT NULL,
     values_json TEXT NOT NULL,
     rdata_json TEXT NOT NULL)`,
  'CREATE UNIQUE INDEX IF NOT EXISTS record_sets_by_key ON record_sets (zone, name, type)',
  'CREATE INDEX IF NOT EXISTS record_sets_by_type ON record_sets (type, zone)',
  `CREATE TABLE IF NOT EXISTS changes (
     id TEXT PRIMARY KEY,
     version INTEGER NOT NULL UNIQUE,
     zone TEXT NOT NULL,
     submitted_at TEXT NOT NULL,
     comment TEXT)`,
  `CREATE TABLE IF NOT EXISTS snapshots (
     version INTEGER PRIMARY KEY,
     key TEXT NOT NULL,
     published_at TEXT NOT NULL)`,
];

type MetaRow = { value: number };

/** Creates the tables, or checks that the stored schema is one this code understands. */
export function migrate(sql: SqlStorage): void {
  sql.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)');
  const rows = sql.exec<MetaRow>("SELECT value FROM meta WHERE key = 'schema_version'").toArray();
  const current = rows[0]?.value ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new Error(`control-plane storage has schema ${current}; this code knows up to ${SCHEMA_VERSION}`);
  }
  if (current < 1) {
    for (const statement of V1) sql.exec(statement);
  }
  sql.exec(
    "INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    SCHEMA_VERSION,
  );
}
