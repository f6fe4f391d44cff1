/**
 * The outbound rules again at probe time (outbound/targets.ts): a check stored before a rule or a
 * var changed (SERVED_HOSTNAMES, OUTBOUND_ALLOW_PRIVATE) is not probed but reported unhealthy.
 * This checks the configured IP or FQDN only: fetch() and connect() do not say which address a name
 * resolved to, and probes never follow redirects (`redirect: 'manual'`).
 */
import { hostTargetProblem, type OutboundPolicy } from '../outbound/targets';
import { defaultPort } from './probe-plan';
import type { ProbeResult, ProbeSpec } from './probe-types';

/** An unhealthy result when the spec's target is refused; null when it may be probed. */
export function forbiddenTarget(spec: ProbeSpec, outbound: OutboundPolicy, now: number): ProbeResult | null {
  const port = spec.port ?? defaultPort(spec.type) ?? 0;
  for (const host of [spec.ipAddress, spec.fullyQualifiedDomainName]) {
    const refused = host === undefined ? null : hostTargetProblem(host, port, outbound);
    if (refused !== null) {
      return {
        healthy: false,
        failure: 'forbidden-target',
        reason: `not probed: ${refused}`,
        rttMs: null,
        connectMs: null,
        statusCode: null,
        startedAt: now,
      };
    }
  }
  return null;
}
