/**
 * The control plane's SQLite schema (Durable Object storage), created or upgraded in the
 * constructor. README "Storage" lists the tables with example rows.
 *
 * meta(key, value)              schema_version, committed_version, committed_at (ms), published_version,
 *                               content_version, pace_tat (publish pacing, config-publisher.ts)
 * zones(name, …)                one row per hosted zone: config version of its last change, record-set
 *                               count, size of its part of the snapshot JSON
 * record_sets(zone, name, type, set_id, ttl, values_json, rdata_json, policy_json, extra_json)
 *                               one row per record set (Route 53 identity: name + type + SetIdentifier,
 *                               `''` for a simple set): values as presentation text, rdata as base64
 *                               wire form (compiled once, at write time); policy_json holds routing,
 *                               alias, healthCheckId and failureMode (NULL for a plain set);
 *                               extra_json is the set's extra snapshot fields, ready to append
 * cidr_collections(id, …)       IP-based routing: one row per CIDR collection, its locations as JSON
 * regions(id, …)                operator-defined regions with coordinates and an optional beacon URL
 * origins(id, config_json, version, updated_at)
 *                               one row per proxied hostname (origin steering), keyed by the host: its
 *                               SnapshotOrigin as JSON, exactly as published
 * health_checks(id, config_json, version, updated_at, caller_reference)
 *                               one row per health-check definition (docs/routing-semantics.md §6.4): the
 *                               normalised HealthCheckConfig as JSON; caller_reference makes a create
 *                               idempotent (NULL when none was given)
 * changes(id, version, subject, …)
 *                               one row per committed write, for GET /changes/{id}; subject is the zone
 *                               (`example.com.`), `cidr-collection/<id>` or `region/<id>`
 * snapshots(version, key, …)    config snapshots currently in KV, for pruning
 *
 * Version 2 (traffic policies) added set_id, policy_json, extra_json, the two resource tables and
 * renamed changes.zone to subject; a version-1 database is upgraded in place. Version 3 added
 * health_checks. Version 4 added record_sets_by_alias_target, the reverse index of alias targets
 * (target name → the alias record sets that point at it, in every zone); SQLite builds it over the
 * rows already stored and keeps it in the transaction of every write. Version 5 added origins.
 * Version 6 added regions.beacon_url (measured latency's beacon for the region, NULL when none).
 */

export const SCHEMA_VERSION = 6;

/** An alias record set's target name, as SQL: the expression record_sets_by_alias_target indexes. */
export const ALIAS_TARGET = "json_extract(policy_json, '$.alias.dnsName')";

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

const V2 = [
  "ALTER TABLE record_sets ADD COLUMN set_id TEXT NOT NULL DEFAULT ''",
  'ALTER TABLE record_sets ADD COLUMN policy_json TEXT',
  "ALTER TABLE record_sets ADD COLUMN extra_json TEXT NOT NULL DEFAULT ''",
  'DROP INDEX IF EXISTS record_sets_by_key',
  'CREATE UNIQUE INDEX record_sets_by_key ON record_sets (zone, name, type, set_id)',
  'CREATE INDEX record_sets_routed ON record_sets (zone, name) WHERE policy_json IS NOT NULL',
  'ALTER TABLE changes RENAME COLUMN zone TO subject',
  `CREATE TABLE cidr_collections (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     locations_json TEXT NOT NULL,
     version INTEGER NOT NULL,
     updated_at TEXT NOT NULL)`,
  `CREATE TABLE regions (
     id TEXT PRIMARY KEY,
     name TEXT,
     latitude REAL NOT NULL,
     longitude REAL NOT NULL,
     version INTEGER NOT NULL,
     updated_at TEXT NOT NULL)`,
];

const V3 = [
  `CREATE TABLE IF NOT EXISTS health_checks (
     id TEXT PRIMARY KEY,
     config_json TEXT NOT NULL,
     version INTEGER NOT NULL,
     updated_at TEXT NOT NULL,
     caller_reference TEXT UNIQUE)`,
];

const V4 = [
  `CREATE INDEX IF NOT EXISTS record_sets_by_alias_target ON record_sets (${ALIAS_TARGET})
     WHERE ${ALIAS_TARGET} IS NOT NULL`,
];

const V5 = [
  `CREATE TABLE IF NOT EXISTS origins (
     id TEXT PRIMARY KEY,
     config_json TEXT NOT NULL,
     version INTEGER NOT NULL,
     updated_at TEXT NOT NULL)`,
];

const V6 = ['ALTER TABLE regions ADD COLUMN beacon_url TEXT'];

type MetaRow = { value: number };

/** ALTER TABLE … ADD COLUMN is not idempotent: a step that adds a column checks first. */
function hasColumn(sql: SqlStorage, table: string, column: string): boolean {
  return sql
    .exec<{ name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
    .toArray()
    .some((c) => c.name === column);
}

/**
 * Creates the tables or upgrades them to SCHEMA_VERSION, or refuses a schema newer than this code.
 * The caller runs it in one transaction, so an upgrade is all or nothing.
 */
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
  if (current < 2) {
    for (const statement of V2) sql.exec(statement);
  }
  if (current < 3) {
    for (const statement of V3) sql.exec(statement);
  }
  if (current < 4) {
    for (const statement of V4) sql.exec(statement);
  }
  if (current < 5) {
    for (const statement of V5) sql.exec(statement);
  }
  if (current < 6 && !hasColumn(sql, 'regions', 'beacon_url')) {
    for (const statement of V6) sql.exec(statement);
  }
  sql.exec(
    "INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    SCHEMA_VERSION,
  );
}
