/**
 * Origin routes (origin steering): `PUT /origins/{host}` with `{"OriginName":"origin.example.com",
 * "Scheme":"https","TimeoutMs":5000,"Retry":{"Attempts":3,"BudgetMs":10000,"On5xx":true},…}`
 * creates or replaces the proxied hostname `host`; GET lists or reads; DELETE removes it. The host
 * is case-insensitive and may end in a dot; it is stored lowercase without one. Defaults are
 * filled in here, so what is stored and shown is always the whole origin.
 */
import {
  ATTEMPTS,
  BUDGET_MS,
  checkOrigin,
  hostProblem,
  normalizeHost,
  type Origin,
  TIMEOUT_MS,
} from '../../control/resources/origin';
import type { Versioned } from '../../control/types';
import { err, ok, type Result } from '../../result';
import { describe, isArray, isObject, type JsonObject, unknownKeys } from '../../validation/json';
import type { Problem } from '../../validation/problem';
import type { ApiResource } from './resources';

/** 20 headers of 1 KiB and the rest fit with room to spare. */
const MAX_ORIGIN_BODY = 64 * 1024;
const BODY_FIELDS = new Set([
  'OriginName',
  'Scheme',
  'Port',
  'TimeoutMs',
  'Retry',
  'CacheMode',
  'AddHeaders',
  'PassClientIp',
  'HostHeader',
]);
const RETRY_FIELDS = new Set(['Attempts', 'BudgetMs', 'On5xx']);
const HEADER_FIELDS = new Set(['Name', 'Value']);

function originJson({ value, version, updatedAt }: Versioned<Origin>) {
  return {
    Id: value.id,
    OriginName: value.originName,
    Scheme: value.scheme,
    ...(value.port === undefined ? {} : { Port: value.port }),
    TimeoutMs: value.timeoutMs,
    Retry: { Attempts: value.retry.attempts, BudgetMs: value.retry.budgetMs, On5xx: value.retry.on5xx },
    CacheMode: value.cacheMode,
    AddHeaders: value.addHeaders.map((h) => ({ Name: h.name, Value: h.value })),
    PassClientIp: value.passClientIp,
    HostHeader: value.hostHeader,
    Version: version,
    UpdatedAt: updatedAt,
  };
}

/**
 * Reads typed fields of one JSON object, each problem at `${at}/${field}`: an absent field, or one
 * of the wrong type, reads as its default (so the rules do not report it twice).
 */
function fieldReader(json: JsonObject, at: string, known: ReadonlySet<string>, problems: Problem[]) {
  for (const key of unknownKeys(json, known))
    problems.push({ path: `${at}/${key}`, message: `unknown field "${key}"` });
  function read<T extends string | number | boolean>(field: string, fallback: T): T {
    const value = json[field];
    if (value === undefined) return fallback;
    if (typeof value === typeof fallback) return value as T;
    problems.push({
      path: `${at}/${field}`,
      message: `expected a ${typeof fallback}, got ${describe(value)}`,
    });
    return fallback;
  }
  return {
    number: (field: string, fallback: number) => read(field, fallback),
    boolean: (field: string, fallback: boolean) => read(field, fallback),
    /** Any string, typed as the field's union where it has one: checkOrigin refuses the others. */
    string: <T extends string = string>(field: string, fallback: T) => read<string>(field, fallback) as T,
  };
}

function parseRetry(json: unknown, problems: Problem[]): Origin['retry'] {
  const defaults = { attempts: ATTEMPTS.default, budgetMs: BUDGET_MS.default, on5xx: true };
  if (json === undefined) return defaults;
  if (!isObject(json)) {
    problems.push({ path: '/Retry', message: `expected an object, got ${describe(json)}` });
    return defaults;
  }
  const field = fieldReader(json, '/Retry', RETRY_FIELDS, problems);
  return {
    attempts: field.number('Attempts', defaults.attempts),
    budgetMs: field.number('BudgetMs', defaults.budgetMs),
    on5xx: field.boolean('On5xx', defaults.on5xx),
  };
}

function parseHeaders(json: unknown, problems: Problem[]): Origin['addHeaders'] {
  if (json === undefined) return [];
  if (!isArray(json)) {
    problems.push({ path: '/AddHeaders', message: `expected an array, got ${describe(json)}` });
    return [];
  }
  return json.flatMap((item, i) => {
    const at = `/AddHeaders/${i}`;
    if (!isObject(item)) {
      problems.push({ path: at, message: `expected an object, got ${describe(item)}` });
      return [];
    }
    const field = fieldReader(item, at, HEADER_FIELDS, problems);
    for (const name of ['Name', 'Value']) {
      if (item[name] === undefined) problems.push({ path: `${at}/${name}`, message: `${name} is required` });
    }
    return [{ name: field.string('Name', ''), value: field.string('Value', '') }];
  });
}

/**
 * The body → an origin with every default filled in, or every problem: its shape, and the origin
 * rules (which the control plane applies again, with the hosted-zone check of OriginName).
 */
function parseOriginBody(id: string, json: unknown): Result<Origin, Problem[]> {
  if (!isObject(json)) {
    const problems = [{ path: '', message: `expected an object, got ${describe(json)}` }];
    const idProblem = hostProblem(id);
    return err(idProblem === undefined ? problems : [idProblem, ...problems]);
  }
  const problems: Problem[] = [];
  const field = fieldReader(json, '', BODY_FIELDS, problems);
  if (json['OriginName'] === undefined)
    problems.push({ path: '/OriginName', message: 'OriginName is required' });
  const port = json['Port'] === undefined ? undefined : field.number('Port', 0);
  const origin: Origin = {
    id,
    originName: field.string('OriginName', '.'),
    scheme: field.string<Origin['scheme']>('Scheme', 'https'),
    ...(port === undefined ? {} : { port }),
    timeoutMs: field.number('TimeoutMs', TIMEOUT_MS.default),
    retry: parseRetry(json['Retry'], problems),
    cacheMode: field.string<Origin['cacheMode']>('CacheMode', 'origin'),
    addHeaders: parseHeaders(json['AddHeaders'], problems),
    passClientIp: field.boolean('PassClientIp', false),
    hostHeader: field.string<Origin['hostHeader']>('HostHeader', 'origin'),
  };
  const rules = checkOrigin(origin);
  if (!rules.ok) problems.unshift(...rules.error);
  return problems.length > 0 ? err(sortedByPath(problems)) : ok(origin);
}

/** The id first, then in the body's order of fields, so a long list reads top to bottom. */
function sortedByPath(problems: Problem[]): Problem[] {
  const order = ['id', ...BODY_FIELDS];
  const rank = (p: Problem) => {
    const i = order.indexOf(p.path === 'id' ? 'id' : (p.path.split('/')[1] ?? ''));
    return i < 0 ? order.length : i;
  };
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map((x) => x.p);
}

export const ORIGINS_API: ApiResource<'origin'> = {
  name: 'origin',
  path: '/origins',
  listKey: 'Origins',
  maxBody: MAX_ORIGIN_BODY,
  normalizeId: normalizeHost,
  parseBody: parseOriginBody,
  toJson: originJson,
};
