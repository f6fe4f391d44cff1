/**
 * Route 53 record sets (docs/routing-semantics.md §6.1, §6.3) → Zone.
 *
 * Accepted: the CLI's auto-paginated `list-resource-record-sets` output `{"ResourceRecordSets":
 * [...]}`, one raw API page (with `IsTruncated`, `MaxItems`, `NextRecordName`…; a truncated page is
 * taken as it is), or a bare array of record sets. Values are presentation RDATA whose names are
 * absolute with or without a trailing dot, so they are parsed with origin ".".
 *
 * Routing fields (SetIdentifier, Weight, Region, Failover, GeoLocation, GeoProximityLocation,
 * MultiValueAnswer, CidrRoutingConfig, AliasTarget, HealthCheckId and edgesteer's FailureMode) are
 * read by route53-routing.ts and checked by zones/routing-rules.ts; an alias has no TTL and no
 * ResourceRecords. Rules about whole record groups, and that a HealthCheckId names a defined check,
 * are the control plane's. Traffic Flow records are refused. Unknown fields are problems, never
 * dropped silently.
 */
import { typeFromString, typeToString } from '../../dns/constants';
import { parseAbsoluteName } from '../../dns/name';
import { canonicalRdataText, tokensOf } from '../../dns/rdata';
import { err, ok, type Result } from '../../result';
import { describe, isArray, isObject, type JsonObject, unknownKeys } from '../../validation/json';
import type { Problem } from '../../validation/problem';
import { ProblemList } from '../../validation/problem-list';
import { type RecordSet, recordSetKey, type Zone } from '../model';
import { memberProblems } from '../routing-rules';
import { parseRoute53Name } from './route53-name';
import { ROUTING_FIELDS, readRoutingFields } from './route53-routing';
import { MAX_TTL } from './ttl';
import { checkZoneShape, type LocatedSet, ownerProblem, quotaProblem, typeProblem } from './zone-checks';

const VALUE_FIELDS = new Set(['Value']);
const RECORD_SET_FIELDS = new Set(['Name', 'Type', 'TTL', 'ResourceRecords']);
/** Page fields of the raw API and the CLI; `ResponseMetadata` appears in SDK dumps. */
const PAGE_FIELDS: Readonly<Record<string, 'boolean' | 'string' | 'object'>> = {
  IsTruncated: 'boolean',
  MaxItems: 'string',
  NextRecordName: 'string',
  NextRecordType: 'string',
  NextRecordIdentifier: 'string',
  NextToken: 'string',
  ResponseMetadata: 'object',
};

export function parseRoute53Json(json: unknown, zoneName: string): Result<Zone, Problem[]> {
  const zone = parseAbsoluteName(zoneName);
  if (!zone.ok) return err([{ path: 'zone', message: `bad zone name: ${zone.error}` }]);
  const problems = new ProblemList();
  let list: unknown = json;
  let base = '';
  if (isObject(json)) {
    readPageFields(json, problems);
    list = json['ResourceRecordSets'];
    base = '/ResourceRecordSets';
  }
  if (!isArray(list)) {
    const where = isObject(json) ? 'ResourceRecordSets' : 'the document';
    problems.add(base, `expected ${where} to be an array of record sets, got ${describe(list)}`);
    return err(problems.items);
  }
  const located: LocatedSet[] = [];
  const firstPath = new Map<string, string>();
  for (const [i, item] of list.entries()) {
    const path = `${base}/${i}`;
    const set = recordSetFromRoute53(item, path, zone.value);
    if (!set.ok) {
      for (const p of set.error) problems.add(p.path, p.message);
      continue;
    }
    const key = recordSetKey(set.value);
    const earlier = firstPath.get(key);
    if (earlier === undefined) {
      firstPath.set(key, path);
      located.push({ set: set.value, path });
    } else {
      problems.add(path, duplicateMessage(set.value, earlier));
    }
  }
  checkZoneShape(zone.value, located, problems);
  if (!problems.empty) return err(problems.items);
  return ok({ name: zone.value, recordSets: located.map((l) => l.set) });
}

function duplicateMessage(set: RecordSet, earlier: string): string {
  const what = `${set.name} ${typeToString(set.type)} record set`;
  return set.setIdentifier === undefined
    ? `a second ${what} (first at ${earlier}); record sets sharing a name and type need a SetIdentifier and a routing policy`
    : `a second ${what} with SetIdentifier ${JSON.stringify(set.setIdentifier)} (first at ${earlier})`;
}

function readPageFields(page: JsonObject, problems: ProblemList): void {
  for (const key of Object.keys(page)) {
    if (key === 'ResourceRecordSets') continue;
    const expected = PAGE_FIELDS[key];
    const value = page[key];
    if (expected === undefined) problems.add(`/${key}`, `unknown field "${key}"`);
    else if (typeof value !== expected || value === null)
      problems.add(`/${key}`, `expected ${expected}, got ${describe(value)}`);
  }
}

/**
 * One Route 53 ResourceRecordSet → RecordSet; every problem carries a JSON pointer below `path`.
 * Shared with the ChangeBatch parser.
 */
export function recordSetFromRoute53(
  rrs: unknown,
  path: string,
  zoneName: string,
): Result<RecordSet, Problem[]> {
  const zone = parseAbsoluteName(zoneName);
  if (!zone.ok) return err([{ path: 'zone', message: `bad zone name: ${zone.error}` }]);
  if (!isObject(rrs))
    return err([{ path, message: `expected a ResourceRecordSet object, got ${describe(rrs)}` }]);
  const problems = new ProblemList();
  for (const key of unknownKeys(rrs, RECORD_SET_FIELDS)) {
    if (ROUTING_FIELDS.has(key)) continue;
    const message =
      key === 'TrafficPolicyInstanceId'
        ? 'Traffic Flow (traffic policy) records are not supported'
        : `unknown field "${key}"`;
    problems.add(`${path}/${key}`, message);
  }
  const routing = readRoutingFields(rrs, path, problems);
  const alias = rrs['AliasTarget'] !== undefined;
  const name = readName(rrs['Name'], `${path}/Name`, zone.value, problems);
  const type = readType(rrs['Type'], `${path}/Type`, problems);
  if (alias && rrs['TTL'] !== undefined)
    problems.add(`${path}/TTL`, "an alias record set has no TTL (the target's TTL is used)");
  if (alias && rrs['ResourceRecords'] !== undefined)
    problems.add(`${path}/ResourceRecords`, 'an alias record set has no ResourceRecords');
  const ttl = alias ? 0 : readTtl(rrs['TTL'], `${path}/TTL`, problems);
  const values =
    type === undefined || alias
      ? []
      : readValues(rrs['ResourceRecords'], `${path}/ResourceRecords`, type, problems);
  if (
    !problems.empty ||
    name === undefined ||
    type === undefined ||
    ttl === undefined ||
    values === undefined
  ) {
    return err(problems.items);
  }
  const set: RecordSet = { name, type, ttl, values, ...routing };
  for (const p of memberProblems(set)) problems.add(p.path === '' ? path : `${path}/${p.path}`, p.message);
  return problems.empty ? ok(set) : err(problems.items);
}

function readName(value: unknown, path: string, zone: string, problems: ProblemList): string | undefined {
  if (typeof value !== 'string') {
    problems.add(
      path,
      value === undefined ? 'Name is required' : `expected a string, got ${describe(value)}`,
    );
    return undefined;
  }
  const name = parseRoute53Name(value);
  if (!name.ok) {
    problems.add(path, name.error);
    return undefined;
  }
  const problem = ownerProblem(name.value, zone);
  if (problem !== undefined) problems.add(path, problem);
  return problem === undefined ? name.value : undefined;
}

function readType(value: unknown, path: string, problems: ProblemList): number | undefined {
  if (typeof value !== 'string') {
    problems.add(
      path,
      value === undefined ? 'Type is required' : `expected a string, got ${describe(value)}`,
    );
    return undefined;
  }
  const type = typeFromString(value);
  const problem = type === undefined ? `unknown record type "${value}"` : typeProblem(type);
  if (problem !== undefined) problems.add(path, problem);
  return problem === undefined ? type : undefined;
}

function readTtl(value: unknown, path: string, problems: ProblemList): number | undefined {
  if (value === undefined) {
    problems.add(path, 'TTL is required');
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_TTL) {
    problems.add(
      path,
      `expected a whole number of seconds from 0 to ${MAX_TTL}, got ${JSON.stringify(value)}`,
    );
    return undefined;
  }
  return value;
}

function readValues(list: unknown, path: string, type: number, problems: ProblemList): string[] | undefined {
  if (!isArray(list) || list.length === 0) {
    problems.add(
      path,
      list === undefined
        ? 'ResourceRecords is required'
        : `expected a non-empty array, got ${describe(list)}`,
    );
    return undefined;
  }
  const quota = quotaProblem(list.length);
  if (quota !== undefined) problems.add(path, quota);
  const values: string[] = [];
  const seen = new Map<string, string>();
  for (const [i, record] of list.entries()) {
    const problem = readValue(record, `${path}/${i}`, type, values, seen);
    if (problem !== undefined) problems.add(problem.path, problem.message);
  }
  return values;
}

/** Reads `{"Value": …}` into `values` (deduplicated through `seen`), or says what is wrong. */
function readValue(
  record: unknown,
  path: string,
  type: number,
  values: string[],
  seen: Map<string, string>,
): Problem | undefined {
  if (!isObject(record)) return { path, message: `expected {"Value": "..."}, got ${describe(record)}` };
  const extra = unknownKeys(record, VALUE_FIELDS)[0];
  if (extra !== undefined) return { path: `${path}/${extra}`, message: `unknown field "${extra}"` };
  const text = record['Value'];
  const at = `${path}/Value`;
  if (typeof text !== 'string') {
    return {
      path: at,
      message: text === undefined ? 'Value is required' : `expected a string, got ${describe(text)}`,
    };
  }
  const tokens = tokensOf(text);
  const value = tokens.ok ? canonicalRdataText(type, tokens.value, '.') : tokens;
  if (!value.ok) return { path: at, message: value.error };
  const earlier = seen.get(value.value);
  if (earlier !== undefined) return { path: at, message: `the same record as ${earlier}` };
  seen.set(value.value, at);
  values.push(value.value);
  return undefined;
}
