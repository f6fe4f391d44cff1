/**
 * Operator region routes (docs/routing-semantics.md §4.3, §4.6): `PUT /regions/{id}` with
 * `{"Latitude":…,"Longitude":…,"Name":"…","BeaconUrl":"https://…"}` creates or replaces (BeaconUrl:
 * where edge samplers measure the region's latency, an outbound target like a health check's); GET lists or reads; DELETE is
 * refused (409) while record sets use it. Built-in region ids cannot be redefined.
 */
import { checkRegion, type Region, regionIdProblem } from '../../control/resources/region';
import type { Versioned } from '../../control/types';
import { type OutboundPolicy, urlTargetProblem } from '../../outbound/targets';
import { err, ok, type Result } from '../../result';
import { describe, isObject, unknownKeys } from '../../validation/json';
import type { Problem } from '../../validation/problem';
import type { ApiResource } from './resources';

const MAX_REGION_BODY = 4096;
const BODY_FIELDS = new Set(['Latitude', 'Longitude', 'Name', 'BeaconUrl']);

function regionJson({ value, version, updatedAt }: Versioned<Region>) {
  return {
    Id: value.id,
    ...(value.name === undefined ? {} : { Name: value.name }),
    Latitude: value.latitude,
    Longitude: value.longitude,
    ...(value.beaconUrl === undefined ? {} : { BeaconUrl: value.beaconUrl }),
    Version: version,
    UpdatedAt: updatedAt,
  };
}

/**
 * The body → a region, or every problem: its shape, and the region rules (which the control plane
 * applies again).
 */
function parseRegionBody(id: string, json: unknown, outbound: OutboundPolicy): Result<Region, Problem[]> {
  const idProblem = regionIdProblem(id);
  if (!isObject(json)) {
    const problems = [{ path: '', message: `expected an object, got ${describe(json)}` }];
    return err(idProblem === undefined ? problems : [idProblem, ...problems]);
  }
  const problems: Problem[] = [];
  for (const key of unknownKeys(json, BODY_FIELDS))
    problems.push({ path: `/${key}`, message: `unknown field "${key}"` });
  const number = (field: string): number | undefined => {
    const value = json[field];
    if (typeof value === 'number') return value;
    problems.push({
      path: `/${field}`,
      message: value === undefined ? `${field} is required` : `expected a number, got ${describe(value)}`,
    });
    return undefined;
  };
  const latitude = number('Latitude');
  const longitude = number('Longitude');
  const name = json['Name'];
  if (name !== undefined && typeof name !== 'string') {
    problems.push({ path: '/Name', message: `expected a string, got ${describe(name)}` });
  }
  const beaconUrl = json['BeaconUrl'];
  if (beaconUrl !== undefined && typeof beaconUrl !== 'string') {
    problems.push({ path: '/BeaconUrl', message: `expected a URL string, got ${describe(beaconUrl)}` });
  }
  const region = {
    id,
    latitude: latitude ?? 0,
    longitude: longitude ?? 0,
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof beaconUrl === 'string' ? { beaconUrl } : {}),
  };
  const rules = checkRegion(region);
  if (!rules.ok) problems.unshift(...rules.error);
  else if (rules.value.beaconUrl !== undefined) {
    const target = urlTargetProblem(rules.value.beaconUrl, outbound);
    if (target !== null) problems.push({ path: '/BeaconUrl', message: target });
  }
  return problems.length > 0 ? err(problems) : ok(region);
}

export const REGIONS_API: ApiResource<'region'> = {
  name: 'region',
  path: '/regions',
  listKey: 'Regions',
  maxBody: MAX_REGION_BODY,
  parseBody: parseRegionBody,
  toJson: regionJson,
};
