/**
 * Weighted (routing-semantics.md §4.2): P(member) = weight ÷ sum over eligible members. Weight-0
 * members are standby: answered only when every weight > 0 member is unhealthy; if every weight is
 * 0, all are equally likely. Fail-open picks among weight > 0 members as if all were healthy.
 */
import type { Member } from '../zones/zone-index';
import { viewOf } from './chain';
import type { Policy, PolicyContext } from './types';

const weightOf = (m: Member): number => (m.routing?.kind === 'weighted' ? m.routing.weight : 0);

/** Draws one member by weight; with every weight 0, uniformly. */
export function drawWeighted(members: readonly Member[], random: () => number): Member {
  const total = members.reduce((n, m) => n + weightOf(m), 0);
  if (total === 0) return members[Math.floor(random() * members.length)]!;
  let r = random() * total;
  for (const m of members) {
    r -= weightOf(m);
    if (r < 0 && weightOf(m) > 0) return m;
  }
  return members.filter((m) => weightOf(m) > 0).at(-1)!;
}

function pool(members: readonly Member[], healthy: ReadonlySet<Member>): { from: Member[]; why: string } {
  const allZero = members.every((m) => weightOf(m) === 0);
  const up = members.filter((m) => healthy.has(m));
  if (allZero) return { from: up, why: 'every weight is 0: healthy members equally likely' };
  const positive = up.filter((m) => weightOf(m) > 0);
  if (positive.length > 0) return { from: positive, why: 'weighted draw among healthy weight > 0 members' };
  return { from: up, why: 'every weight > 0 member is unhealthy: weight-0 standby' };
}

export const weightedPolicy: Policy = {
  select(group, ctx: PolicyContext) {
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
