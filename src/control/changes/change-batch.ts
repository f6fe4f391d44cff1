/**
 * Route 53 ChangeResourceRecordSets bodies (docs/routing-semantics.md §6.2) → parsed changes.
 *
 * Accepted shapes: `{"Changes":[...]}`, `{"ChangeBatch":{"Comment":…,"Changes":[...]}}` and
 * `{"HostedZoneId":…,"ChangeBatch":{...}}` (the id is not checked here). Each change is
 * `{"Action": "CREATE" | "DELETE" | "UPSERT", "ResourceRecordSet": {...}}`, the record set read by
 * recordSetFromRoute53. Problems carry JSON pointers such as `/ChangeBatch/Changes/2/Action`.
 *
 * Checks against the zone's current content (CREATE of an existing set, DELETE that does not match)
 * belong to changes.ts, applied in the Durable Object; only what the batch alone shows is checked
 * here. It lives beside them, not with the zone importers, because its output is their `Change`.
 */

import { parseAbsoluteName } from '../../dns/name';
import { err, ok, type Result } from '../../result';
import { describe, isArray, isObject, type JsonObject, unknownKeys } from '../../validation/json';
import type { Problem } from '../../validation/problem';
import { ProblemList } from '../../validation/problem-list';
import { recordSetFromRoute53 } from '../../zones/import/route53';
import { recordSetKey } from '../../zones/model';
import type { Change, ChangeAction } from '../types';
import { batchSizeProblem } from './changes';

export interface ParsedChangeBatch {
  readonly comment?: string;
  readonly changes: Change[];
}

/** Route 53's limit on `Comment`. */
export const MAX_COMMENT_LENGTH = 256;

const ACTIONS: readonly ChangeAction[] = ['CREATE', 'DELETE', 'UPSERT'];
const ENVELOPE_FIELDS = new Set(['HostedZoneId', 'ChangeBatch']);
const BATCH_FIELDS = new Set(['Comment', 'Changes']);
const CHANGE_FIELDS = new Set(['Action', 'ResourceRecordSet']);

export function parseChangeBatch(json: unknown, zoneName: string): Result<ParsedChangeBatch, Problem[]> {
  const zone = parseAbsoluteName(zoneName);
  if (!zone.ok) return err([{ path: 'zone', message: `bad zone name: ${zone.error}` }]);
  if (!isObject(json))
    return err([{ path: '', message: `expected a ChangeBatch object, got ${describe(json)}` }]);
  const problems = new ProblemList();
  let batch: JsonObject = json;
  let base = '';
  if ('ChangeBatch' in json) {
    for (const key of unknownKeys(json, ENVELOPE_FIELDS)) problems.add(`/${key}`, `unknown field "${key}"`);
    const id = json['HostedZoneId'];
    if (id !== undefined && typeof id !== 'string')
      problems.add('/HostedZoneId', `expected a string, got ${describe(id)}`);
    const inner = json['ChangeBatch'];
    if (!isObject(inner)) {
      problems.add('/ChangeBatch', `expected an object, got ${describe(inner)}`);
      return err(problems.items);
    }
    batch = inner;
    base = '/ChangeBatch';
  }
  for (const key of unknownKeys(batch, BATCH_FIELDS))
    problems.add(`${base}/${key}`, `unknown field "${key}"`);
  const comment = readComment(batch['Comment'], `${base}/Comment`, problems);
  const list = batch['Changes'];
  if (!isArray(list) || list.length === 0) {
    let message = `expected an array of changes, got ${describe(list)}`;
    if (list === undefined) message = 'Changes is required';
    else if (isArray(list)) message = 'Changes is empty: nothing to change';
    problems.add(`${base}/Changes`, message);
    return err(problems.items);
  }
  const tooMany = batchSizeProblem(list.length, `${base}/Changes`);
  if (tooMany !== undefined) {
    problems.add(tooMany.path, tooMany.message);
    return err(problems.items);
  }
  const changes: Change[] = [];
  const deleted = new Map<string, string>();
  for (const [i, item] of list.entries()) {
    const change = readChange(item, `${base}/Changes/${i}`, zone.value, problems);
    if (change === undefined) continue;
    if (change.action === 'DELETE') {
      const key = recordSetKey(change.recordSet);
      const earlier = deleted.get(key);
      if (earlier !== undefined) {
        problems.add(change.path, `deletes the same record set as ${earlier}`);
        continue;
      }
      deleted.set(key, change.path);
    }
    changes.push(change);
  }
  if (!problems.empty) return err(problems.items);
  return ok(comment === undefined ? { changes } : { comment, changes });
}

function readComment(value: unknown, path: string, problems: ProblemList): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    problems.add(path, `expected a string, got ${describe(value)}`);
    return undefined;
  }
  if (value.length > MAX_COMMENT_LENGTH) problems.add(path, `longer than ${MAX_COMMENT_LENGTH} characters`);
  return value;
}

function readChange(item: unknown, path: string, zone: string, problems: ProblemList): Change | undefined {
  if (!isObject(item)) {
    problems.add(path, `expected {"Action": …, "ResourceRecordSet": …}, got ${describe(item)}`);
    return undefined;
  }
  for (const key of unknownKeys(item, CHANGE_FIELDS))
    problems.add(`${path}/${key}`, `unknown field "${key}"`);
  const action = item['Action'];
  const validAction = ACTIONS.find((a) => a === action);
  if (validAction === undefined) {
    const got = action === undefined ? 'Action is required' : `got ${JSON.stringify(action)}`;
    problems.add(`${path}/Action`, `${got}; expected CREATE, DELETE or UPSERT`);
  }
  const rrs = item['ResourceRecordSet'];
  if (rrs === undefined) {
    problems.add(`${path}/ResourceRecordSet`, 'ResourceRecordSet is required');
    return undefined;
  }
  const recordSet = recordSetFromRoute53(rrs, `${path}/ResourceRecordSet`, zone);
  if (!recordSet.ok) {
    for (const p of recordSet.error) problems.add(p.path, p.message);
    return undefined;
  }
  return validAction === undefined ? undefined : { action: validAction, recordSet: recordSet.value, path };
}
