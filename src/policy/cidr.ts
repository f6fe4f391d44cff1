/**
 * IP-based routing (docs/routing-semantics.md §4.8): the member of the longest CIDR block containing the
 * client's network; unhealthy → the `*` member; no match and no `*` → NODATA.
 */
import { firstHealthy } from './chain';
import type { CidrGroup, CidrMember } from './group';
import type { Policy } from './types';

export const cidrPolicy: Policy<CidrGroup> = {
  select(group, ctx) {
    const collection = group.collectionId;
    const match = ctx.matchCidr(collection);
    const matched =
      match.location === undefined ? undefined : group.members.find((m) => m.locationName === match.location);
    const star = group.members.find((m) => m.locationName === '*');
    const chain = [matched, star].filter(
      (m, i, all): m is CidrMember => m !== undefined && all.indexOf(m) === i,
    );
    return firstHealthy(chain, group, ctx, {
      byLocation: true,
      scope: match.scope,
      facts: (m) => ({
        location: m.locationName,
        ...(m === matched && match.block ? { block: match.block } : {}),
      }),
      rule: (m) =>
        m === matched
          ? `client network in ${match.block} (location ${m.locationName})`
          : match.location === undefined
            ? 'no block contains the client network: "*"'
            : `location ${match.location} is unhealthy: "*"`,
      emptyRule: `no block in collection ${collection} contains the client network and there is no "*": NODATA`,
    });
  },
};
