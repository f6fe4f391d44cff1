/**
 * Answers a record group: plain RRsets as they are; routed groups through their policy, following
 * aliases into target groups (docs/routing-semantics.md §4.9). Collects what the reply needs to say about
 * the decision: tailored or not, and the ECS scope it depended on. An alias nested too deep is an
 * outcome, not an exception: the caller answers SERVFAIL.
 */
import type { ResourceRecord } from '../dns/message';
import { err, ok, type Result } from '../result';
import type { RRset } from './group';
import { MAX_ALIAS_DEPTH, type MemberHealth } from './health';
import { multivalueRecords } from './multivalue';
import { select } from './select';
import { type TraceStep, traceStep } from './trace';
import type { PolicyContext } from './types';

/** What a group contributed to the answer. */
export interface GroupAnswer {
  readonly records: ResourceRecord[];
  /** Depended on location or randomness. */
  tailored: boolean;
  /** ECS scope needed by location-dependent decisions, or null when none depended on location. */
  scope: number | null;
}

/** Aliases nested beyond MAX_ALIAS_DEPTH at `name`. */
export interface AliasTooDeep {
  readonly kind: 'alias-too-deep';
  readonly name: string;
}

export type GroupOutcome = Result<GroupAnswer, AliasTooDeep>;

/** What answering reads: the policy context, member health, the location's ECS scope, the trace. */
export interface AnswerInputs {
  readonly policy: PolicyContext;
  readonly health: MemberHealth;
  locationScope(): number;
  /** Where decisions are recorded when explaining. */
  readonly steps: TraceStep[] | undefined;
}

export function answerGroup(owner: string, rrset: RRset, inputs: AnswerInputs, depth = 0): GroupOutcome {
  if (rrset.routed === null) {
    const records = rrset.rdata.map((rdata) => ({ name: owner, type: rrset.type, ttl: rrset.ttl, rdata }));
    return ok({ records, tailored: false, scope: null });
  }
  if (depth > MAX_ALIAS_DEPTH) return err({ kind: 'alias-too-deep', name: owner });
  const group = rrset.routed;
  const sel = select(group, inputs.policy);
  const result: GroupAnswer = {
    records: [],
    tailored: sel.byLocation || sel.byChance,
    scope: sel.byLocation ? (sel.scope ?? inputs.locationScope()) : null,
  };
  inputs.steps?.push(traceStep(owner, rrset.type, group, sel, inputs.health));
  for (const m of sel.members) {
    if (m.alias === null) {
      for (const rdata of m.rdata) result.records.push({ name: owner, type: rrset.type, ttl: m.ttl, rdata });
      continue;
    }
    if (m.alias.target === null) continue;
    const sub = answerGroup(owner, m.alias.target, inputs, depth + 1);
    if (!sub.ok) return sub;
    result.records.push(...sub.value.records);
    result.tailored ||= sub.value.tailored;
    if (sub.value.scope !== null) result.scope = Math.max(result.scope ?? 0, sub.value.scope);
  }
  if (group.policy === 'multivalue' && result.records.length > 1) {
    const records = multivalueRecords(result.records, inputs.policy);
    result.records.splice(0, result.records.length, ...records);
  }
  return ok(result);
}
