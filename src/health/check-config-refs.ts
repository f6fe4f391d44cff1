/**
 * Health-check rules that look beyond one config (docs/routing-semantics.md §5.2, §5.3): children of a
 * CALCULATED check exist, are not CALCULATED and are not the check itself; Type, RequestInterval
 * and MeasureLatency never change. Pure; the caller supplies the other checks.
 */
import type { Problem } from '../validation/problem';
import type { HealthCheckConfig } from './check-config';

/** Fields fixed at creation; a change means a new check (§5.2). */
export const IMMUTABLE_FIELDS = ['Type', 'RequestInterval', 'MeasureLatency'] as const;

/** Problems with the children of `config` (a check with id `selfId`, if it has one yet). */
export function childProblems(
  config: HealthCheckConfig,
  selfId: string | undefined,
  lookup: (id: string) => HealthCheckConfig | undefined,
  at: string,
): Problem[] {
  const problems: Problem[] = [];
  (config.ChildHealthChecks ?? []).forEach((child, i) => {
    const path = `${at}/ChildHealthChecks/${i}`;
    if (child === selfId) {
      problems.push({ path, message: 'a calculated check cannot be its own child' });
      return;
    }
    const found = lookup(child);
    if (found === undefined) problems.push({ path, message: `no health check ${child}` });
    else if (found.Type === 'CALCULATED') {
      problems.push({
        path,
        message: `${child} is CALCULATED; a calculated check cannot have calculated children`,
      });
    }
  });
  return problems;
}

/** Problems for every immutable field an update changes. */
export function immutableProblems(
  before: HealthCheckConfig,
  after: HealthCheckConfig,
  at: string,
): Problem[] {
  return IMMUTABLE_FIELDS.flatMap((field) =>
    before[field] === after[field]
      ? []
      : [
          {
            path: `${at}/${field}`,
            message: `${field} cannot change after creation (${JSON.stringify(before[field])} → ${JSON.stringify(after[field])}); create a new check`,
          },
        ],
  );
}

/** Normalised configs are built with a fixed key order, so their JSON compares them. */
export function sameConfig(a: HealthCheckConfig, b: HealthCheckConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What probes and the query path need: everything but EnableSNI, which has no effect. */
export function probeConfig(config: HealthCheckConfig): HealthCheckConfig {
  const { EnableSNI: _unused, ...rest } = config;
  return rest;
}
