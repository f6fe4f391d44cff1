/** Simple (docs/routing-semantics.md §4.1): the one member, no choice, no health effect. */
import type { SimpleGroup } from './group';
import type { Policy } from './types';

export const simplePolicy: Policy<SimpleGroup> = {
  select(group) {
    const m = group.members[0]!;
    return {
      members: [m],
      byLocation: false,
      byChance: false,
      failure: 'none',
      rule: m.alias ? `simple alias to ${m.alias.name}` : 'simple record set',
      candidates: [{ setId: m.setId, healthy: true, facts: {} }],
    };
  },
};
