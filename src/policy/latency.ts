/**
 * Latency (routing-semantics.md §4.3): regions ordered by latency(client, region), lowest first;
 * the best healthy region answers. Ties go to the lower region id, then the lower SetIdentifier.
 * Without any figure (no coordinates, no measurement) candidates go in SetIdentifier order.
 */
import type { Member } from '../zones/zone-index';
import { firstHealthy } from './chain';
import type { LatencyFigure, Policy } from './types';

const regionOf = (m: Member): string => (m.routing?.kind === 'latency' ? m.routing.region : '');

export const latencyPolicy: Policy = {
  select(group, ctx) {
    const figures = new Map<Member, LatencyFigure>(group.members.map((m) => [m, ctx.latency(regionOf(m))]));
    const known = (m: Member) => figures.get(m)!.source !== 'unknown';
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
