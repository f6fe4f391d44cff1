/**
 * The location fields of `request.cf` (workers-types `IncomingRequestCfProperties`), read
 * defensively: local runs and tests pass plain objects, and every field may be missing.
 */
import { CONTINENT_CODES, isCountryCode } from './countries';

/** Any object with `request.cf`'s field names; values are checked, not trusted. */
export type CfLike = Readonly<Record<string, unknown>>;

/** Each field undefined when absent or unusable; latitude and longitude come as a pair. */
export interface CfSignals {
  readonly colo: string | undefined;
  readonly country: string | undefined;
  readonly continent: string | undefined;
  readonly subdivision: string | undefined;
  readonly latitude: number | undefined;
  readonly longitude: number | undefined;
  readonly asn: number | undefined;
  readonly notes: readonly string[];
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().toUpperCase() : undefined;

/** A latitude or longitude from a number or a decimal string, inside ±limit. */
export function coordinate(value: unknown, limit: number): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : undefined;
}

export function asnOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 0xffffffff ? n : undefined;
}

export function readCf(cf: CfLike): CfSignals {
  const notes: string[] = [];
  const colo = text(cf['colo']);
  const rawCountry = text(cf['country']);
  let country: string | undefined;
  if (rawCountry === 'T1') notes.push('request.cf.country T1 (Tor) counts as unknown');
  else if (rawCountry !== undefined && !isCountryCode(rawCountry)) {
    notes.push(`request.cf.country ${rawCountry} is not an ISO 3166-1 code; country unknown`);
  } else country = rawCountry;
  const rawContinent = text(cf['continent']);
  const continent =
    rawContinent !== undefined && CONTINENT_CODES.has(rawContinent) ? rawContinent : undefined;
  const rawRegion = text(cf['regionCode']);
  const subdivision = rawRegion !== undefined && /^[A-Z0-9]{1,3}$/.test(rawRegion) ? rawRegion : undefined;
  let latitude = coordinate(cf['latitude'], 90);
  let longitude = coordinate(cf['longitude'], 180);
  if (latitude === undefined || longitude === undefined) {
    latitude = undefined;
    longitude = undefined;
  }
  return {
    colo: colo !== undefined && /^[A-Z]{3}$/.test(colo) ? colo : undefined,
    country,
    continent,
    subdivision,
    latitude,
    longitude,
    asn: asnOf(cf['asn']),
    notes,
  };
}
