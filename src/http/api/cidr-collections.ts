/**
 * CIDR collection routes (docs/routing-semantics.md §4.8), Route 53-shaped bodies:
 * `PUT /cidr-collections/{id}` with `{"Name":"…","Locations":[{"LocationName":"…","CidrList":["…"]}]}`
 * creates or replaces; GET lists or reads; DELETE is refused (409) while record sets use it.
 */
import {
  type CidrCollection,
  collectionIdProblem,
  normalizeCidrCollection,
} from '../../control/resources/cidr-collection';
import type { Versioned } from '../../control/types';
import { err, ok, type Result } from '../../result';
import { describe, isArray, isObject, unknownKeys } from '../../validation/json';
import type { Problem } from '../../validation/problem';
import type { ApiResource } from './resources';

/** Route 53 limits a collection to 1,000 blocks; a body this large cannot be one. */
const MAX_COLLECTION_BODY = 256 * 1024;
const BODY_FIELDS = new Set(['Name', 'Locations']);
const LOCATION_FIELDS = new Set(['LocationName', 'CidrList']);

function collectionJson({ value, version, updatedAt }: Versioned<CidrCollection>) {
  return {
    Id: value.id,
    Name: value.name,
    Locations: value.locations.map((l) => ({ LocationName: l.name, CidrList: l.cidrs })),
    Version: version,
    UpdatedAt: updatedAt,
  };
}

function readStrings(value: unknown, path: string, problems: Problem[]): string[] {
  if (!isArray(value)) {
    problems.push({ path, message: `expected an array of CIDR blocks, got ${describe(value)}` });
    return [];
  }
  return value.flatMap((item, i) => {
    if (typeof item === 'string') return [item];
    problems.push({ path: `${path}/${i}`, message: `expected a string, got ${describe(item)}` });
    return [];
  });
}

/**
 * The body → a collection, or every problem: its shape, and the collection rules (which the control
 * plane applies again) on whatever could be read.
 */
function parseCollectionBody(id: string, json: unknown): Result<CidrCollection, Problem[]> {
  if (!isObject(json)) {
    const problems = [{ path: '', message: `expected an object, got ${describe(json)}` }];
    const idProblem = collectionIdProblem(id);
    return err(idProblem === undefined ? problems : [idProblem, ...problems]);
  }
  const problems: Problem[] = [];
  for (const key of unknownKeys(json, BODY_FIELDS))
    problems.push({ path: `/${key}`, message: `unknown field "${key}"` });
  const name = json['Name'];
  if (typeof name !== 'string') {
    problems.push({
      path: '/Name',
      message: name === undefined ? 'Name is required' : `expected a string, got ${describe(name)}`,
    });
  }
  const list = json['Locations'] ?? [];
  if (!isArray(list))
    problems.push({ path: '/Locations', message: `expected an array, got ${describe(list)}` });
  const locations = (isArray(list) ? list : []).flatMap((item, i) => {
    const at = `/Locations/${i}`;
    if (!isObject(item)) {
      problems.push({
        path: at,
        message: `expected {"LocationName": …, "CidrList": […]}, got ${describe(item)}`,
      });
      return [];
    }
    for (const key of unknownKeys(item, LOCATION_FIELDS))
      problems.push({ path: `${at}/${key}`, message: `unknown field "${key}"` });
    const location = item['LocationName'];
    if (typeof location !== 'string') {
      problems.push({ path: `${at}/LocationName`, message: 'LocationName is required (a string)' });
    }
    const cidrs = readStrings(item['CidrList'], `${at}/CidrList`, problems);
    return typeof location === 'string' ? [{ name: location, cidrs }] : [];
  });
  const collection = { id, name: typeof name === 'string' ? name : 'unnamed', locations };
  const rules = normalizeCidrCollection(collection);
  if (!rules.ok) problems.push(...rules.error.filter((p) => p.path !== '/Name' || typeof name === 'string'));
  return problems.length > 0 ? err(problems) : ok(collection);
}

export const CIDR_COLLECTIONS_API: ApiResource<'cidr-collection'> = {
  name: 'cidr-collection',
  path: '/cidr-collections',
  listKey: 'CidrCollections',
  maxBody: MAX_COLLECTION_BODY,
  parseBody: parseCollectionBody,
  toJson: collectionJson,
};
