/**
 * The health snapshot the query path reads (docs/routing-semantics.md §2, §5): one small KV value,
 * rewritten only when a status changes. Statuses come from the probe rounds (health/prober.ts) or
 * from an operator's override through the management API (`source` says which).
 *
 * KV key: `health/current` → HealthSnapshot JSON.
 */
export const HEALTH_KEY = 'health/current';

export interface HealthSnapshot {
  readonly format: 1;
  /** Increments on every change of any status. */
  readonly version: number;
  readonly updatedAt: string;
  /** Checks with a result; a check absent here has "no result yet" (counts healthy, §2). */
  readonly checks: Readonly<Record<string, CheckState>>;
}

export interface CheckState {
  readonly healthy: boolean;
  /** ISO time of the last transition. */
  readonly since: string;
  /** Where the status came from: set by an operator, or measured by probes. */
  readonly source: 'manual' | 'probe';
  readonly reason?: string;
}
