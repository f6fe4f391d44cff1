/** Builds a ClientLocation from optional parts without spreading (this runs once per query). */
import type { ClientNetwork } from './network';
import type { ClientLocation, LocationSource } from './types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface LocationParts {
  readonly network?: ClientNetwork | undefined;
  readonly country?: string | undefined;
  readonly continent?: string | undefined;
  readonly subdivision?: string | undefined;
  readonly place?: Pick<ClientLocation, 'latitude' | 'longitude' | 'coordinatesFrom'> | undefined;
  readonly colo?: string | undefined;
  readonly asn?: number | undefined;
}

/** The location with only the defined parts; a subdivision only together with its country. */
export function assembleLocation(source: LocationSource, parts: LocationParts): ClientLocation {
  const out: Mutable<ClientLocation> = { source };
  if (parts.network) out.network = parts.network;
  if (parts.country !== undefined) {
    out.country = parts.country;
    if (parts.subdivision !== undefined) out.subdivision = parts.subdivision;
  }
  if (parts.continent !== undefined) out.continent = parts.continent;
  if (parts.place) {
    out.latitude = parts.place.latitude;
    out.longitude = parts.place.longitude;
    out.coordinatesFrom = parts.place.coordinatesFrom;
  }
  if (parts.colo !== undefined) out.colo = parts.colo;
  if (parts.asn !== undefined) out.asn = parts.asn;
  return out;
}
