/**
 * The body of `PUT /api/v1/health-checks/{id}/status`: `{"Healthy": false, "Reason": "maintenance"}`.
 * Every problem is reported with its JSON path; unknown members are refused (a misspelt
 * `"healthy"` must not pass as "no change").
 */
import { err, ok, type Result } from '../result';
import type { Problem } from '../validation/problem';
import { reasonProblem } from './check-status';

export interface StatusInput {
  readonly healthy: boolean;
  readonly reason?: string;
}

const MEMBERS = new Set(['Healthy', 'Reason']);

export function parseStatusInput(json: unknown): Result<StatusInput, Problem[]> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return err([{ path: '', message: 'expected a JSON object like {"Healthy": false, "Reason": "…"}' }]);
  }
  const body = json as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const key of Object.keys(body)) {
    if (!MEMBERS.has(key))
      problems.push({ path: `/${key}`, message: 'unknown member; expected Healthy, Reason' });
  }
  const healthy = body['Healthy'];
  if (typeof healthy !== 'boolean') {
    problems.push({ path: '/Healthy', message: 'required: true or false' });
  }
  const rawReason = body['Reason'];
  let reason: string | undefined;
  if (typeof rawReason === 'string') {
    reason = rawReason;
    const problem = reasonProblem(reason, '/Reason');
    if (problem !== null) problems.push(problem);
  } else if (rawReason !== undefined && rawReason !== null) {
    problems.push({ path: '/Reason', message: 'expected a string' });
  }
  if (problems.length > 0 || typeof healthy !== 'boolean') return err(problems);
  return ok(reason === undefined ? { healthy } : { healthy, reason });
}
