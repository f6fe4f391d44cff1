/**
 * The explain trace (routing-semantics.md §8.1): how the client was located, each routed group on
 * the way with its candidates (health, latency, distance and where each figure came from), the rule
 * that fired, whether the failure mode fired, and the snapshot versions. Built only when asked for.
 */
import type { ClientLocation } from '../location/types';
import type { CandidateView } from '../policy/types';

export interface TraceStep {
  readonly name: string;
  readonly type: string;
  readonly policy: string;
  readonly failureMode: string;
  /** `open` / `closed` when no candidate was healthy and the failure mode decided. */
  readonly failure: 'none' | 'open' | 'closed';
  readonly rule: string;
  readonly candidates: readonly (CandidateView & { readonly health: string })[];
  readonly chosen: readonly string[];
}

export interface Trace {
  location?: ClientLocation;
  readonly steps: TraceStep[];
  versions?: { readonly config: number; readonly health: number; readonly latency: number };
}

export function newTrace(): Trace {
  return { steps: [] };
}
