/**
 * The body of `POST /api/v1/webhooks` and `PUT /api/v1/webhooks/{id}`:
 * `{"Url":"https://…","Secret":"…","HealthCheckIds":["…"],"Description":"…"}`. Every problem is
 * reported with its JSON path, unknown members are refused, and no message quotes a secret or a
 * URL's user:password.
 */
import { checkIdProblem } from '../health/check-status';
import { type OutboundPolicy, urlTargetProblem } from '../outbound/targets';
import { err, ok, type Result } from '../result';
import { describe, isArray, isObject, type JsonObject, unknownKeys } from '../validation/json';
import type { Problem } from '../validation/problem';

export interface WebhookInput {
  readonly url: string;
  /** Absent: none (create) or unchanged (replace); null: none. Write-only. */
  readonly secret?: string | null;
  /** Absent: every check. */
  readonly healthCheckIds?: readonly string[];
  readonly description?: string;
}

export const WEBHOOK_LIMITS = {
  urlChars: 2_048,
  secretMinChars: 16,
  secretMaxChars: 256,
  healthCheckIds: 100,
  descriptionChars: 256,
} as const;

const MEMBERS = new Set(['Url', 'Secret', 'HealthCheckIds', 'Description']);
const L = WEBHOOK_LIMITS;

function urlProblem(value: unknown, outbound: OutboundPolicy): string | null {
  if (value === undefined) return 'Url is required';
  if (typeof value !== 'string') return `expected a string, got ${describe(value)}`;
  if (value.length > L.urlChars) return `a URL has at most ${L.urlChars} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'expected an absolute http or https URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'the scheme must be http or https';
  if (url.hostname === '') return 'the URL has no hostname';
  if (url.username !== '' || url.password !== '') {
    return 'user:password@ is refused in a URL; a Secret signs the deliveries instead';
  }
  return urlTargetProblem(url.href, outbound);
}

function secretProblem(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return `expected a string, got ${describe(value)}`;
  const chars = [...value].length;
  return chars < L.secretMinChars || chars > L.secretMaxChars
    ? `a secret has ${L.secretMinChars}–${L.secretMaxChars} characters`
    : null;
}

function checkIdsProblems(value: unknown, problems: Problem[]): void {
  const path = '/HealthCheckIds';
  if (value === undefined) return;
  if (!isArray(value)) {
    problems.push({ path, message: `expected an array of health-check ids, got ${describe(value)}` });
    return;
  }
  if (value.length === 0)
    problems.push({ path, message: 'list at least one id, or leave it out for every check' });
  if (value.length > L.healthCheckIds) problems.push({ path, message: `at most ${L.healthCheckIds} ids` });
  const seen = new Set<string>();
  value.forEach((id, i) => {
    const at = `${path}/${i}`;
    if (typeof id !== 'string')
      problems.push({ path: at, message: `expected a string, got ${describe(id)}` });
    else if (seen.has(id)) problems.push({ path: at, message: `"${id}" is listed twice` });
    else {
      seen.add(id);
      const problem = checkIdProblem(id, at);
      if (problem !== null) problems.push(problem);
    }
  });
}

function descriptionProblem(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string') return `expected a string, got ${describe(value)}`;
  return value.length > L.descriptionChars
    ? `a description has at most ${L.descriptionChars} characters`
    : null;
}

function collectProblems(json: JsonObject, outbound: OutboundPolicy): Problem[] {
  const problems: Problem[] = [];
  for (const key of unknownKeys(json, MEMBERS)) {
    problems.push({
      path: `/${key}`,
      message: 'unknown member; expected Url, Secret, HealthCheckIds, Description',
    });
  }
  const single: [string, string | null][] = [
    ['/Url', urlProblem(json['Url'], outbound)],
    ['/Secret', secretProblem(json['Secret'])],
    ['/Description', descriptionProblem(json['Description'])],
  ];
  for (const [path, message] of single) if (message !== null) problems.push({ path, message });
  checkIdsProblems(json['HealthCheckIds'], problems);
  return problems;
}

/** The body → the input, or every problem; `outbound` says which URLs may be called. */
export function parseWebhookInput(json: unknown, outbound: OutboundPolicy): Result<WebhookInput, Problem[]> {
  if (!isObject(json)) {
    return err([
      { path: '', message: `expected an object like {"Url": "https://…"}, got ${describe(json)}` },
    ]);
  }
  const problems = collectProblems(json, outbound);
  if (problems.length > 0) return err(problems);
  const { Url, Secret, HealthCheckIds, Description } = json as Record<string, unknown>;
  return ok({
    url: Url as string,
    ...(Secret === undefined ? {} : { secret: Secret as string | null }),
    ...(HealthCheckIds === undefined ? {} : { healthCheckIds: HealthCheckIds as string[] }),
    ...(Description === undefined ? {} : { description: Description as string }),
  });
}
