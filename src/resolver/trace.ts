/**
 * The explain trace (docs/routing-semantics.md §8.1): how the client was located, each routed group on
 * the way with its candidates (health, latency, distance and where each figure came from), the rule
 * that fired, whether the failure mode fired, and the snapshot versions. Built only when asked for.
 */
import type { ClientLocation } from '../location/types';
import type { TraceStep } from '../policy/trace';

export type { TraceStep } from '../policy/trace';

export interface Trace {
  location?: ClientLocation;
  readonly steps: TraceStep[];
  versions?: { readonly config: number; readonly health: number; readonly latency: number };
}

export function newTrace(): Trace {
  return { steps: [] };
}
