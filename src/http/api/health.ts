/**
 * Health statuses in the HealthState Durable Object: PUT /health-checks/{id}/status overrides what
 * the probes say (to drain a region by hand), DELETE hands the check back to the probes, GET shows
 * one status with its observations and GET /health-checks/status lists all. A check without a
 * status has "no result yet" and counts healthy (docs/routing-semantics.md §2).
 */
import type { Context } from 'hono';
import { checkIdProblem } from '../../health/check-status';
import { healthState } from '../../health/client';
import type { CheckStatus } from '../../health/health-state';
import { parseStatusInput } from '../../health/status-input';
import type { Result } from '../../result';
import { invalid, type Problem } from '../../validation/problem';
import type { AppEnv } from '../app-env';
import { readJsonBody } from './body';
import { type ApiError, errorResponse } from './errors';
import { detailJson } from './health-detail';
import { jsonResponse } from './json';

type Ctx = Context<AppEnv>;

/** Largest body of a health or latency write. */
export const MAX_SIGNAL_BODY_BYTES = 8 * 1024 * 1024;

/** A JSON body of a signal write: 415 unless JSON, 413 past 8 MiB, 400 if malformed. */
export const readSignalJson = (request: Request): Promise<Result<unknown, ApiError>> =>
  readJsonBody(request, MAX_SIGNAL_BODY_BYTES);

function statusJson(check: CheckStatus) {
  return {
    HealthCheckId: check.id,
    Status: check.healthy ? 'HEALTHY' : 'UNHEALTHY',
    Since: check.since,
    Source: check.source,
    ...(check.reason === undefined ? {} : { Reason: check.reason }),
  };
}

function checkIdParam(c: Ctx, problems: Problem[]): string {
  const id = c.req.param('id') ?? '';
  const problem = checkIdProblem(id, 'id');
  if (problem !== null) problems.push(problem);
  return id;
}

export async function putHealthStatus(c: Ctx): Promise<Response> {
  const json = await readSignalJson(c.req.raw);
  if (!json.ok) return errorResponse(json.error);
  const problems: Problem[] = [];
  const id = checkIdParam(c, problems);
  const input = parseStatusInput(json.value);
  if (!input.ok) problems.push(...input.error);
  if (!input.ok || problems.length > 0) return errorResponse(invalid(problems));
  const result = await healthState(c.env).setStatus(id, input.value);
  if (!result.ok) return errorResponse(result.error);
  return jsonResponse({ ...statusJson(result.value), Version: result.value.version });
}

export async function getHealthStatus(c: Ctx): Promise<Response> {
  const problems: Problem[] = [];
  const id = checkIdParam(c, problems);
  if (problems.length > 0) return errorResponse(invalid(problems));
  const detail = await healthState(c.env).detail(id);
  if (detail.status === null && detail.definition === null) {
    return errorResponse({
      kind: 'not-found',
      message: `health check ${id} has no result yet; counts healthy`,
    });
  }
  return jsonResponse(detailJson(detail));
}

export async function deleteHealthStatus(c: Ctx): Promise<Response> {
  const problems: Problem[] = [];
  const id = checkIdParam(c, problems);
  if (problems.length > 0) return errorResponse(invalid(problems));
  const result = await healthState(c.env).clearStatus(id);
  if (!result.ok) return errorResponse(result.error);
  return jsonResponse({ HealthCheckId: id, Cleared: result.value.cleared, Version: result.value.version });
}

export async function listHealthStatuses(c: Ctx): Promise<Response> {
  const { version, checks } = await healthState(c.env).list();
  return jsonResponse({ Version: version, HealthCheckStatuses: checks.map(statusJson) });
}
