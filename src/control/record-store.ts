/** Record-set rows of the control plane's SQLite storage (schema.ts). */
import { RRTYPE } from '../dns/constants';
import { type RecordSet, recordSetKey } from '../zones/model';
import { type CompiledSet, rrsetBytes, type StoredRRset } from './compile';

type SetRow = { name: string; type: number; ttl: number; values_json: string };
type CnameRow = { zone: string; name: string; values_json: string };

/**
 * Largest JSON text bound to one insert. DO SQLite caps a string at 2 MB and a statement at 100
 * bound parameters, so rows go in as JSON arrays unpacked with json_each, about 1 MB at a time.
 */
const INSERT_CHUNK_CHARS = 1_000_000;

/** Every record set of a zone (presentation values only), by key. */
export function readZoneSets(sql: SqlStorage, zone: string): Map<string, RecordSet> {
  const out = new Map<string, RecordSet>();
  const cursor = sql.exec<SetRow>(
    'SELECT name, type, ttl, values_json FROM record_sets WHERE zone = ?',
    zone,
  );
  for (const row of cursor) {
    const set: RecordSet = {
      name: row.name,
      type: row.type,
      ttl: row.ttl,
      values: JSON.parse(row.values_json) as string[],
    };
    out.set(recordSetKey(set), set);
  }
  return out;
}

type RRsetRow = { name: string; type: number; ttl: number; rdata_json: string };

/** A zone's record sets for the snapshot, sorted by name then type (the unique index's order). */
export function* readZoneRRsets(sql: SqlStorage, zone: string): Generator<StoredRRset> {
  const cursor = sql.exec<RRsetRow>(
    'SELECT name, type, ttl, rdata_json FROM record_sets WHERE zone = ? ORDER BY name, type',
    zone,
  );
  for (const row of cursor) yield { name: row.name, type: row.type, ttl: row.ttl, rdataJson: row.rdata_json };
}

function insertChunk(sql: SqlStorage, zone: string, rows: string[]): void {
  sql.exec(
    `INSERT INTO record_sets (zone, name, type, ttl, values_json, rdata_json)
     SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
            json_extract(value, '$[3]'), json_extract(value, '$[4]')
     FROM json_each(?)`,
    zone,
    `[${rows.join(',')}]`,
  );
}

/** Inserts record sets (their keys must not exist in the zone). */
export function insertSets(sql: SqlStorage, zone: string, sets: Iterable<CompiledSet>): void {
  let rows: string[] = [];
  let chars = 0;
  for (const { set, rdata } of sets) {
    const row = JSON.stringify([set.name, set.type, set.ttl, set.values, rdata]);
    if (rows.length > 0 && chars + row.length > INSERT_CHUNK_CHARS) {
      insertChunk(sql, zone, rows);
      rows = [];
      chars = 0;
    }
    rows.push(row);
    chars += row.length + 1;
  }
  if (rows.length > 0) insertChunk(sql, zone, rows);
}

/** Snapshot JSON bytes of a stored set (0 when it is not stored). */
export function storedSetBytes(sql: SqlStorage, zone: string, set: Pick<RecordSet, 'name' | 'type'>): number {
  const row = sql
    .exec<{ ttl: number; rdata_length: number }>(
      'SELECT ttl, length(rdata_json) AS rdata_length FROM record_sets WHERE zone = ? AND name = ? AND type = ?',
      zone,
      set.name,
      set.type,
    )
    .toArray()[0];
  return row === undefined
    ? 0
    : rrsetBytes({ name: set.name, type: set.type, ttl: row.ttl }, row.rdata_length);
}

export function deleteSet(sql: SqlStorage, zone: string, set: Pick<RecordSet, 'name' | 'type'>): void {
  sql.exec('DELETE FROM record_sets WHERE zone = ? AND name = ? AND type = ?', zone, set.name, set.type);
}

export function deleteZoneSets(sql: SqlStorage, zone: string): void {
  sql.exec('DELETE FROM record_sets WHERE zone = ?', zone);
}

/** CNAMEs of every zone but `except`: apex → owner → target. */
export function readOtherCnames(sql: SqlStorage, except: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const cursor = sql.exec<CnameRow>(
    'SELECT zone, name, values_json FROM record_sets WHERE type = ? AND zone != ?',
    RRTYPE.CNAME,
    except,
  );
  for (const row of cursor) {
    const target = (JSON.parse(row.values_json) as string[])[0];
    if (target === undefined) continue;
    const zone = out.get(row.zone) ?? new Map<string, string>();
    zone.set(row.name, target);
    out.set(row.zone, zone);
  }
  // Every hosted zone is listed, CNAMEs or not: a name belongs to the most specific one.
  for (const row of sql.exec<{ name: string }>('SELECT name FROM zones WHERE name != ?', except)) {
    if (!out.has(row.name)) out.set(row.name, new Map());
  }
  return out;
}
