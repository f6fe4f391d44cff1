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
 * meta: max_age_seconds   the table's MaxAgeSeconds (absent: the default)
 */

import { readMetaValues, writeMetaValue } from '../durable/meta-table';
import type { SignalMeta } from '../signals/signal-meta';
import { DEFAULT_MAX_AGE_SECONDS } from './latency-store-limits';
import { cellKey, type SampledCell } from './sampled';
import type { LatencyMeasurement, LatencySnapshot, PublishedSampledCell } from './snapshot';

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

type SampledSql = { colo: string; region: string; rtt_ms: number; samples: number; updated_at: number };

export function readSampled(sql: SqlStorage): Map<string, SampledCell> {
  const cells = new Map<string, SampledCell>();
  for (const row of sql.exec<SampledSql>('SELECT colo, region, rtt_ms, samples, updated_at FROM sampled')) {
    cells.set(cellKey(row.colo, row.region), {
      colo: row.colo,
      region: row.region,
      rttMs: row.rtt_ms,
      samples: row.samples,
      updatedAt: row.updated_at,
    });
  }
  return cells;
}

export function upsertSampled(sql: SqlStorage, cells: Iterable<SampledCell>): void {
  for (const c of cells) {
    sql.exec(
      `INSERT INTO sampled (colo, region, rtt_ms, samples, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (colo, region) DO UPDATE SET rtt_ms = excluded.rtt_ms, samples = excluded.samples,
         updated_at = excluded.updated_at`,
      c.colo,
      c.region,
      c.rttMs,
      c.samples,
      c.updatedAt,
    );
  }
}

export function deleteSampled(sql: SqlStorage, cells: Iterable<SampledCell>): void {
  for (const c of cells) sql.exec('DELETE FROM sampled WHERE colo = ? AND region = ?', c.colo, c.region);
}

/** Sampled cells in (colo, region) order, as published: RTT to 0.1 ms, times as ISO text. */
export function publishedSampled(cells: ReadonlyMap<string, SampledCell>): PublishedSampledCell[] {
  return [...cells.keys()].sort().map((key) => {
    const c = cells.get(key) as SampledCell;
    return {
      colo: c.colo,
      region: c.region,
      rttMs: Math.round(c.rttMs * 10) / 10,
      samples: c.samples,
      updatedAt: new Date(c.updatedAt).toISOString(),
    };
  });
}

/** Measurements in key order, so the same table always gives the same bytes. */
export function sortedMeasurements(table: ReadonlyMap<string, LatencyMeasurement>): LatencyMeasurement[] {
  return [...table.keys()].sort().map((key) => table.get(key) as LatencyMeasurement);
}

/** The LatencySnapshot JSON of the table at `meta.version`. */
export function latencySnapshotText(
  table: ReadonlyMap<string, LatencyMeasurement>,
  sampled: ReadonlyMap<string, SampledCell>,
  maxAgeSeconds: number,
  meta: SignalMeta,
): string {
  const snapshot: LatencySnapshot = {
    format: 1,
    version: meta.version,
    updatedAt: new Date(meta.changedAt).toISOString(),
    maxAgeSeconds,
    measurements: sortedMeasurements(table),
    ...(sampled.size === 0 ? {} : { sampled: publishedSampled(sampled) }),
  };
  return JSON.stringify(snapshot);
}
