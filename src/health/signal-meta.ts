/**
 * The `meta` table each signal Durable Object (HealthState, LatencyState) keeps beside its data:
 * integers under fixed keys, and the schema check run in the constructor.
 *
 *   schema_version     layout of the object's tables (one migration step per version)
 *   version            increments with every change of the published content (0: never changed)
 *   changed_at         epoch ms of that change
 *   published_version  the version KV holds (0: nothing published yet)
 *   pace_tat           publish pacing state, epoch ms (publish-pacing.ts)
 *
 * An object may keep its own keys here too (LatencyState: `max_age_seconds`).
 */

export interface SignalMeta {
  readonly version: number;
  readonly changedAt: number;
  readonly published: number;
  readonly paceTat: number;
}

type KeyValue = { key: string; value: number };

export function readMetaValues(sql: SqlStorage): Map<string, number> {
  const values = new Map<string, number>();
  for (const row of sql.exec<KeyValue>('SELECT key, value FROM meta')) values.set(row.key, row.value);
  return values;
}

export function readSignalMeta(sql: SqlStorage): SignalMeta {
  const values = readMetaValues(sql);
  return {
    version: values.get('version') ?? 0,
    changedAt: values.get('changed_at') ?? 0,
    published: values.get('published_version') ?? 0,
    paceTat: values.get('pace_tat') ?? 0,
  };
}

export function writeMetaValue(sql: SqlStorage, key: string, value: number): void {
  sql.exec(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    key,
    value,
  );
}

/**
 * Creates or upgrades the tables: `steps[i]` takes the schema from version i to i + 1. Refuses
 * storage written by newer code.
 */
export function migrateSignal(sql: SqlStorage, owner: string, steps: readonly (readonly string[])[]): void {
  sql.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)');
  const current = readMetaValues(sql).get('schema_version') ?? 0;
  if (current > steps.length) {
    throw new Error(`${owner} storage has schema ${current}; this code knows up to ${steps.length}`);
  }
  for (const step of steps.slice(current)) {
    for (const statement of step) sql.exec(statement);
  }
  writeMetaValue(sql, 'schema_version', steps.length);
}
