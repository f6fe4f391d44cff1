/**
 * Failover (routing-semantics.md §4.4): the PRIMARY while healthy, else the SECONDARY; both
 * unhealthy → the PRIMARY (fail-open) or NODATA (fail-closed).
 */
import type { Member } from '../zones/zone-index';
import { firstHealthy } from './chain';
import type { Policy } from './types';

const roleOf = (m: Member): string => (m.routing?.kind === 'failover' ? m.routing.role : '');

export const failoverPolicy: Policy = {
  select(group, ctx) {
    const primary = group.members.find((m) => roleOf(m) === 'PRIMARY');
    const secondary = group.members.find((m) => roleOf(m) === 'SECONDARY');
    const chain = [primary, secondary].filter((m): m is Member => m !== undefined);
    return firstHealthy(chain, group, ctx, {
      byLocation: false,
      facts: (m) => ({ role: roleOf(m) }),
      rule: (m) =>
        roleOf(m) === 'PRIMARY' ? 'the primary is healthy' : 'the primary is unhealthy: secondary',
      ...(primary ? { failOpenPick: primary } : {}),
    });
  },
};
