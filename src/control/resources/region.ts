/**
 * Operator-defined regions (docs/routing-semantics.md §4.3, §4.6): an id with coordinates, usable as a
 * latency `Region` or a geoproximity `AWSRegion` / `LocalZoneGroup` beside the built-in regions.
 * Pure rules with paths into the request body.
 */
import { BUILTIN_REGIONS } from '../../location/regions';
import { err, ok, type Result } from '../../result';
import type { Problem } from '../../validation/problem';
import { REGION_ID } from '../../zones/routing-rules';
import type { SnapshotRegion } from '../../zones/snapshot';

export type Region = SnapshotRegion;

/** A bound on operator regions, so the snapshot stays small. */
export const MAX_REGIONS = 1000;
export const MAX_REGION_NAME_LENGTH = 128;
export const MAX_BEACON_URL_LENGTH = 2048;

/** Why `url` cannot be a region's beacon (an absolute http: or https: URL without credentials), or null. */
export function beaconUrlProblem(url: string): string | null {
  if (url.length > MAX_BEACON_URL_LENGTH)
    return `BeaconUrl must be at most ${MAX_BEACON_URL_LENGTH} characters`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `BeaconUrl "${url}" is not an absolute URL`;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return `BeaconUrl must be http: or https: (got ${parsed.protocol})`;
  }
  if (parsed.username !== '' || parsed.password !== '') return 'BeaconUrl must not carry credentials';
  return null;
}

export function regionIdProblem(id: string): Problem | undefined {
  if (!REGION_ID.test(id))
    return { path: 'id', message: `"${id}" is not a region id (1–64 of a–z, 0–9 and -)` };
  if (BUILTIN_REGIONS.has(id)) {
    return { path: 'id', message: `${id} is a built-in region; choose another id for your own region` };
  }
  return undefined;
}

/** The region, or every problem with it. */
export function checkRegion(region: Region): Result<Region, Problem[]> {
  const problems: Problem[] = [];
  const idProblem = regionIdProblem(region.id);
  if (idProblem !== undefined) problems.push(idProblem);
  const { latitude, longitude, name } = region;
  if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90) {
    problems.push({ path: '/Latitude', message: `Latitude must be from -90 to 90 (got ${latitude})` });
  }
  if (!Number.isFinite(longitude) || longitude < -180 || longitude > 180) {
    problems.push({ path: '/Longitude', message: `Longitude must be from -180 to 180 (got ${longitude})` });
  }
  if (name !== undefined && (name.length < 1 || name.length > MAX_REGION_NAME_LENGTH)) {
    problems.push({ path: '/Name', message: `Name must be 1–${MAX_REGION_NAME_LENGTH} characters` });
  }
  const beacon = region.beaconUrl === undefined ? null : beaconUrlProblem(region.beaconUrl);
  if (beacon !== null) problems.push({ path: '/BeaconUrl', message: beacon });
  if (problems.length > 0) return err(problems);
  return ok({
    id: region.id,
    latitude,
    longitude,
    ...(name === undefined ? {} : { name }),
    ...(region.beaconUrl === undefined ? {} : { beaconUrl: new URL(region.beaconUrl).href }),
  });
}
