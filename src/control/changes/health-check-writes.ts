/**
 * Writes of health-check definitions (docs/routing-semantics.md §5, §6.4), versioned with the rest of
 * the config: validated (the config rules, then children against the stored checks), committed as
 * one new config version, or refused with nothing changed. A create with a CallerReference is
 * idempotent as in Route 53: the same reference and config give the same check, another config is
 * a conflict. A check that record sets or calculated checks use cannot be deleted.
 */
import type { HealthCheckConfig } from '../../health/check-config';
import { parseHealthCheckConfig } from '../../health/check-config';
import { childProblems, immutableProblems, probeConfig, sameConfig } from '../../health/check-config-refs';
import type { OutboundPolicy } from '../../outbound/targets';
import { err, ok, type Result } from '../../result';
import type { Problem } from '../../validation/problem';
import type { StoredHealthCheck } from '../resources/health-check';
import { STORED } from '../resources/table';
import { countRows, readResource, readResourceWhere, writeResource } from '../store/rows';
import { readMeta } from '../store/store';
import type { ChangeInfo, ControlError, Versioned, WriteOptions } from '../types';
import { type CommitDeps, checkVersion, commit } from './commit';

/** A bound on definitions, so the snapshot stays small (Route 53's default quota is 200). */
export const MAX_HEALTH_CHECKS = 1000;
export const MAX_CALLER_REFERENCE = 64;
/** Problem paths point into the request body. */
export const CONFIG_PATH = '/HealthCheckConfig';

const healthCheckSubject = (id: string) => `health-check/${id}`;

/** What health-check writes need: commits, and the targets the Worker's vars allow. */
export interface HealthCheckDeps extends CommitDeps {
  readonly outbound: OutboundPolicy;
}

/** What a create or update produced; no changeInfo when an idempotent create changed nothing. */
export interface HealthCheckWriteResult {
  readonly check: Versioned<StoredHealthCheck>;
  readonly changeInfo?: ChangeInfo;
  readonly created: boolean;
}

/** The config checked again (the API has checked it too) and against the stored checks. */
function validate(
  deps: HealthCheckDeps,
  input: HealthCheckConfig,
  selfId: string | undefined,
): Result<HealthCheckConfig, ControlError> {
  const { sql } = deps.storage;
  const parsed = parseHealthCheckConfig(input, CONFIG_PATH, deps.outbound);
  if (!parsed.ok) return err({ kind: 'invalid', problems: parsed.error });
  const lookup = (id: string) => readResource(sql, STORED['health-check'], id)?.value.config;
  const problems = childProblems(parsed.value, selfId, lookup, CONFIG_PATH);
  return problems.length > 0 ? err({ kind: 'invalid', problems }) : ok(parsed.value);
}

function written(
  sql: SqlStorage,
  id: string,
  changeInfo: ChangeInfo,
  created: boolean,
): HealthCheckWriteResult {
  const check = readResource(sql, STORED['health-check'], id);
  if (check === null) throw new Error(`health check ${id} vanished after its commit`);
  return { check, changeInfo, created };
}

export function createHealthCheck(
  deps: HealthCheckDeps,
  id: string,
  callerReference: string | undefined,
  input: HealthCheckConfig,
  options: WriteOptions,
): Result<HealthCheckWriteResult, ControlError> {
  const { sql } = deps.storage;
  const problems: Problem[] = [];
  if (
    callerReference !== undefined &&
    (callerReference.length < 1 || callerReference.length > MAX_CALLER_REFERENCE)
  ) {
    problems.push({
      path: '/CallerReference',
      message: `CallerReference has 1–${MAX_CALLER_REFERENCE} characters`,
    });
  }
  const config = validate(deps, input, undefined);
  if (!config.ok && config.error.kind === 'invalid') problems.push(...config.error.problems);
  if (problems.length > 0 || !config.ok) return err({ kind: 'invalid', problems });
  if (callerReference !== undefined) {
    const earlier = readResourceWhere(sql, STORED['health-check'], 'caller_reference', callerReference);
    if (earlier !== null) {
      if (sameConfig(earlier.value.config, config.value)) return ok({ check: earlier, created: false });
      return err({
        kind: 'conflict',
        message: `CallerReference ${callerReference} already created health check ${earlier.value.id} with another config`,
      });
    }
  }
  const version = checkVersion(readMeta(sql), options);
  if (!version.ok) return version;
  if (countRows(sql, STORED['health-check']) >= MAX_HEALTH_CHECKS) {
    const message = `there are ${MAX_HEALTH_CHECKS} health checks already; at most ${MAX_HEALTH_CHECKS}`;
    return err({ kind: 'invalid', problems: [{ path: CONFIG_PATH, message }] });
  }
  const check: StoredHealthCheck = {
    id,
    ...(callerReference === undefined ? {} : { callerReference }),
    config: config.value,
  };
  const changeInfo = commit(deps, healthCheckSubject(id), options, (v, at) =>
    writeResource(sql, STORED['health-check'], check, v, at),
  );
  return ok(written(sql, id, changeInfo, true));
}

export function updateHealthCheck(
  deps: HealthCheckDeps,
  id: string,
  input: HealthCheckConfig,
  options: WriteOptions,
): Result<HealthCheckWriteResult, ControlError> {
  const { sql } = deps.storage;
  const existing = readResource(sql, STORED['health-check'], id);
  if (existing === null) return err({ kind: 'not-found', message: `no health check ${id}` });
  const version = checkVersion(readMeta(sql), options);
  if (!version.ok) return version;
  const config = validate(deps, input, id);
  if (!config.ok) return config;
  const fixed = immutableProblems(existing.value.config, config.value, CONFIG_PATH);
  if (fixed.length > 0) return err({ kind: 'invalid', problems: fixed });
  const check: StoredHealthCheck = { ...existing.value, config: config.value };
  // The snapshot carries the probe config only (resource-store.ts snapshotResources).
  const same = sameConfig(probeConfig(existing.value.config), probeConfig(config.value));
  const changeInfo = commit(
    deps,
    healthCheckSubject(id),
    options,
    (v, at) => writeResource(sql, STORED['health-check'], check, v, at),
    same ? 'unchanged' : 'changed',
  );
  return ok(written(sql, id, changeInfo, false));
}
