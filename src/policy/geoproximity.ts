/**
 * Geoproximity (docs/routing-semantics.md §4.6): great-circle distance from the client to each member,
 * biased: b > 0 → d × (1 − b/100); b < 0 → d ÷ (1 + b/100). The closest healthy member answers;
 * ties go to the lower SetIdentifier; without client coordinates, SetIdentifier order.
 */
import { distanceKm } from '../latency/model';
import { firstHealthy } from './chain';
import type { GeoproximityGroup, GeoproximityMember } from './group';
import type { Policy, PolicyContext } from './types';

export function biasedDistance(km: number, bias: number): number {
  return bias >= 0 ? km * (1 - bias / 100) : km / (1 + bias / 100);
}

function pointOf(
  m: GeoproximityMember,
  ctx: PolicyContext,
): { latitude: number; longitude: number } | undefined {
  if (m.coordinates) return m.coordinates;
  const id = m.region ?? m.localZoneGroup;
  return id === undefined ? undefined : ctx.regionCoordinates(id);
}

export const geoproximityPolicy: Policy<GeoproximityGroup> = {
  select(group, ctx) {
    const where = ctx.location();
    const from =
      where.latitude !== undefined && where.longitude !== undefined
        ? { latitude: where.latitude, longitude: where.longitude }
        : undefined;
    const distances = new Map<GeoproximityMember, { km: number; biased: number } | undefined>();
    for (const m of group.members) {
      const to = pointOf(m, ctx);
      const bias = m.bias;
      if (from === undefined || to === undefined) distances.set(m, undefined);
      else {
        const km = distanceKm(from, to);
        distances.set(m, { km, biased: biasedDistance(km, bias) });
      }
    }
    const chain = [...group.members].sort((a, b) => {
      const da = distances.get(a);
      const db = distances.get(b);
      if (da && db && da.biased !== db.biased) return da.biased - db.biased;
      if (da && !db) return -1;
      if (!da && db) return 1;
      return a.setId < b.setId ? -1 : a.setId > b.setId ? 1 : 0;
    });
    return firstHealthy(chain, group, ctx, {
      byLocation: true,
      facts: (m): Record<string, string | number> => {
        const d = distances.get(m);
        const bias = m.bias;
        if (d === undefined) return { bias, distanceKm: 'unknown' };
        return { distanceKm: Math.round(d.km), biasedKm: Math.round(d.biased), bias };
      },
      rule: (m) =>
        distances.get(m)
          ? `closest healthy member by biased distance: ${m.setId} (${Math.round(distances.get(m)!.biased)} km)`
          : `no coordinates for the client: first healthy by SetIdentifier (${m.setId})`,
    });
  },
};
