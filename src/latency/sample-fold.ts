/**
 * What one batch of samples does to a kind's cells, decided before anything is written: which
 * cells take an EWMA step, which are refused (invalid, or new past the kind's maxCells), which are
 * deleted after a day of silence. Pure; latency-state.ts writes the plan in one transaction.
 */
import { type CellKind, cellKeyOf } from './cell-kinds';
import { type Ewma, ewmaStep, MAX_SAMPLE_BATCH } from './sampled';

/** Sampled cells (every kind) whose newest sample is older than this are deleted (a day of silence). */
export const SAMPLED_RETENTION_MS = 24 * 3_600_000;

/** Reasons listed for refused samples (the rest are only counted). */
const MAX_REASONS = 5;

export interface FoldPlan<C extends Ewma> {
  /** Cells after their EWMA step, by cell key. */
  readonly changed: ReadonlyMap<string, C>;
  /** Cells to delete: silent longer than SAMPLED_RETENTION_MS and not touched by this batch. */
  readonly expired: readonly C[];
  /** Samples looked at: at most MAX_SAMPLE_BATCH. */
  readonly considered: number;
  readonly invalid: number;
  readonly reasons: readonly string[];
  /** Samples for new cells while the kind held its maxCells. */
  readonly full: number;
}

export function planFold<S extends { rttMs: number; at: number }, C extends Ewma>(
  kind: CellKind<S, C>,
  cells: ReadonlyMap<string, C>,
  samples: readonly S[],
  now: number,
): FoldPlan<C> {
  const batch = samples.length > MAX_SAMPLE_BATCH ? samples.slice(0, MAX_SAMPLE_BATCH) : samples;
  const changed = new Map<string, C>();
  const reasons: string[] = [];
  let invalid = 0;
  let full = 0;
  for (const sample of batch) {
    const problem = kind.problem(sample, now);
    if (problem !== null) {
      invalid++;
      if (reasons.length < MAX_REASONS) reasons.push(problem);
      continue;
    }
    const key = cellKeyOf(kind, sample);
    const before = changed.get(key) ?? cells.get(key);
    if (before === undefined && cells.size + changed.size >= kind.maxCells) {
      full++;
      continue;
    }
    const [a, b] = kind.keyOf(sample);
    changed.set(key, kind.cell(a, b, ewmaStep(before, sample.rttMs, sample.at)));
  }
  const expired = [...cells.values()].filter(
    (c) => now - c.updatedAt > SAMPLED_RETENTION_MS && !changed.has(cellKeyOf(kind, c)),
  );
  return { changed, expired, considered: batch.length, invalid, reasons, full };
}
