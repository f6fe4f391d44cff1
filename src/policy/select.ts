/** One entry point over every policy, checked for exhaustiveness. */
import { assertNever } from '../result';
import { cidrPolicy } from './cidr';
import { failoverPolicy } from './failover';
import { geolocationPolicy } from './geolocation';
import { geoproximityPolicy } from './geoproximity';
import type { RoutedGroup } from './group';
import { latencyPolicy } from './latency';
import { multivaluePolicy } from './multivalue';
import { simplePolicy } from './simple';
import type { PolicyContext, Selection } from './types';
import { weightedPolicy } from './weighted';

const EMPTY: Selection = {
  members: [],
  byLocation: false,
  byChance: false,
  failure: 'none',
  rule: 'the group has no members: NODATA',
  candidates: [],
};

/** Each variant goes to its own policy, which reads only that variant's fields. */
export function select(group: RoutedGroup, ctx: PolicyContext): Selection {
  if (group.members.length === 0) return EMPTY;
  switch (group.policy) {
    case 'simple':
      return simplePolicy.select(group, ctx);
    case 'weighted':
      return weightedPolicy.select(group, ctx);
    case 'latency':
      return latencyPolicy.select(group, ctx);
    case 'failover':
      return failoverPolicy.select(group, ctx);
    case 'geolocation':
      return geolocationPolicy.select(group, ctx);
    case 'geoproximity':
      return geoproximityPolicy.select(group, ctx);
    case 'multivalue':
      return multivaluePolicy.select(group, ctx);
    case 'cidr':
      return cidrPolicy.select(group, ctx);
    default:
      return assertNever(group);
  }
}
