/**
 * LatencyState's SQLite tables (besides `meta`, signals/signal-meta.ts) and the snapshot they
 * compile to.
 *
 * measurements(kind, place, region, rtt_ms, measured_at)
 *     one row per (colo or network, region): kind 'colo' (place = IATA code) or 'network'
 *     (place = canonical CIDR); measured_at is ISO UTC with milliseconds
 * meta: max_age_seconds   the table's MaxAgeSeconds (absent: the default)
 */

import { readMetaValues, writeMetaValue } from '../durable/meta-table';
import type { SignalMeta } from '../signals/signal-meta';
import { DEFAULT_MAX_AGE_SECONDS } from './latency-store-limits';
import type { LatencyMeasurement, LatencySnapshot } from './snapshot';

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

/** Measurements in key order, so the same table always gives the same bytes. */
export function sortedMeasurements(table: ReadonlyMap<string, LatencyMeasurement>): LatencyMeasurement[] {
  return [...table.keys()].sort().map((key) => table.get(key) as LatencyMeasurement);
}

/** The LatencySnapshot JSON of the table at `meta.version`. */
export function latencySnapshotText(
  table: ReadonlyMap<string, LatencyMeasurement>,
  maxAgeSeconds: number,
  meta: SignalMeta,
): string {
  const snapshot: LatencySnapshot = {
    format: 1,
    version: meta.version,
    updatedAt: new Date(meta.changedAt).toISOString(),
    maxAgeSeconds,
    measurements: sortedMeasurements(table),
  };
  return JSON.stringify(snapshot);
}
