/**
 * One routed decision as the explain trace lists it (docs/routing-semantics.md §8.1): the group, its
 * candidates with their health and figures, the rule that fired and whether the failure mode did.
 */
import { typeToString } from '../dns/constants';
import type { Member, RoutedGroup } from './group';
import type { MemberHealth } from './health';
import type { CandidateView, Selection } from './types';

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

export function traceStep(
  owner: string,
  type: number,
  group: RoutedGroup,
  sel: Selection,
  health: MemberHealth,
): TraceStep {
  const members: readonly Member[] = group.members;
  return {
    name: owner,
    type: typeToString(type),
    policy: group.policy,
    failureMode: group.failureMode,
    failure: sel.failure,
    rule: sel.rule,
    candidates: sel.candidates.map((c) => {
      const m = members.find((x) => x.setId === c.setId);
      return { ...c, health: m ? health.describe(m) : 'no health check' };
    }),
    chosen: sel.members.map((m) => m.setId),
  };
}
