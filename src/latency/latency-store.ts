/**
 * LatencyState's SQLite tables (besides `meta`, signals/signal-meta.ts) and the snapshot they
 * compile to.
 *
 * measurements(kind, place, region, rtt_ms, measured_at)
 *     one row per (colo or network, region): kind 'colo' (place = IATA code) or 'network'
 *     (place = canonical CIDR); measured_at is ISO UTC with milliseconds
 * sampled(colo, region, rtt_ms, samples, updated_at)
 *     one row per colo × region the edge sampled (sampled.ts): the EWMA, the sample count and the
 *     epoch ms of the newest sample
 * probed(checker, check_id, rtt_ms, samples, updated_at)
 *     one row per checker region × health check with MeasureLatency (cell-kinds.ts): probe RTTs
 * networked(network, region, rtt_ms, samples, updated_at)
 *     one row per client /24 or /48 × region reported through the client beacon (cell-kinds.ts)
 * meta: max_age_seconds   the table's MaxAgeSeconds (absent: the default)
 */

import { readMetaValues, writeMetaValue } from '../durable/meta-table';
import type { SignalMeta } from '../signals/signal-meta';
import {
  type CellKind,
  cellKeyOf,
  MAX_PUBLISHED_NETWORK_CELLS,
  NETWORK_CELLS,
  type NetworkCell,
  type ProbedCell,
} from './cell-kinds';
import { DEFAULT_MAX_AGE_SECONDS } from './latency-store-limits';
import { cellUsable, type Ewma, type SampledCell } from './sampled';
import type {
  LatencyMeasurement,
  LatencySnapshot,
  PublishedNetworkCell,
  PublishedProbedCell,
  PublishedSampledCell,
} from './snapshot';

export const LATENCY_SCHEMA: readonly (readonly string[])[] = [
  [
    `CREATE TABLE IF NOT EXISTS measurements (
       kind TEXT NOT NULL CHECK (kind IN ('colo', 'network')),
       place TEXT NOT NULL,
       region TEXT NOT NULL,
       rtt_ms REAL NOT NULL,
       measured_at TEXT NOT NULL,
       PRIMARY KEY (kind, place, region)) WITHOUT ROWID`,
  ],
  [
    `CREATE TABLE IF NOT EXISTS sampled (
       colo TEXT NOT NULL,
       region TEXT NOT NULL,
       rtt_ms REAL NOT NULL,
       samples INTEGER NOT NULL,
       updated_at INTEGER NOT NULL,
       PRIMARY KEY (colo, region)) WITHOUT ROWID`,
  ],
  [
    `CREATE TABLE IF NOT EXISTS probed (
       checker TEXT NOT NULL,
       check_id TEXT NOT NULL,
       rtt_ms REAL NOT NULL,
       samples INTEGER NOT NULL,
       updated_at INTEGER NOT NULL,
       PRIMARY KEY (checker, check_id)) WITHOUT ROWID`,
    `CREATE TABLE IF NOT EXISTS networked (
       network TEXT NOT NULL,
       region TEXT NOT NULL,
       rtt_ms REAL NOT NULL,
       samples INTEGER NOT NULL,
       updated_at INTEGER NOT NULL,
       PRIMARY KEY (network, region)) WITHOUT ROWID`,
  ],
];

type Kind = 'colo' | 'network';
type MeasurementSql = { kind: string; place: string; region: string; rtt_ms: number; measured_at: string };

function placeOf(m: LatencyMeasurement): { kind: Kind; place: string } {
  return m.colo !== undefined ? { kind: 'colo', place: m.colo } : { kind: 'network', place: m.network ?? '' };
}

/**
 * The identity of a measurement: its place and region. Keys sort like (kind, place, region), as
 * the separating space sorts below every character a place or region may hold.
 */
export function measurementKey(m: LatencyMeasurement): string {
  const { kind, place } = placeOf(m);
  return `${kind} ${place} ${m.region}`;
}

function fromSql(row: MeasurementSql): LatencyMeasurement {
  const at = { region: row.region, rttMs: row.rtt_ms, measuredAt: row.measured_at };
  return row.kind === 'colo' ? { colo: row.place, ...at } : { network: row.place, ...at };
}

export function readMeasurements(sql: SqlStorage): Map<string, LatencyMeasurement> {
  const table = new Map<string, LatencyMeasurement>();
  for (const row of sql.exec<MeasurementSql>(
    'SELECT kind, place, region, rtt_ms, measured_at FROM measurements',
  )) {
    const m = fromSql(row);
    table.set(measurementKey(m), m);
  }
  return table;
}

export function upsertMeasurements(sql: SqlStorage, measurements: readonly LatencyMeasurement[]): void {
  for (const m of measurements) {
    const { kind, place } = placeOf(m);
    sql.exec(
      `INSERT INTO measurements (kind, place, region, rtt_ms, measured_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kind, place, region) DO UPDATE SET rtt_ms = excluded.rtt_ms,
         measured_at = excluded.measured_at`,
      kind,
      place,
      m.region,
      m.rttMs,
      m.measuredAt,
    );
  }
}

export function deleteMeasurements(sql: SqlStorage, measurements: Iterable<LatencyMeasurement>): void {
  for (const m of measurements) {
    const { kind, place } = placeOf(m);
    sql.exec('DELETE FROM measurements WHERE kind = ? AND place = ? AND region = ?', kind, place, m.region);
  }
}

export function readMaxAge(sql: SqlStorage): number {
  return readMetaValues(sql).get('max_age_seconds') ?? DEFAULT_MAX_AGE_SECONDS;
}

export function writeMaxAge(sql: SqlStorage, seconds: number): void {
  writeMetaValue(sql, 'max_age_seconds', seconds);
}

type CellSql = { a: string; b: string; rtt_ms: number; samples: number; updated_at: number };

/** Every cell of `kind` in its table, by cellKeyOf. */
export function readCells<S extends { rttMs: number; at: number }, C extends Ewma>(
  sql: SqlStorage,
  kind: CellKind<S, C>,
): Map<string, C> {
  const [a, b] = kind.columns;
  const cells = new Map<string, C>();
  for (const row of sql.exec<CellSql>(
    `SELECT ${a} AS a, ${b} AS b, rtt_ms, samples, updated_at FROM ${kind.table}`,
  )) {
    const cell = kind.cell(row.a, row.b, {
      rttMs: row.rtt_ms,
      samples: row.samples,
      updatedAt: row.updated_at,
    });
    cells.set(cellKeyOf(kind, cell), cell);
  }
  return cells;
}

export function upsertCells<S extends { rttMs: number; at: number }, C extends Ewma>(
  sql: SqlStorage,
  kind: CellKind<S, C>,
  cells: Iterable<C>,
): void {
  const [a, b] = kind.columns;
  for (const c of cells) {
    const [va, vb] = kind.keyOf(c);
    sql.exec(
      `INSERT INTO ${kind.table} (${a}, ${b}, rtt_ms, samples, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (${a}, ${b}) DO UPDATE SET rtt_ms = excluded.rtt_ms, samples = excluded.samples,
         updated_at = excluded.updated_at`,
      va,
      vb,
      c.rttMs,
      c.samples,
      c.updatedAt,
    );
  }
}

export function deleteCells<S extends { rttMs: number; at: number }, C extends Ewma>(
  sql: SqlStorage,
  kind: CellKind<S, C>,
  cells: Iterable<C>,
): void {
  const [a, b] = kind.columns;
  for (const c of cells) {
    const [va, vb] = kind.keyOf(c);
    sql.exec(`DELETE FROM ${kind.table} WHERE ${a} = ? AND ${b} = ?`, va, vb);
  }
}

const published = (e: Ewma): { rttMs: number; samples: number; updatedAt: string } => ({
  rttMs: Math.round(e.rttMs * 10) / 10,
  samples: e.samples,
  updatedAt: new Date(e.updatedAt).toISOString(),
});

/** Probe cells in (checker, check) order, as published. */
export function publishedProbed(cells: ReadonlyMap<string, ProbedCell>): PublishedProbedCell[] {
  return [...cells.keys()].sort().map((key) => {
    const c = cells.get(key) as ProbedCell;
    return { checker: c.checker, checkId: c.checkId, ...published(c) };
  });
}

/**
 * Client-network cells as published: usable ones only (cellUsable at `now`), at most
 * MAX_PUBLISHED_NETWORK_CELLS, the most recently updated kept; in (network, region) order.
 */
export function publishedNetworks(
  cells: ReadonlyMap<string, NetworkCell>,
  now: number,
): PublishedNetworkCell[] {
  const usable = [...cells.values()].filter((c) => cellUsable(c, now));
  usable.sort((x, y) => y.updatedAt - x.updatedAt);
  return usable
    .slice(0, MAX_PUBLISHED_NETWORK_CELLS)
    .sort((x, y) => (cellKeyOf(NETWORK_CELLS, x) < cellKeyOf(NETWORK_CELLS, y) ? -1 : 1))
    .map((c) => ({ network: c.network, region: c.region, ...published(c) }));
}

/** Sampled cells in (colo, region) order, as published: RTT to 0.1 ms, times as ISO text. */
export function publishedSampled(cells: ReadonlyMap<string, SampledCell>): PublishedSampledCell[] {
  return [...cells.keys()].sort().map((key) => {
    const c = cells.get(key) as SampledCell;
    return { colo: c.colo, region: c.region, ...published(c) };
  });
}

/** Measurements in key order, so the same table always gives the same bytes. */
export function sortedMeasurements(table: ReadonlyMap<string, LatencyMeasurement>): LatencyMeasurement[] {
  return [...table.keys()].sort().map((key) => table.get(key) as LatencyMeasurement);
}

/** The LatencySnapshot JSON of the table at `meta.version`. */
export interface SampledTables {
  readonly edge: ReadonlyMap<string, SampledCell>;
  readonly probe: ReadonlyMap<string, ProbedCell>;
  readonly network: ReadonlyMap<string, NetworkCell>;
}

export function latencySnapshotText(
  table: ReadonlyMap<string, LatencyMeasurement>,
  cells: SampledTables,
  maxAgeSeconds: number,
  meta: SignalMeta,
  now: number,
): string {
  const networks = publishedNetworks(cells.network, now);
  const snapshot: LatencySnapshot = {
    format: 1,
    version: meta.version,
    updatedAt: new Date(meta.changedAt).toISOString(),
    maxAgeSeconds,
    measurements: sortedMeasurements(table),
    ...(cells.edge.size === 0 ? {} : { sampled: publishedSampled(cells.edge) }),
    ...(cells.probe.size === 0 ? {} : { probed: publishedProbed(cells.probe) }),
    ...(networks.length === 0 ? {} : { networks: networks }),
  };
  return JSON.stringify(snapshot);
}
