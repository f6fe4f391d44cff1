/**
 * Where a query's client is (docs/routing-semantics.md §3; docs/DESIGN.md "Client location"). Signal order:
 * a valid public ECS prefix with SOURCE > 0, then `request.cf`, then the connecting IP. Each signal
 * passed over leaves a note. Pure: the geolocation tables are bundled data.
 */
import type { ClientSubnet } from '../dns/message';
import { assembleLocation } from './assemble';
import { type CfLike, readCf } from './cf-signals';
import { coloInfo } from './colos';
import { COUNTRIES } from './countries';
import { lookupCountry } from './geoip';
import { type ClientNetwork, networkFromAddress, networkFromSubnet, networkText } from './network';
import { specialPurposeMatch } from './special';
import type { ClientLocation } from './types';

export interface LocateInput {
  readonly subnet: ClientSubnet | null;
  /** `request.cf`, or any plain object with its field names. */
  readonly cf?: CfLike | null;
  /** `CF-Connecting-IP`. */
  readonly connectingIp?: string | null;
  /**
   * Whether an operator CIDR map has a block containing this network (docs/routing-semantics.md §3:
   * a public ECS prefix falls through only when neither the table nor any CIDR map knows it).
   */
  readonly cidrKnows?: (network: ClientNetwork) => boolean;
}

type EcsOutcome = { readonly location: ClientLocation } | { readonly note: string | undefined };

/** Locates the client from ECS when the prefix is usable; otherwise says why not. */
export function locateFromEcs(
  subnet: ClientSubnet,
  cidrKnows?: (network: ClientNetwork) => boolean,
): EcsOutcome {
  const network = networkFromSubnet(subnet);
  // Words only for the notes of a prefix passed over; a located client never formats its address.
  const shown = () => `ECS ${networkText(network)}`;
  if (network.length === 0) return { note: `${shown()} (SOURCE 0) carries no location` };
  const special = specialPurposeMatch(network.family, network.address, network.length);
  if (special) return { note: `${shown()} is private or reserved (inside ${special.text})` };
  const match = lookupCountry(network.address);
  const info = match && COUNTRIES.get(match.country);
  if (match && info) {
    return {
      location: {
        source: 'ecs',
        network,
        country: match.country,
        continent: info.continent,
        latitude: info.latitude,
        longitude: info.longitude,
        coordinatesFrom: 'country',
        geoScope: Math.min(match.scope, network.length),
      },
    };
  }
  if (cidrKnows?.(network)) return { location: { source: 'ecs', network } };
  return { note: `${shown()} is not in the geolocation table or any CIDR map` };
}

/** `request.cf` as a location; undefined when it carries no location field at all. */
function locateFromCf(
  cf: CfLike,
  network: ClientNetwork | undefined,
  notes: string[],
): ClientLocation | undefined {
  const signals = readCf(cf);
  notes.push(...signals.notes);
  const { colo, country, subdivision, asn } = signals;
  const countryInfo = country !== undefined ? COUNTRIES.get(country) : undefined;
  const continent = signals.continent ?? countryInfo?.continent;
  const place = placeOf(signals, colo, countryInfo, 'cf');
  if (colo === undefined && country === undefined && continent === undefined && !place && asn === undefined) {
    return undefined;
  }
  return assembleLocation('cf', { network, country, continent, subdivision, place, colo, asn });
}

type Place = Pick<ClientLocation, 'latitude' | 'longitude' | 'coordinatesFrom'>;

/** Coordinates from the signal itself, else the colo, else the country's representative point. */
export function placeOf(
  given: { readonly latitude?: number; readonly longitude?: number },
  colo: string | undefined,
  country: { readonly latitude: number; readonly longitude: number } | undefined,
  from: 'cf' | 'explicit',
): Place | undefined {
  if (given.latitude !== undefined && given.longitude !== undefined) {
    return { latitude: given.latitude, longitude: given.longitude, coordinatesFrom: from };
  }
  const site = colo !== undefined ? coloInfo(colo) : undefined;
  if (site) return { latitude: site.latitude, longitude: site.longitude, coordinatesFrom: 'colo' };
  if (country)
    return { latitude: country.latitude, longitude: country.longitude, coordinatesFrom: 'country' };
  return undefined;
}

/** The connecting address alone, through the geolocation table. */
export function locateFromAddress(network: ClientNetwork | undefined, notes: string[]): ClientLocation {
  if (!network) return { source: 'none' };
  const shown = networkText(network);
  const special = specialPurposeMatch(network.family, network.address, network.length);
  const match = special ? undefined : lookupCountry(network.address);
  const info = match && COUNTRIES.get(match.country);
  if (!match || !info) {
    notes.push(
      special
        ? `connecting IP ${shown} is private or reserved (inside ${special.text})`
        : `connecting IP ${shown} is not in the geolocation table`,
    );
    return { source: 'none', network };
  }
  return {
    source: 'ip',
    network,
    country: match.country,
    continent: info.continent,
    latitude: info.latitude,
    longitude: info.longitude,
    coordinatesFrom: 'country',
  };
}

export const withNotes = (location: ClientLocation, notes: readonly string[]): ClientLocation =>
  notes.length > 0 ? { ...location, notes: [...(location.notes ?? []), ...notes] } : location;

/** docs/routing-semantics.md §3, in order: public ECS, `request.cf`, the connecting IP. */
export function locateClient(input: LocateInput): ClientLocation {
  const notes: string[] = [];
  if (input.subnet) {
    const ecs = locateFromEcs(input.subnet, input.cidrKnows);
    if ('location' in ecs) return ecs.location;
    if (ecs.note !== undefined) notes.push(ecs.note);
  }
  const connecting = input.connectingIp ? networkFromAddress(input.connectingIp) : undefined;
  if (input.connectingIp && !connecting) notes.push(`connecting IP "${input.connectingIp}" does not parse`);
  if (input.cf) {
    const fromCf = locateFromCf(input.cf, connecting, notes);
    if (fromCf) return withNotes(fromCf, notes);
    notes.push('request.cf carries no location');
  }
  return withNotes(locateFromAddress(connecting, notes), notes);
}
