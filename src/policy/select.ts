/** One entry point over every policy, checked for exhaustiveness. */
import { assertNever } from '../result';
import type { RoutedGroup } from '../zones/zone-index';
import { cidrPolicy } from './cidr';
import { failoverPolicy } from './failover';
import { geolocationPolicy } from './geolocation';
import { geoproximityPolicy } from './geoproximity';
import { latencyPolicy } from './latency';
import { multivaluePolicy } from './multivalue';
import { simplePolicy } from './simple';
import type { Policy, PolicyContext, Selection } from './types';
import { weightedPolicy } from './weighted';

export function policyFor(kind: RoutedGroup['policy']): Policy {
  switch (kind) {
    case 'simple':
      return simplePolicy;
    case 'weighted':
      return weightedPolicy;
    case 'latency':
      return latencyPolicy;
    case 'failover':
      return failoverPolicy;
    case 'geolocation':
      return geolocationPolicy;
    case 'geoproximity':
      return geoproximityPolicy;
    case 'multivalue':
      return multivaluePolicy;
    case 'cidr':
      return cidrPolicy;
    default:
      return assertNever(kind);
  }
}

const EMPTY: Selection = {
  members: [],
  byLocation: false,
  byChance: false,
  failure: 'none',
  rule: 'the group has no members: NODATA',
  candidates: [],
};

export function select(group: RoutedGroup, ctx: PolicyContext): Selection {
  if (group.members.length === 0) return EMPTY;
  return policyFor(group.policy).select(group, ctx);
}
