/**
 * One check's status and how it moves (docs/routing-semantics.md §2, §5.3). A check without a stored
 * state has "no result yet" and counts healthy. Operators set statuses through the API now; the
 * probes will feed their verdicts (after FailureThreshold counting, §5.2) through the same
 * `nextCheckState`, with source 'probe'.
 */
import type { Problem } from '../validation/problem';
import type { CheckState } from './snapshot';

export type CheckSource = CheckState['source'];

/** A verdict about one check: set by an operator, or concluded from probes. */
export interface Observation {
  readonly healthy: boolean;
  readonly source: CheckSource;
  readonly reason?: string;
}

/** Health-check ids: 1–64 of [A-Za-z0-9_-] (Route 53's UUIDs fit). */
const CHECK_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const MAX_REASON_CHARS = 256;

export function checkIdProblem(id: string, path: string): Problem | null {
  return CHECK_ID.test(id)
    ? null
    : { path, message: `invalid health-check id "${id.slice(0, 80)}": use 1–64 of A–Z a–z 0–9 _ -` };
}

export function reasonProblem(reason: string | undefined, path: string): Problem | null {
  if (reason === undefined) return null;
  if (reason.length === 0 || reason.length > MAX_REASON_CHARS) {
    return { path, message: `a reason has 1–${MAX_REASON_CHARS} characters` };
  }
  return null;
}

/**
 * The check's state after an observation; `changed` is false when nothing published moves (same
 * verdict, source and reason). `since` moves only when healthy flips, or at the first result.
 */
export function nextCheckState(
  current: CheckState | null,
  observation: Observation,
  nowIso: string,
): { readonly state: CheckState; readonly changed: boolean } {
  const { healthy, source, reason } = observation;
  if (
    current !== null &&
    current.healthy === healthy &&
    current.source === source &&
    current.reason === reason
  ) {
    return { state: current, changed: false };
  }
  const since = current !== null && current.healthy === healthy ? current.since : nowIso;
  const state = reason === undefined ? { healthy, since, source } : { healthy, since, source, reason };
  return { state, changed: true };
}
