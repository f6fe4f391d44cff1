/**
 * The routing part of a record set (routing, alias, health check, failure mode) as stored in
 * `record_sets.policy_json` and as published in the snapshot (SnapshotRRset). Both are written
 * with a fixed key order, so one config always gives the same bytes whatever order the fields
 * arrived in.
 */
import { assertNever } from '../../result';
import type { AliasTarget, FailureMode, RecordSet, Routing } from '../../zones/model';
import type { SnapshotRRset } from '../../zones/snapshot';

export type RecordPolicy = Pick<RecordSet, 'routing' | 'alias' | 'healthCheckId' | 'failureMode'>;

/** `routing` with its keys in one order and nothing but the model's fields. */
function normalRouting(routing: Routing): Routing {
  switch (routing.kind) {
    case 'weighted':
      return { kind: 'weighted', weight: routing.weight };
    case 'latency':
      return { kind: 'latency', region: routing.region };
    case 'failover':
      return { kind: 'failover', role: routing.role };
    case 'geolocation': {
      const { continent, country, subdivision } = routing;
      return {
        kind: 'geolocation',
        ...(continent === undefined ? {} : { continent }),
        ...(country === undefined ? {} : { country }),
        ...(subdivision === undefined ? {} : { subdivision }),
      };
    }
    case 'geoproximity': {
      const { region, localZoneGroup, coordinates, bias } = routing;
      return {
        kind: 'geoproximity',
        ...(region === undefined ? {} : { region }),
        ...(localZoneGroup === undefined ? {} : { localZoneGroup }),
        ...(coordinates === undefined
          ? {}
          : { coordinates: { latitude: coordinates.latitude, longitude: coordinates.longitude } }),
        bias,
      };
    }
    case 'multivalue':
      return { kind: 'multivalue' };
    case 'cidr':
      return { kind: 'cidr', collectionId: routing.collectionId, locationName: routing.locationName };
    default:
      return assertNever(routing);
  }
}

function normalAlias(alias: AliasTarget): AliasTarget {
  return {
    hostedZoneId: alias.hostedZoneId,
    dnsName: alias.dnsName,
    evaluateTargetHealth: alias.evaluateTargetHealth,
  };
}

/** True when the set has anything beyond name, type, TTL and values. */
export function hasPolicy(set: RecordSet): boolean {
  return (
    set.setIdentifier !== undefined ||
    set.routing !== undefined ||
    set.alias !== undefined ||
    set.healthCheckId !== undefined ||
    set.failureMode !== undefined
  );
}

/** The `policy_json` column: null for a plain record set. */
export function policyJson(set: RecordSet): string | null {
  if (!hasPolicy(set)) return null;
  const policy: RecordPolicy = {
    ...(set.routing === undefined ? {} : { routing: normalRouting(set.routing) }),
    ...(set.alias === undefined ? {} : { alias: normalAlias(set.alias) }),
    ...(set.healthCheckId === undefined ? {} : { healthCheckId: set.healthCheckId }),
    ...(set.failureMode === undefined ? {} : { failureMode: set.failureMode }),
  };
  return JSON.stringify(policy);
}

/** The record-set fields stored in `policy_json` (written by policyJson, so trusted). */
export function policyFromJson(text: string | null): RecordPolicy {
  return text === null ? {} : (JSON.parse(text) as RecordPolicy);
}

type SnapshotExtra = Pick<SnapshotRRset, 'setId' | 'routing' | 'alias' | 'healthCheckId' | 'failureMode'>;

/**
 * The set's fields of SnapshotRRset beyond name, type, TTL and rdata, as JSON text to append inside
 * its object (`,"setId":"Seattle","routing":{…}`); `''` for a plain set. Only a `closed` failure
 * mode is written (open is the default).
 */
export function snapshotExtra(set: RecordSet): string {
  if (!hasPolicy(set)) return '';
  const failureMode: FailureMode | undefined = set.failureMode === 'closed' ? 'closed' : undefined;
  const extra: SnapshotExtra = {
    ...(set.setIdentifier === undefined ? {} : { setId: set.setIdentifier }),
    ...(set.routing === undefined ? {} : { routing: normalRouting(set.routing) }),
    ...(set.alias === undefined
      ? {}
      : { alias: { name: set.alias.dnsName, evaluateTargetHealth: set.alias.evaluateTargetHealth } }),
    ...(set.healthCheckId === undefined ? {} : { healthCheckId: set.healthCheckId }),
    ...(failureMode === undefined ? {} : { failureMode }),
  };
  const text = JSON.stringify(extra);
  return text === '{}' ? '' : `,${text.slice(1, -1)}`;
}
