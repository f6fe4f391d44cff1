/**
 * The latency tests' shared setup (test/latency): health checks whose endpoint is the local beacon
 * (test/support/beacon-server-setup.ts, a path naming its delay), and a latency-routed zone over
 * them, stored, published and loaded by this isolate's config store.
 */
import { runDurableObjectAlarm } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { controlPlane } from '../../src/control/client';
import { configOf } from '../../src/env';
import { configStoreFor } from '../../src/store/config-store';
import { api } from './api';
import { latencyZoneRoute53 } from './policy-fixtures';

/**
 * One HTTP check per label at `http://127.0.0.1:<port>/delay/<ms>/<prefix><label>`, with `extra`
 * config fields; their ids by label.
 */
export async function defineDelayChecks(
  port: number,
  delays: Readonly<Record<string, number>>,
  prefix: string,
  extra: Readonly<Record<string, unknown>> = {},
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [label, ms] of Object.entries(delays)) {
    const res = await api('/health-checks', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        CallerReference: `${prefix}${label}-${crypto.randomUUID()}`,
        HealthCheckConfig: {
          Type: 'HTTP',
          IPAddress: '127.0.0.1',
          Port: port,
          ResourcePath: `/delay/${ms}/${prefix}${label}`,
          ...extra,
        },
      }),
    });
    expect([200, 201]).toContain(res.status);
    ids[label] = (await res.json<{ HealthCheck: { Id: string } }>()).HealthCheck.Id;
  }
  return ids;
}

/** Stores `zone` (latencyZoneRoute53 over `checks`), publishes it, and loads it here. */
export async function publishLatencyZone(
  zone: string,
  checks: Readonly<Record<string, string>>,
): Promise<void> {
  const put = await api(`/zones/${zone}`, {
    method: 'PUT',
    body: JSON.stringify(latencyZoneRoute53(zone, checks)),
    headers: { 'Content-Type': 'application/json' },
  });
  expect(put.status).toBe(201);
  await runDurableObjectAlarm(controlPlane(env));
  await configStoreFor(env.SNAPSHOTS, configOf(env).snapshotRefreshMs).refresh();
}
