/**
 * Multivalue (docs/routing-semantics.md §4.7): up to 8 healthy members. ≤ 8 healthy → all of them (not
 * tailored); > 8 → a random 8 (tailored). None healthy → up to 8 of all (fail-open) or NODATA.
 */
import type { ResourceRecord } from '../dns/message';
import { viewOf } from './chain';
import type { Member, MultivalueGroup } from './group';
import type { Policy, PolicyContext } from './types';

export const MULTIVALUE_MAX = 8;

/** Fisher–Yates on a copy, with the injected random source. */
export function shuffled<T>(items: readonly T[], ctx: PolicyContext): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(ctx.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export const multivaluePolicy: Policy<MultivalueGroup> = {
  select(group, ctx) {
    const healthy = new Set(group.members.filter((m) => ctx.isHealthy(m)));
    const candidates = ctx.explain ? group.members.map((m) => viewOf(m, healthy.has(m), {})) : [];
    let from: Member[] = group.members.filter((m) => healthy.has(m));
    let failure: 'none' | 'open' = 'none';
    if (from.length === 0) {
      if (group.failureMode === 'closed') {
        return {
          members: [],
          byLocation: false,
          byChance: false,
          failure: 'closed',
          rule: 'no member is healthy and the group fails closed: NODATA',
          candidates,
        };
      }
      from = [...group.members];
      failure = 'open';
    }
    const byChance = from.length > MULTIVALUE_MAX;
    const members = byChance ? shuffled(from, ctx).slice(0, MULTIVALUE_MAX) : from;
    const rule = byChance
      ? `${from.length} eligible members: a random ${MULTIVALUE_MAX}`
      : `all ${from.length} ${failure === 'open' ? 'members (none healthy: fail-open)' : 'healthy members'}`;
    return { members, byLocation: false, byChance, failure, rule, candidates };
  },
};

/**
 * The records a multivalue group answers with, once aliases are followed: one RRset, one TTL
 * (RFC 2181 §5.2), the smallest of the chosen members'; order shuffled.
 */
export function multivalueRecords(records: ResourceRecord[], ctx: PolicyContext): ResourceRecord[] {
  if (records.length <= 1) return records;
  const ttl = Math.min(...records.map((r) => r.ttl));
  return shuffled(records, ctx).map((r) => ({ ...r, ttl }));
}
