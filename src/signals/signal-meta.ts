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
import { readMetaValues, writeMetaValue } from '../durable/meta-table';

export interface SignalMeta {
  readonly version: number;
  readonly changedAt: number;
  readonly published: number;
  readonly paceTat: number;
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
