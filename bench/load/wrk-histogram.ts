/**
 * wrk 4.x's latency histogram, as its Lua `done()` hook sees it: one count per microsecond value.
 *
 * Before `done()` runs (and before it prints its own percentiles) wrk applies `stats_correct`
 * (src/stats.c): for every recorded latency n ≥ 2·e, where e = duration / (requests / connections)
 * is the mean interval between one connection's requests, it adds the same count again at n − e,
 * n − 2e, … while the value stays above e. Those are synthetic samples for requests that a
 * coordinated-omission-free client would have sent meanwhile. The load benchmark reports the
 * latencies that were measured, so it removes them again.
 */

/** value (µs) → count, the histogram's non-zero buckets. */
export type Histogram = ReadonlyMap<number, number>;

/** wrk's interval e: integer division, as in wrk.c; 0 when wrk applied no correction. */
export function correctionInterval(durationUs: number, requests: number, connections: number): number {
  const perConnection = Math.floor(requests / connections);
  return perConnection > 0 ? Math.floor(durationUs / perConnection) : 0;
}

/** What stats_correct does to a histogram (for tests: the inverse must undo exactly this). */
export function applyWrkCorrection(measured: Histogram, interval: number): Map<number, number> {
  const out = new Map(measured);
  if (interval <= 0) return out;
  for (const [n, count] of measured) {
    if (n < 2 * interval) continue;
    for (let m = n - interval; m > interval; m -= interval) out.set(m, (out.get(m) ?? 0) + count);
  }
  return out;
}

/**
 * The measured histogram inside a corrected one. A value m > e received the measured counts of
 * m + e, m + 2e, …, so walking down from the largest value, measured(m) = corrected(m) − S(m + e),
 * where S(x) = measured(x) + S(x + e).
 */
export function removeWrkCorrection(corrected: Histogram, interval: number): Map<number, number> {
  if (interval <= 0) return new Map(corrected);
  const values = [...corrected.keys()];
  const max = values.length === 0 ? 0 : Math.max(...values);
  const chain = new Float64Array(max + interval + 1);
  const measured = new Map<number, number>();
  for (let m = max; m >= 0; m--) {
    const seen = corrected.get(m) ?? 0;
    const own = m > interval ? seen - chain[m + interval]! : seen;
    chain[m] = own + chain[m + interval]!;
    if (own > 0) measured.set(m, own);
  }
  return measured;
}

/** The smallest value at or below which `p` percent of the samples lie (nearest rank). */
export function percentile(histogram: Histogram, p: number): number {
  const entries = [...histogram].sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [value, count] of entries) {
    seen += count;
    if (seen >= rank) return value;
  }
  return entries.at(-1)?.[0] ?? 0;
}
