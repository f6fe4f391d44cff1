/**
 * What validating one zone needs from the rest of the stored config (validate.ts stays pure): the
 * other zones' simple CNAMEs, their record sets at a name (read on demand, for alias targets and
 * loops), the operator regions and the CIDR collections.
 */
import { otherAliasTypes, othersHaveIndirection, readOtherCnames, readSetsAt } from '../store/record-store';
import { listCidrCollections, listRegions } from '../store/resource-store';
import type { ValidationContext } from './validate';

export function validationContext(sql: SqlStorage, zone: string): ValidationContext {
  const cidrCollections = new Map<string, ReadonlySet<string>>();
  for (const { value } of listCidrCollections(sql)) {
    cidrCollections.set(value.id, new Set(value.locations.map((l) => l.name)));
  }
  return {
    otherZones: readOtherCnames(sql, zone),
    otherSets: (apex, name) => readSetsAt(sql, apex, name),
    othersHaveIndirection: othersHaveIndirection(sql, zone),
    otherAliasTypes: otherAliasTypes(sql, zone),
    regions: new Set(listRegions(sql).map((r) => r.value.id)),
    cidrCollections,
  };
}
