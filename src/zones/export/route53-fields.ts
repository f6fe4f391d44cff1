/**
 * The routing fields of a record set in Route 53's JSON shape (docs/routing-semantics.md §6.1), the
 * inverse of import/route53-routing.ts. `Coordinates` are strings, as Route 53 writes them;
 * `FailureMode` (edgesteer's extension) is written as stored, `OPEN` or `CLOSED`.
 */
import { typeToString } from '../../dns/constants';
import { assertNever } from '../../result';
import { type RecordSet, type Routing, recordGroupKey, type Zone } from '../model';

export interface R53RoutingFields {
  readonly SetIdentifier?: string;
  readonly Weight?: number;
  readonly Region?: string;
  readonly Failover?: 'PRIMARY' | 'SECONDARY';
  readonly GeoLocation?: {
    readonly ContinentCode?: string;
    readonly CountryCode?: string;
    readonly SubdivisionCode?: string;
  };
  readonly GeoProximityLocation?: {
    readonly AWSRegion?: string;
    readonly LocalZoneGroup?: string;
    readonly Coordinates?: { readonly Latitude: string; readonly Longitude: string };
    readonly Bias: number;
  };
  readonly MultiValueAnswer?: true;
  readonly CidrRoutingConfig?: { readonly CollectionId: string; readonly LocationName: string };
  readonly AliasTarget?: {
    readonly HostedZoneId: string;
    readonly DNSName: string;
    readonly EvaluateTargetHealth: boolean;
  };
  readonly HealthCheckId?: string;
  readonly FailureMode?: 'OPEN' | 'CLOSED';
}

function policyFields(routing: Routing): R53RoutingFields {
  switch (routing.kind) {
    case 'weighted':
      return { Weight: routing.weight };
    case 'latency':
      return { Region: routing.region };
    case 'failover':
      return { Failover: routing.role };
    case 'geolocation':
      return {
        GeoLocation: {
          ...(routing.continent === undefined ? {} : { ContinentCode: routing.continent }),
          ...(routing.country === undefined ? {} : { CountryCode: routing.country }),
          ...(routing.subdivision === undefined ? {} : { SubdivisionCode: routing.subdivision }),
        },
      };
    case 'geoproximity': {
      const { region, localZoneGroup, coordinates, bias } = routing;
      return {
        GeoProximityLocation: {
          ...(region === undefined ? {} : { AWSRegion: region }),
          ...(localZoneGroup === undefined ? {} : { LocalZoneGroup: localZoneGroup }),
          ...(coordinates === undefined
            ? {}
            : {
                Coordinates: {
                  Latitude: String(coordinates.latitude),
                  Longitude: String(coordinates.longitude),
                },
              }),
          Bias: bias,
        },
      };
    }
    case 'multivalue':
      return { MultiValueAnswer: true };
    case 'cidr':
      return {
        CidrRoutingConfig: { CollectionId: routing.collectionId, LocationName: routing.locationName },
      };
    default:
      return assertNever(routing);
  }
}

/** The Route 53 routing fields of `set` (none for a simple record set); DNSName is canonical. */
export function routingFieldsOf(set: RecordSet): R53RoutingFields {
  const { setIdentifier, routing, alias, healthCheckId, failureMode } = set;
  return {
    ...(setIdentifier === undefined ? {} : { SetIdentifier: setIdentifier }),
    ...(routing === undefined ? {} : policyFields(routing)),
    ...(alias === undefined
      ? {}
      : {
          AliasTarget: {
            HostedZoneId: alias.hostedZoneId,
            DNSName: alias.dnsName,
            EvaluateTargetHealth: alias.evaluateTargetHealth,
          },
        }),
    ...(healthCheckId === undefined ? {} : { HealthCheckId: healthCheckId }),
    ...(failureMode === undefined ? {} : { FailureMode: failureMode === 'open' ? 'OPEN' : 'CLOSED' }),
  };
}

/**
 * Record groups a zone file cannot express (routed groups and aliases), as `name TYPE (policy)`,
 * in first-seen order.
 */
export function groupsNeedingRoute53(zone: Zone): string[] {
  const groups = new Map<string, string>();
  for (const set of zone.recordSets) {
    if (set.routing === undefined && set.alias === undefined) continue;
    const key = recordGroupKey(set);
    if (groups.has(key)) continue;
    const what = set.routing?.kind ?? 'alias';
    groups.set(key, `${set.name} ${typeToString(set.type)} (${what})`);
  }
  return [...groups.values()];
}
