/** Record-set rows of the control plane's SQLite storage (schema.ts). */
import { RRTYPE } from '../../dns/constants';
import { isSubdomain } from '../../dns/name';
import { type RecordSet, recordSetKey } from '../../zones/model';
import { type CompiledSet, rrsetBytes, type StoredRRset } from '../publish/compile';
import { policyFromJson } from '../publish/policy-json';
import { ALIAS_TARGET } from './schema';

type SetRow = {
  name: string;
  type: number;
  set_id: string;
  ttl: number;
  values_json: string;
  policy_json: string | null;
};
type CnameRow = { zone: string; name: string; values_json: string };

const SET_COLUMNS = 'name, type, set_id, ttl, values_json, policy_json';

/**
 * Largest JSON text bound to one insert. DO SQLite caps a string at 2 MB and a statement at 100
 * bound parameters, so rows go in as JSON arrays unpacked with json_each, about 1 MB at a time.
 */
const INSERT_CHUNK_CHARS = 1_000_000;

function setFromRow(row: SetRow): RecordSet {
  const values = JSON.parse(row.values_json) as string[];
  const base = { name: row.name, type: row.type, ttl: row.ttl, values };
  if (row.policy_json === null && row.set_id === '') return base;
  return {
    ...base,
    ...(row.set_id === '' ? {} : { setIdentifier: row.set_id }),
    ...policyFromJson(row.policy_json),
  };
}

/** Every record set of a zone (presentation values only), by key. */
export function readZoneSets(sql: SqlStorage, zone: string): Map<string, RecordSet> {
  const out = new Map<string, RecordSet>();
  const cursor = sql.exec<SetRow>(`SELECT ${SET_COLUMNS} FROM record_sets WHERE zone = ?`, zone);
  for (const row of cursor) {
    const set = setFromRow(row);
    out.set(recordSetKey(set), set);
  }
  return out;
}

/** The record sets at one owner name of a zone (for alias targets and loops across zones). */
export function readSetsAt(sql: SqlStorage, zone: string, name: string): RecordSet[] {
  return sql
    .exec<SetRow>(`SELECT ${SET_COLUMNS} FROM record_sets WHERE zone = ? AND name = ?`, zone, name)
    .toArray()
    .map(setFromRow);
}

/** A stored alias record set and its hosted zone. */
export interface StoredAlias {
  readonly zone: string;
  readonly set: RecordSet;
}

const ALIAS_COLUMNS = `zone, ${SET_COLUMNS}`;
const aliasFromRow = (row: SetRow & { zone: string }): StoredAlias => ({
  zone: row.zone,
  set: setFromRow(row),
});

/** The alias record sets outside the zone `except` that point at one of `targets` (by the index). */
export function aliasesTargeting(sql: SqlStorage, targets: Iterable<string>, except: string): StoredAlias[] {
  const out: StoredAlias[] = [];
  for (const target of new Set(targets)) {
    const rows = sql.exec<SetRow & { zone: string }>(
      `SELECT ${ALIAS_COLUMNS} FROM record_sets WHERE ${ALIAS_TARGET} = ? AND zone != ?`,
      target,
      except,
    );
    for (const row of rows) out.push(aliasFromRow(row));
  }
  return out;
}

/**
 * The alias record sets outside the zone `except` that point at `apex` or a name below it. Reads
 * the alias rows only (the index holds nothing else), however large the zones.
 */
export function aliasesInto(sql: SqlStorage, apex: string, except: string): StoredAlias[] {
  const rows = sql.exec<SetRow & { zone: string }>(
    `SELECT ${ALIAS_COLUMNS} FROM record_sets WHERE ${ALIAS_TARGET} IS NOT NULL AND zone != ?`,
    except,
  );
  const out: StoredAlias[] = [];
  for (const row of rows) {
    const alias = aliasFromRow(row);
    const target = alias.set.alias?.dnsName;
    if (target !== undefined && isSubdomain(target, apex)) out.push(alias);
  }
  return out;
}

type RRsetRow = { name: string; type: number; ttl: number; rdata_json: string; extra_json: string };

/** A zone's record sets for the snapshot, sorted by name, type, set id (the unique index's order). */
export function* readZoneRRsets(sql: SqlStorage, zone: string): Generator<StoredRRset> {
  const cursor = sql.exec<RRsetRow>(
    'SELECT name, type, ttl, rdata_json, extra_json FROM record_sets WHERE zone = ? ORDER BY name, type, set_id',
    zone,
  );
  for (const row of cursor) {
    yield {
      name: row.name,
      type: row.type,
      ttl: row.ttl,
      rdataJson: row.rdata_json,
      extraJson: row.extra_json,
    };
  }
}

function insertChunk(sql: SqlStorage, zone: string, rows: string[]): void {
  sql.exec(
    `INSERT INTO record_sets (zone, name, type, ttl, values_json, rdata_json, set_id, policy_json, extra_json)
     SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
            json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]'),
            json_extract(value, '$[6]'), json_extract(value, '$[7]')
     FROM json_each(?)`,
    zone,
    `[${rows.join(',')}]`,
  );
}

/** Inserts record sets (their keys must not exist in the zone). */
export function insertSets(sql: SqlStorage, zone: string, sets: Iterable<CompiledSet>): void {
  let rows: string[] = [];
  let chars = 0;
  for (const { set, rdata, policy, extra } of sets) {
    // policy_json is stored as text: a JSON string inside the row array.
    const row = JSON.stringify([
      set.name,
      set.type,
      set.ttl,
      set.values,
      rdata,
      set.setIdentifier ?? '',
      policy,
      extra,
    ]);
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

type SetKey = Pick<RecordSet, 'name' | 'type' | 'setIdentifier'>;

/** Snapshot JSON bytes of a stored set (0 when it is not stored). */
export function storedSetBytes(sql: SqlStorage, zone: string, set: SetKey): number {
  const row = sql
    .exec<{ ttl: number; rdata_length: number; extra_length: number }>(
      `SELECT ttl, length(rdata_json) AS rdata_length, length(extra_json) AS extra_length FROM record_sets
       WHERE zone = ? AND name = ? AND type = ? AND set_id = ?`,
      zone,
      set.name,
      set.type,
      set.setIdentifier ?? '',
    )
    .toArray()[0];
  return row === undefined
    ? 0
    : rrsetBytes({ name: set.name, type: set.type, ttl: row.ttl }, row.rdata_length) + row.extra_length;
}

export function deleteSet(sql: SqlStorage, zone: string, set: SetKey): void {
  sql.exec(
    'DELETE FROM record_sets WHERE zone = ? AND name = ? AND type = ? AND set_id = ?',
    zone,
    set.name,
    set.type,
    set.setIdentifier ?? '',
  );
}

export function deleteZoneSets(sql: SqlStorage, zone: string): void {
  sql.exec('DELETE FROM record_sets WHERE zone = ?', zone);
}

/** Plain CNAMEs (simple, not alias) of every zone but `except`: apex → owner → target. */
export function readOtherCnames(sql: SqlStorage, except: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const cursor = sql.exec<CnameRow>(
    "SELECT zone, name, values_json FROM record_sets WHERE type = ? AND zone != ? AND set_id = ''",
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

/**
 * True when a zone other than `except` has an alias or a routed CNAME: only then can a chain that
 * leaves the zone come back through one (validate-alias.ts).
 */
export function othersHaveIndirection(sql: SqlStorage, except: string): boolean {
  const row = sql
    .exec<{ n: number }>(
      `SELECT count(*) AS n FROM record_sets WHERE policy_json IS NOT NULL AND zone != ?
       AND (type = ? OR json_extract(policy_json, '$.alias') IS NOT NULL)`,
      except,
      RRTYPE.CNAME,
    )
    .one();
  return row.n > 0;
}

/** Types of the aliases in zones other than `except`. */
export function otherAliasTypes(sql: SqlStorage, except: string): Set<number> {
  const rows = sql.exec<{ type: number }>(
    `SELECT DISTINCT type FROM record_sets WHERE policy_json IS NOT NULL AND zone != ?
     AND json_extract(policy_json, '$.alias') IS NOT NULL`,
    except,
  );
  return new Set(rows.toArray().map((r) => r.type));
}

/** A stored record set that uses a config resource, for "in use" refusals. */
export interface SetUse {
  readonly zone: string;
  readonly name: string;
  readonly type: number;
  readonly setIdentifier: string;
  /** The JSON value of the field that was matched (a location name, a region id). */
  readonly value: string;
}

/** Record sets whose policy_json has `value` at one of `paths` (JSON paths like `$.routing.region`). */
export function setsUsing(sql: SqlStorage, paths: readonly string[], value: string): SetUse[] {
  const match = paths.map(() => 'json_extract(policy_json, ?) = ?').join(' OR ');
  const args = paths.flatMap((p) => [p, value]);
  return sql
    .exec<{ zone: string; name: string; type: number; set_id: string }>(
      `SELECT zone, name, type, set_id FROM record_sets WHERE policy_json IS NOT NULL AND (${match})
       ORDER BY zone, name, type, set_id`,
      ...args,
    )
    .toArray()
    .map((r) => ({ zone: r.zone, name: r.name, type: r.type, setIdentifier: r.set_id, value }));
}

/** Location names of a CIDR collection that record sets use, with the sets. */
export function cidrLocationsInUse(sql: SqlStorage, collectionId: string): SetUse[] {
  return sql
    .exec<{ zone: string; name: string; type: number; set_id: string; location: string }>(
      `SELECT zone, name, type, set_id, json_extract(policy_json, '$.routing.locationName') AS location
       FROM record_sets WHERE policy_json IS NOT NULL
       AND json_extract(policy_json, '$.routing.kind') = 'cidr'
       AND json_extract(policy_json, '$.routing.collectionId') = ?
       ORDER BY zone, name, type, set_id`,
      collectionId,
    )
    .toArray()
    .map((r) => ({ zone: r.zone, name: r.name, type: r.type, setIdentifier: r.set_id, value: r.location }));
}
