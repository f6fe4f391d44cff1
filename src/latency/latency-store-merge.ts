/**
 * What a write changes in the stored table, worked out before anything is written so that a write
 * that changes nothing touches neither SQLite nor KV, and one that changes a few rows writes only
 * those (Durable Object SQLite bills rows written).
 */
import { measurementKey } from './latency-store';
import type { LatencyMeasurement } from './snapshot';

export interface TableDiff {
  /** New measurements, and new values for existing keys. */
  readonly upserts: readonly LatencyMeasurement[];
  /** Stored measurements to remove. */
  readonly deletes: readonly LatencyMeasurement[];
}

const same = (a: LatencyMeasurement, b: LatencyMeasurement): boolean =>
  a.rttMs === b.rttMs && a.measuredAt === b.measuredAt;

/** Replace: the table becomes exactly `incoming`. */
export function replaceDiff(
  stored: ReadonlyMap<string, LatencyMeasurement>,
  incoming: readonly LatencyMeasurement[],
): TableDiff {
  const keep = new Set<string>();
  const upserts: LatencyMeasurement[] = [];
  for (const m of incoming) {
    const key = measurementKey(m);
    keep.add(key);
    const old = stored.get(key);
    if (old === undefined || !same(old, m)) upserts.push(m);
  }
  const deletes = [...stored].filter(([key]) => !keep.has(key)).map(([, m]) => m);
  return { upserts, deletes };
}

/**
 * Merge: per key, the newest MeasuredAt wins; on a tie the incoming value does (a correction of the
 * same measurement). Nothing is removed.
 */
export function mergeDiff(
  stored: ReadonlyMap<string, LatencyMeasurement>,
  incoming: readonly LatencyMeasurement[],
): TableDiff {
  const upserts = incoming.filter((m) => {
    const old = stored.get(measurementKey(m));
    // ISO UTC strings of one fixed shape compare in time order.
    return old === undefined || (m.measuredAt >= old.measuredAt && !same(old, m));
  });
  return { upserts, deletes: [] };
}

/** Applies a diff to an in-memory copy of the table. */
export function applyDiff(table: Map<string, LatencyMeasurement>, diff: TableDiff): void {
  for (const m of diff.deletes) table.delete(measurementKey(m));
  for (const m of diff.upserts) table.set(measurementKey(m), m);
}

/** Size of the table after the diff. */
export function sizeAfter(stored: ReadonlyMap<string, LatencyMeasurement>, diff: TableDiff): number {
  const added = diff.upserts.filter((m) => !stored.has(measurementKey(m))).length;
  return stored.size + added - diff.deletes.length;
}
