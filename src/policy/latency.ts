/**
 * Latency (docs/routing-semantics.md §4.3): regions ordered by latency(client, region), lowest first;
 * the best healthy region answers. Ties go to the lower region id, then the lower SetIdentifier.
 * Without any figure (no coordinates, no measurement) candidates go in SetIdentifier order.
 */
import { firstHealthy } from './chain';
import type { LatencyGroup, LatencyMember, Member } from './group';
import type { LatencyFigure, Policy, PolicyContext, Selection } from './types';

const regionOf = (m: LatencyMember): string => m.region;

/** Member rankings per group and client position, per latency index; bounded per group. */
const memo = new WeakMap<object, WeakMap<LatencyGroup, Map<string, Uint16Array>>>();
const MEMO_PER_GROUP = 2048;

/**
 * The members' indices from the lowest latency to the highest for this client: lower latency, then
 * lower region id, then lower SetIdentifier (members are in SetIdentifier order, so the index
 * breaks the last tie); members with no figure at all last, in SetIdentifier order.
 */
function rank(group: LatencyGroup, ctx: PolicyContext): Uint16Array {
  const members = group.members;
  const ms = members.map((m) => ctx.latency(regionOf(m)).ms);
  const order = members.map((_, i) => i);
  order.sort((i, j) => {
    if (ms[i] !== ms[j]) return ms[i]! < ms[j]! ? -1 : 1;
    if (ms[i] === Number.POSITIVE_INFINITY) return i - j;
    const ri = regionOf(members[i]!);
    const rj = regionOf(members[j]!);
    return ri !== rj ? (ri < rj ? -1 : 1) : i - j;
  });
  return Uint16Array.from(order);
}

/** rank(), reused across clients with one position (a country, a colo) while the index holds. */
function ranking(group: LatencyGroup, ctx: PolicyContext): Uint16Array {
  const cacheKey = ctx.latencyCacheKey();
  if (cacheKey === undefined) return rank(group, ctx);
  let groups = memo.get(cacheKey.source);
  if (groups === undefined) {
    groups = new WeakMap();
    memo.set(cacheKey.source, groups);
  }
  let byKey = groups.get(group);
  if (byKey === undefined) {
    byKey = new Map();
    groups.set(group, byKey);
  }
  let order = byKey.get(cacheKey.key);
  if (order === undefined) {
    if (byKey.size >= MEMO_PER_GROUP) byKey.clear();
    order = rank(group, ctx);
    byKey.set(cacheKey.key, order);
  }
  return order;
}

/**
 * The hot path (no explain): the members in ranking order (memoized per client position), health
 * checked only for the regions actually tried; no words.
 */
function selectFast(group: LatencyGroup, ctx: PolicyContext): Selection {
  const members = group.members;
  const order = ranking(group, ctx);
  for (let k = 0; k < order.length; k++) {
    const m = members[order[k]!]!;
    if (ctx.isHealthy(m)) return fast([m], 'none');
  }
  if (group.failureMode === 'closed' || order.length === 0) return fast([], 'closed');
  return fast([members[order[0]!]!], 'open');
}

const fast = (members: Member[], failure: Selection['failure']): Selection => ({
  members,
  byLocation: true,
  byChance: false,
  failure,
  rule: '',
  candidates: [],
});

export const latencyPolicy: Policy<LatencyGroup> = {
  select(group, ctx) {
    if (!ctx.explain) return selectFast(group, ctx);
    const figures = new Map<LatencyMember, LatencyFigure>(
      group.members.map((m) => [m, ctx.latency(regionOf(m))]),
    );
    const known = (m: LatencyMember) => figures.get(m)!.source !== 'unknown';
    const chain = [...group.members].sort((a, b) => {
      const ka = known(a);
      const kb = known(b);
      if (ka !== kb) return ka ? -1 : 1;
      if (ka && kb) {
        const d = figures.get(a)!.ms - figures.get(b)!.ms;
        if (d !== 0) return d;
        if (regionOf(a) !== regionOf(b)) return regionOf(a) < regionOf(b) ? -1 : 1;
      }
      return a.setId < b.setId ? -1 : a.setId > b.setId ? 1 : 0;
    });
    return firstHealthy(chain, group, ctx, {
      byLocation: true,
      facts: (m) => {
        const f = figures.get(m)!;
        return {
          region: regionOf(m),
          latencyMs: Math.round(f.ms * 10) / 10,
          latencySource: f.source,
          detail: f.detail,
        };
      },
      rule: (m) =>
        known(m)
          ? `lowest-latency healthy region: ${regionOf(m)} (${figures.get(m)!.source}, ${Math.round(figures.get(m)!.ms)} ms)`
          : `no latency figure for the client: first healthy by SetIdentifier (${m.setId})`,
    });
  },
};
