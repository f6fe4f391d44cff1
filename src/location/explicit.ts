/**
 * An explicit client location for the test-answer endpoint (docs/routing-semantics.md §3, §6.5: the
 * test-answer ECS inputs are ECS; docs/DESIGN.md "Client location": tests and the management API give
 * the location explicitly). ECS, when given and usable, wins as it would for a real query.
 */
import type { ClientSubnet } from '../dns/message';
import { assembleLocation } from './assemble';
import { asnOf, coordinate } from './cf-signals';
import { CONTINENT_CODES, COUNTRIES, isCountryCode } from './countries';
import { locateFromAddress, locateFromEcs, placeOf, withNotes } from './locate';
import { type ClientNetwork, networkFromAddress } from './network';
import type { ClientLocation } from './types';

export interface ExplicitLocation {
  readonly colo?: string;
  readonly country?: string;
  readonly continent?: string;
  readonly subdivision?: string;
  readonly latitude?: number;
  readonly longitude?: number;
  readonly asn?: number;
  /** ECS as a query would carry it (Route 53 `EDNS0ClientSubnetIP`/`Mask`). */
  readonly ecs?: ClientSubnet | null;
  /** The resolver's or client's address (Route 53 `ResolverIP`): the network, and a last resort. */
  readonly ip?: string;
  readonly cidrKnows?: (network: ClientNetwork) => boolean;
}

export function locateExplicit(input: ExplicitLocation): ClientLocation {
  const notes: string[] = [];
  if (input.ecs) {
    const ecs = locateFromEcs(input.ecs, input.cidrKnows);
    if ('location' in ecs) return ecs.location;
    if (ecs.note !== undefined) notes.push(ecs.note);
  }
  const network = input.ip !== undefined ? networkFromAddress(input.ip) : undefined;
  if (input.ip !== undefined && !network) notes.push(`ip "${input.ip}" does not parse`);
  const colo = input.colo?.trim().toUpperCase() || undefined;
  const rawCountry = input.country?.trim().toUpperCase() || undefined;
  const country = rawCountry !== undefined && isCountryCode(rawCountry) ? rawCountry : undefined;
  if (rawCountry !== undefined && country === undefined) notes.push(`country ${rawCountry} is unknown`);
  const info = country !== undefined ? COUNTRIES.get(country) : undefined;
  const rawContinent = input.continent?.trim().toUpperCase();
  const continent =
    rawContinent !== undefined && CONTINENT_CODES.has(rawContinent) ? rawContinent : info?.continent;
  const rawSubdivision = input.subdivision?.trim().toUpperCase() || undefined;
  const subdivision =
    rawSubdivision !== undefined && /^[A-Z0-9]{1,3}$/.test(rawSubdivision) ? rawSubdivision : undefined;
  if (rawSubdivision !== undefined && subdivision === undefined)
    notes.push(`subdivision ${rawSubdivision} is not 1–3 letters or digits`);
  const latitude = coordinate(input.latitude, 90);
  const longitude = coordinate(input.longitude, 180);
  const place = placeOf({ latitude, longitude }, colo, info, 'explicit');
  const asn = asnOf(input.asn);
  if (colo === undefined && country === undefined && continent === undefined && !place && asn === undefined) {
    return withNotes(locateFromAddress(network, notes), notes);
  }
  return withNotes(
    assembleLocation('explicit', { network, country, continent, subdivision, place, colo, asn }),
    notes,
  );
}
