/**
 * Health-check definitions for fixtures whose record sets name a HealthCheckId: a record set may only
 * name a stored check, and the control plane chooses each check's id. Fixtures name their checks by
 * label; these helpers define one minimal HTTP check per label through the management API and hand
 * back the ids it assigned. The label is the CallerReference, so defining the same labels again (in
 * another test of the same file) returns the same checks.
 */
import { expect } from 'vitest';
import { api } from './api';

/** The smallest valid check; nothing probes it in these tests. */
export const PROBE_CHECK = { Type: 'HTTP', FullyQualifiedDomainName: 'probe.example', Port: 80 } as const;

/** Defines a check per label; label → the id the control plane assigned. */
export async function defineHealthChecks<L extends string>(labels: readonly L[]): Promise<Record<L, string>> {
  const ids = {} as Record<L, string>;
  for (const label of labels) {
    const res = await api('/health-checks', {
      method: 'POST',
      body: JSON.stringify({ CallerReference: label, HealthCheckConfig: PROBE_CHECK }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect([200, 201], await res.clone().text()).toContain(res.status);
    ids[label] = (await res.json<{ HealthCheck: { Id: string } }>()).HealthCheck.Id;
  }
  return ids;
}

type Route53Sets<T> = T & { readonly ResourceRecordSets: readonly Record<string, unknown>[] };

/**
 * Route 53 JSON whose HealthCheckIds are labels → the same JSON naming checks defined for them,
 * plus the ids by label.
 */
export async function withHealthChecks<T>(
  json: Route53Sets<T>,
): Promise<{ json: Route53Sets<T>; ids: Record<string, string> }> {
  const labels = json.ResourceRecordSets.map((rrs) => rrs['HealthCheckId']).filter(
    (id): id is string => typeof id === 'string',
  );
  const ids = await defineHealthChecks([...new Set(labels)]);
  const ResourceRecordSets = json.ResourceRecordSets.map((rrs) => {
    const label = rrs['HealthCheckId'];
    return typeof label === 'string' ? { ...rrs, HealthCheckId: ids[label] } : rrs;
  });
  return { json: { ...json, ResourceRecordSets }, ids };
}
