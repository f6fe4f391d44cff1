/**
 * Latency (docs/routing-semantics.md §4.3): regions ordered by latency(client, region), lowest first;
 * the best healthy region answers. Ties go to the lower region id, then the lower SetIdentifier.
 * Without any figure (no coordinates, no measurement) candidates go in SetIdentifier order.
 */
import { firstHealthy } from './chain';
import type { LatencyGroup, LatencyMember, Member } from './group';
import type { LatencyFigure, Policy, PolicyContext, Selection } from './types';

const regionOf = (m: LatencyMember): string => m.region;

/** Figures per group and client position, per latency index; bounded per group. */
const memo = new WeakMap<object, WeakMap<LatencyGroup, Map<string, Float64Array>>>();
const MEMO_PER_GROUP = 2048;

/** Latency of each member's region for this client, in member order; reused across clients with one position. */
function latencies(group: LatencyGroup, ctx: PolicyContext): Float64Array {
  const compute = () => {
    const out = new Float64Array(group.members.length);
    for (let i = 0; i < out.length; i++) out[i] = ctx.latency(regionOf(group.members[i]!)).ms;
    return out;
  };
  const cacheKey = ctx.latencyCacheKey();
  if (cacheKey === undefined) return compute();
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
  let figures = byKey.get(cacheKey.key);
  if (figures === undefined) {
    if (byKey.size >= MEMO_PER_GROUP) byKey.clear();
    figures = compute();
    byKey.set(cacheKey.key, figures);
  }
  return figures;
}

/**
 * The hot path (no explain): latency of every region, then the best region, checking health only
 * for the regions actually tried; no sort, no words.
 */
function selectFast(group: LatencyGroup, ctx: PolicyContext): Selection {
  const members = group.members;
  const n = members.length;
  const ms = latencies(group, ctx);
  // Lower latency, then lower region id, then lower SetIdentifier (members are in SetIdentifier
  // order, so the index breaks the last tie); with no figure at all, SetIdentifier order.
  const better = (i: number, j: number): boolean => {
    if (ms[i] !== ms[j]) return ms[i]! < ms[j]!;
    if (ms[i] === Number.POSITIVE_INFINITY) return i < j;
    const ri = regionOf(members[i]!);
    const rj = regionOf(members[j]!);
    return ri !== rj ? ri < rj : i < j;
  };
  const tried = new Uint8Array(n);
  let first = -1;
  for (let round = 0; round < n; round++) {
    let best = -1;
    for (let i = 0; i < n; i++) if (tried[i] === 0 && (best < 0 || better(i, best))) best = i;
    if (round === 0) first = best;
    if (ctx.isHealthy(members[best]!)) return fast([members[best]!], 'none');
    tried[best] = 1;
  }
  return group.failureMode === 'closed' ? fast([], 'closed') : fast([members[first]!], 'open');
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
