/**
 * Failover (docs/routing-semantics.md §4.4): the PRIMARY while healthy, else the SECONDARY; both
 * unhealthy → the PRIMARY (fail-open) or NODATA (fail-closed).
 */
import { firstHealthy } from './chain';
import type { FailoverGroup, Member } from './group';
import type { Policy } from './types';

export const failoverPolicy: Policy<FailoverGroup> = {
  select(group, ctx) {
    const { primary, secondary } = group;
    const chain = [primary, secondary].filter((m): m is Member => m !== undefined);
    const roleOf = (m: Member) => (m === primary ? 'PRIMARY' : 'SECONDARY');
    return firstHealthy(chain, group, ctx, {
      byLocation: false,
      facts: (m) => ({ role: roleOf(m) }),
      rule: (m) => (m === primary ? 'the primary is healthy' : 'the primary is unhealthy: secondary'),
      ...(primary ? { failOpenPick: primary } : {}),
    });
  },
};
