/**
 * IP-based routing (routing-semantics.md §4.8): the member of the longest CIDR block containing the
 * client's network; unhealthy → the `*` member; no match and no `*` → NODATA.
 */
import type { Member } from '../zones/zone-index';
import { firstHealthy } from './chain';
import type { Policy } from './types';

const locationOf = (m: Member): string => (m.routing?.kind === 'cidr' ? m.routing.locationName : '');

export const cidrPolicy: Policy = {
  select(group, ctx) {
    const first = group.members[0]!.routing;
    const collection = first?.kind === 'cidr' ? first.collectionId : '';
    const match = ctx.matchCidr(collection);
    const matched =
      match.location === undefined ? undefined : group.members.find((m) => locationOf(m) === match.location);
    const star = group.members.find((m) => locationOf(m) === '*');
    const chain = [matched, star].filter((m, i, all): m is Member => m !== undefined && all.indexOf(m) === i);
    return firstHealthy(chain, group, ctx, {
      byLocation: true,
      scope: match.scope,
      facts: (m) => ({
        location: locationOf(m),
        ...(m === matched && match.block ? { block: match.block } : {}),
      }),
      rule: (m) =>
        m === matched
          ? `client network in ${match.block} (location ${locationOf(m)})`
          : match.location === undefined
            ? 'no block contains the client network: "*"'
            : `location ${match.location} is unhealthy: "*"`,
      emptyRule: `no block in collection ${collection} contains the client network and there is no "*": NODATA`,
    });
  },
};
