/**
 * Weighted (docs/routing-semantics.md §4.2): P(member) = weight ÷ sum over eligible members. Weight-0
 * members are standby: answered only when every weight > 0 member is unhealthy; if every weight is
 * 0, all are equally likely. Fail-open picks among weight > 0 members as if all were healthy.
 */
import { viewOf } from './chain';
import type { WeightedGroup, WeightedMember } from './group';
import type { Policy, PolicyContext, Selection } from './types';

const weightOf = (m: WeightedMember): number => m.weight;

/** Draws one member by weight; with every weight 0, uniformly. */
function drawWeighted(members: readonly WeightedMember[], random: () => number): WeightedMember {
  const total = members.reduce((n, m) => n + weightOf(m), 0);
  if (total === 0) return members[Math.floor(random() * members.length)]!;
  let r = random() * total;
  for (const m of members) {
    r -= weightOf(m);
    if (r < 0 && weightOf(m) > 0) return m;
  }
  return members.filter((m) => weightOf(m) > 0).at(-1)!;
}

function pool(
  members: readonly WeightedMember[],
  healthy: ReadonlySet<WeightedMember>,
): { from: WeightedMember[]; why: string } {
  const allZero = members.every((m) => weightOf(m) === 0);
  const up = members.filter((m) => healthy.has(m));
  if (allZero) return { from: up, why: 'every weight is 0: healthy members equally likely' };
  const positive = up.filter((m) => weightOf(m) > 0);
  if (positive.length > 0) return { from: positive, why: 'weighted draw among healthy weight > 0 members' };
  return { from: up, why: 'every weight > 0 member is unhealthy: weight-0 standby' };
}

/**
 * The hot path (no explain): one pass over the members, no sets or spreads. Same rules as the
 * explaining path below: healthy weight > 0 by weight; else healthy weight-0 standby uniformly;
 * every weight 0 → healthy members uniformly; none healthy → fail-closed NODATA or fail-open among
 * weight > 0 members.
 */
function selectFast(group: WeightedGroup, ctx: PolicyContext): Selection {
  const members = group.members;
  let positiveTotal = 0;
  let standby = 0;
  let anyPositive = false;
  const healthy: boolean[] = new Array(members.length);
  for (let i = 0; i < members.length; i++) {
    const w = weightOf(members[i]!);
    if (w > 0) anyPositive = true;
    const up = ctx.isHealthy(members[i]!);
    healthy[i] = up;
    if (up) {
      if (w > 0) positiveTotal += w;
      else standby++;
    }
  }
  const pick = (eligible: (i: number) => boolean, weighted: boolean, total: number): WeightedMember => {
    let r = ctx.random() * total;
    let last = 0;
    for (let i = 0; i < members.length; i++) {
      if (!eligible(i)) continue;
      last = i;
      r -= weighted ? weightOf(members[i]!) : 1;
      if (r < 0) return members[i]!;
    }
    return members[last]!;
  };
  const out = (chosen: WeightedMember[], failure: Selection['failure']): Selection => ({
    members: chosen,
    byLocation: false,
    byChance: true,
    failure,
    rule: '',
    candidates: [],
  });
  if (!anyPositive) {
    if (standby > 0) return out([pick((i) => healthy[i]!, false, standby)], 'none');
  } else if (positiveTotal > 0) {
    return out([pick((i) => healthy[i]! && weightOf(members[i]!) > 0, true, positiveTotal)], 'none');
  } else if (standby > 0) {
    return out([pick((i) => healthy[i]!, false, standby)], 'none');
  }
  if (group.failureMode === 'closed') return out([], 'closed');
  if (!anyPositive) return out([pick(() => true, false, members.length)], 'open');
  const total = members.reduce((n, m) => n + weightOf(m), 0);
  return out([pick((i) => weightOf(members[i]!) > 0, true, total)], 'open');
}

export const weightedPolicy: Policy<WeightedGroup> = {
  select(group, ctx: PolicyContext) {
    if (!ctx.explain) return selectFast(group, ctx);
    const healthy = new Set(group.members.filter((m) => ctx.isHealthy(m)));
    const candidates = ctx.explain
      ? group.members.map((m) => viewOf(m, healthy.has(m), { weight: weightOf(m) }))
      : [];
    const base = { byLocation: false, byChance: true, candidates };
    const { from, why } = pool(group.members, healthy);
    if (from.length > 0) {
      return {
        ...base,
        members: [drawWeighted(from, () => ctx.random())],
        failure: 'none' as const,
        rule: why,
      };
    }
    if (group.failureMode === 'closed') {
      return {
        ...base,
        members: [],
        failure: 'closed' as const,
        rule: 'no member is healthy and the group fails closed: NODATA',
      };
    }
    const positive = group.members.filter((m) => weightOf(m) > 0);
    const from2 = positive.length > 0 ? positive : group.members;
    return {
      ...base,
      members: [drawWeighted(from2, () => ctx.random())],
      failure: 'open' as const,
      rule: 'no member is healthy; fail-open draws among weight > 0 members as if all were healthy',
    };
  },
};
