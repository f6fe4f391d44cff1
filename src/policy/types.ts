/**
 * The routing-policy interface (docs/routing-semantics.md §2, §4). A policy is a pure function of the
 * record group, the client and the signals; everything it reads arrives through `PolicyContext`, so
 * tests inject location, health, latency and randomness.
 */
import type { LatencyFigure } from '../latency/model';
import type { ClientLocation } from '../location/types';
import type { Member, RoutedGroup } from './group';

export interface PolicyContext {
  /** The client, located once per query on first use. */
  location(): ClientLocation;
  /** Member health (docs/routing-semantics.md §2): its check, and for an alias with EvaluateTargetHealth its target. */
  isHealthy(member: Member): boolean;
  /** Estimated or measured RTT to a region; `unknown` when neither is possible (detail only when explaining). */
  latency(regionId: string): LatencyFigure;
  /**
   * When latency figures depend only on a coarse client position (its country or colo, no
   * network-level measurement applies), a key naming that position and the object the figures
   * derive from (the latency index): figures may be reused for every client with the same key.
   */
  latencyCacheKey(): { readonly source: object; readonly key: string } | undefined;
  /** Coordinates of a region id (built-in or operator-defined). */
  regionCoordinates(regionId: string): { readonly latitude: number; readonly longitude: number } | undefined;
  /** Longest-prefix match in a CIDR collection, with the ECS scope that decision needs. */
  matchCidr(collectionId: string): CidrMatch;
  /** Uniform in [0, 1). */
  random(): number;
  /** Build candidate views and rule text (explain traces); off on the hot path. */
  readonly explain: boolean;
}

export type { LatencyFigure } from '../latency/model';

export interface CidrMatch {
  /** The matched location, or undefined when no block contains the client's network. */
  readonly location: string | undefined;
  /** The matched block (`198.51.100.0/24`), for explanations. */
  readonly block: string | undefined;
  /** ECS scope per docs/routing-semantics.md §4.8 (never above SOURCE; the caller caps it). */
  readonly scope: number;
}

/** How one candidate looked to the policy; the explain trace lists these. */
export interface CandidateView {
  readonly setId: string;
  readonly healthy: boolean;
  /** Policy-specific figures: weight, region and latency, distance, location key, … */
  readonly facts: Readonly<Record<string, string | number | boolean>>;
}

export interface Selection {
  /** The chosen members; empty = NODATA (no match, or fail-closed). */
  readonly members: readonly Member[];
  /** The pick depended on client location (→ private, ECS scope). */
  readonly byLocation: boolean;
  /** The pick depended on randomness (→ private). */
  readonly byChance: boolean;
  /** ECS scope this decision needs, when the policy knows better than the location (IP-based). */
  readonly scope?: number;
  /** Whether no candidate was healthy and the failure mode decided. */
  readonly failure: 'none' | 'open' | 'closed';
  /** The rule that fired, in words (empty unless the context explains). */
  readonly rule: string;
  /** Every candidate as the policy saw it (empty unless the context explains). */
  readonly candidates: readonly CandidateView[];
}

/** A policy reads its own group variant (policy/group.ts). */
export interface Policy<G extends RoutedGroup> {
  select(group: G, ctx: PolicyContext): Selection;
}
