/** Meta, zone, change and snapshot rows of the control plane's SQLite storage (schema.ts). */

import { parentName } from '../../dns/name';
import { readMetaValues, writeMetaValue } from '../../durable/meta-table';

export type MetaKey =
  | 'committed_version'
  | 'committed_at'
  | 'published_version'
  | 'content_version'
  | 'pace_tat';

export interface Meta {
  /** Version of the last committed write (0: nothing ever committed). */
  readonly committed: number;
  /** Epoch milliseconds of that commit. */
  readonly committedAt: number;
  /**
   * Newest version whose content KV serves: `config/current` points at it, or at an older version
   * with the same content (a write that changed nothing the snapshot holds is not republished).
   */
  readonly published: number;
  /** Newest version that changed the snapshot's content; a database from before it: committed. */
  readonly contentVersion: number;
  /** Publish pacing state (signals/publish-pacing.ts), epoch ms; 0 at first. */
  readonly paceTat: number;
}

export interface ZoneRow {
  readonly name: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly recordSetCount: number;
  /** Length of the zone's part of the snapshot JSON. */
  readonly snapshotBytes: number;
}

export interface ChangeRow {
  readonly id: string;
  readonly version: number;
  /** What the change wrote: a zone (`example.com.`), `cidr-collection/<id>` or `region/<id>`. */
  readonly subject: string;
  readonly submittedAt: string;
  readonly comment: string | null;
}

type ZoneSql = {
  name: string;
  version: number;
  updated_at: string;
  record_set_count: number;
  snapshot_bytes: number;
};

const ZONE_COLUMNS = 'name, version, updated_at, record_set_count, snapshot_bytes';
type ChangeSql = {
  id: string;
  version: number;
  subject: string;
  submitted_at: string;
  comment: string | null;
};
type SnapshotSql = { version: number; key: string; published_at: string };

/** A config snapshot blob in KV. */
export interface SnapshotRow {
  readonly version: number;
  readonly key: string;
  /** When it was published (ISO): when the one before it was replaced. */
  readonly publishedAt: string;
}

export function readMeta(sql: SqlStorage): Meta {
  const values = readMetaValues(sql);
  return {
    committed: values.get('committed_version') ?? 0,
    committedAt: values.get('committed_at') ?? 0,
    published: values.get('published_version') ?? 0,
    contentVersion: values.get('content_version') ?? values.get('committed_version') ?? 0,
    paceTat: values.get('pace_tat') ?? 0,
  };
}

export function writeMeta(sql: SqlStorage, key: MetaKey, value: number): void {
  writeMetaValue(sql, key, value);
}

function zoneFromSql(row: ZoneSql): ZoneRow {
  return {
    name: row.name,
    version: row.version,
    updatedAt: row.updated_at,
    recordSetCount: row.record_set_count,
    snapshotBytes: row.snapshot_bytes,
  };
}

export function listZoneRows(sql: SqlStorage): ZoneRow[] {
  return sql.exec<ZoneSql>(`SELECT ${ZONE_COLUMNS} FROM zones ORDER BY name`).toArray().map(zoneFromSql);
}

export function readZoneRow(sql: SqlStorage, name: string): ZoneRow | null {
  const row = sql.exec<ZoneSql>(`SELECT ${ZONE_COLUMNS} FROM zones WHERE name = ?`, name).toArray()[0];
  return row === undefined ? null : zoneFromSql(row);
}

export function writeZoneRow(sql: SqlStorage, row: ZoneRow): void {
  sql.exec(
    `INSERT INTO zones (${ZONE_COLUMNS}) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at,
       record_set_count = excluded.record_set_count, snapshot_bytes = excluded.snapshot_bytes`,
    row.name,
    row.version,
    row.updatedAt,
    row.recordSetCount,
    row.snapshotBytes,
  );
}

/** Whether a canonical name is a hosted zone's apex or lies below one. */
export function isHostedName(sql: SqlStorage, name: string): boolean {
  // One lookup per ancestor: a name may have more labels than a query may bind parameters.
  for (let at: string | null = name; at !== null; at = parentName(at)) {
    if (sql.exec('SELECT 1 FROM zones WHERE name = ?', at).toArray().length > 0) return true;
  }
  return false;
}

/** Snapshot JSON bytes of every zone but `except`. */
export function otherZonesBytes(sql: SqlStorage, except: string): number {
  const row = sql
    .exec<{ total: number | null }>('SELECT SUM(snapshot_bytes) AS total FROM zones WHERE name != ?', except)
    .toArray()[0];
  return row?.total ?? 0;
}

export function deleteZoneRow(sql: SqlStorage, name: string): void {
  sql.exec('DELETE FROM zones WHERE name = ?', name);
}

export function insertChange(sql: SqlStorage, row: ChangeRow): void {
  sql.exec(
    'INSERT INTO changes (id, version, subject, submitted_at, comment) VALUES (?, ?, ?, ?, ?)',
    row.id,
    row.version,
    row.subject,
    row.submittedAt,
    row.comment,
  );
}

export function readChange(sql: SqlStorage, id: string): ChangeRow | null {
  const row = sql
    .exec<ChangeSql>('SELECT id, version, subject, submitted_at, comment FROM changes WHERE id = ?', id)
    .toArray()[0];
  if (row === undefined) return null;
  return {
    id: row.id,
    version: row.version,
    subject: row.subject,
    submittedAt: row.submitted_at,
    comment: row.comment,
  };
}

/** Forgets change records older than the newest `keep`. */
export function pruneChanges(sql: SqlStorage, newestVersion: number, keep: number): void {
  sql.exec('DELETE FROM changes WHERE version <= ?', newestVersion - keep);
}

export function recordSnapshot(sql: SqlStorage, version: number, key: string, publishedAt: string): void {
  sql.exec(
    'INSERT INTO snapshots (version, key, published_at) VALUES (?, ?, ?) ON CONFLICT (version) DO NOTHING',
    version,
    key,
    publishedAt,
  );
}

/** The snapshots in KV, newest first. */
export function listSnapshots(sql: SqlStorage): SnapshotRow[] {
  return sql
    .exec<SnapshotSql>('SELECT version, key, published_at FROM snapshots ORDER BY version DESC')
    .toArray()
    .map((row) => ({ version: row.version, key: row.key, publishedAt: row.published_at }));
}

export function forgetSnapshot(sql: SqlStorage, version: number): void {
  sql.exec('DELETE FROM snapshots WHERE version = ?', version);
}
