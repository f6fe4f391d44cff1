/**
 * Health-check definition routes (docs/routing-semantics.md §5, §6.4), Route 53-shaped bodies:
 * `POST /health-checks` with `{"CallerReference":"…","HealthCheckConfig":{…}}` creates a check with
 * a new id (201 + Location; the same CallerReference and config again → 200 with that check);
 * `PUT /health-checks/{id}` with `{"HealthCheckConfig":{…}}` replaces its config; GET lists or reads;
 * DELETE is refused (409) while record sets or calculated checks use it. Statuses live apart, under
 * `/health-checks/status` and `/health-checks/{id}/status` (health.ts).
 */
import type { Context } from 'hono';
import { CONFIG_PATH, type HealthCheckWriteResult } from '../../control/changes/health-check-writes';
import { controlPlane } from '../../control/client';
import type { StoredHealthCheck } from '../../control/resources/health-check';
import type { ControlError, Versioned } from '../../control/types';
import { type HealthCheckConfig, parseHealthCheckConfig } from '../../health/check-config';
import { probeScheduler } from '../../health/scheduler';
import type { OutboundPolicy } from '../../outbound/targets';
import { err, ok, type Result } from '../../result';
import { describe, isObject, unknownKeys } from '../../validation/json';
import { invalid, type Problem } from '../../validation/problem';
import type { AppEnv } from '../app-env';
import { readJsonBody } from './body';
import { errorResponse } from './errors';
import { jsonResponse } from './json';
import { outboundOf } from './outbound';
import { parseWriteOptions } from './params';
import { deleteHandler, readHandlers } from './resources';

type Ctx = Context<AppEnv>;

/** 255 children of 64 characters, 8 headers of 1 KiB: well under this. */
const MAX_HEALTH_CHECK_BODY = 64 * 1024;
const CREATE_FIELDS = new Set(['CallerReference', 'HealthCheckConfig']);
const UPDATE_FIELDS = new Set(['HealthCheckConfig']);

function healthCheckJson({ value, version, updatedAt }: Versioned<StoredHealthCheck>) {
  return {
    Id: value.id,
    ...(value.callerReference === undefined ? {} : { CallerReference: value.callerReference }),
    HealthCheckConfig: value.config,
    Version: version,
    UpdatedAt: updatedAt,
  };
}

export interface HealthCheckBody {
  readonly callerReference?: string;
  readonly config: HealthCheckConfig;
}

/** The body → reference and config, or every problem (shape, the config rules, the target rules). */
function parseHealthCheckBody(
  json: unknown,
  create: boolean,
  outbound: OutboundPolicy,
): Result<HealthCheckBody, Problem[]> {
  if (!isObject(json)) return err([{ path: '', message: `expected an object, got ${describe(json)}` }]);
  const problems: Problem[] = [];
  for (const key of unknownKeys(json, create ? CREATE_FIELDS : UPDATE_FIELDS))
    problems.push({ path: `/${key}`, message: `unknown field "${key}"` });
  const reference = json['CallerReference'];
  if (reference !== undefined && typeof reference !== 'string') {
    problems.push({ path: '/CallerReference', message: `expected a string, got ${describe(reference)}` });
  }
  const raw = json['HealthCheckConfig'];
  if (raw === undefined) problems.push({ path: CONFIG_PATH, message: 'HealthCheckConfig is required' });
  const config = raw === undefined ? undefined : parseHealthCheckConfig(raw, CONFIG_PATH, outbound);
  if (config !== undefined && !config.ok) problems.push(...config.error);
  if (problems.length > 0 || config === undefined || !config.ok) return err(problems);
  return ok({
    ...(typeof reference === 'string' ? { callerReference: reference } : {}),
    config: config.value,
  });
}

async function readBody(c: Ctx, create: boolean): Promise<Result<HealthCheckBody, Response>> {
  const json = await readJsonBody(c.req.raw, MAX_HEALTH_CHECK_BODY);
  if (!json.ok) return err(errorResponse(json.error));
  const body = parseHealthCheckBody(json.value, create, outboundOf(c));
  return body.ok ? body : err(errorResponse(invalid(body.error)));
}

/**
 * Starts (or stops) the probes of a written check within a second (writes in a burst share one
 * tick) rather than at the next cron minute. Off with
 * HEALTH_TICK_ON_WRITE=false (the unit tests tick by hand, so no probe runs behind their back).
 */
function tickScheduler(c: Ctx): void {
  if (c.env.HEALTH_TICK_ON_WRITE === 'false') return;
  const tick = probeScheduler(c.env)
    .requestTick()
    .catch((error: unknown) => {
      console.error(
        'asking for a health scheduler tick failed:',
        error instanceof Error ? error.message : error,
      );
    });
  c.executionCtx.waitUntil(tick);
}

function writeResponse(c: Ctx, result: Result<HealthCheckWriteResult, ControlError>): Response {
  if (!result.ok) return errorResponse(result.error);
  if (result.value.changeInfo !== undefined) tickScheduler(c);
  const { check, changeInfo, created } = result.value;
  const body = {
    HealthCheck: healthCheckJson(check),
    ...(changeInfo === undefined ? {} : { ChangeInfo: changeInfo }),
  };
  const location = `/api/v1/health-checks/${encodeURIComponent(check.value.id)}`;
  return jsonResponse(body, created ? 201 : 200, created ? { Location: location } : {});
}

/** GET /health-checks and /health-checks/{id}. */
export const { list: listHealthChecks, get: getHealthCheck } = readHandlers({
  name: 'health-check',
  path: '/health-checks',
  listKey: 'HealthChecks',
  toJson: healthCheckJson,
});

export async function createHealthCheck(c: Ctx): Promise<Response> {
  const problems: Problem[] = [];
  const options = parseWriteOptions(c.req.raw, problems);
  const body = await readBody(c, true);
  if (!body.ok) return body.error;
  if (problems.length > 0) return errorResponse(invalid(problems));
  const { callerReference, config } = body.value;
  return writeResponse(c, await controlPlane(c.env).createHealthCheck(callerReference, config, options));
}

export async function updateHealthCheck(c: Ctx): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const problems: Problem[] = [];
  const options = parseWriteOptions(c.req.raw, problems);
  const body = await readBody(c, false);
  if (!body.ok) return body.error;
  if (problems.length > 0) return errorResponse(invalid(problems));
  return writeResponse(c, await controlPlane(c.env).updateHealthCheck(id, body.value.config, options));
}

/** DELETE /health-checks/{id}: 409 while record sets or calculated checks use it; the scheduler drops it. */
export const deleteHealthCheck = deleteHandler('health-check', {}, tickScheduler);
