/**
 * The outbound rules at probe time (src/health/probe-target.ts): a stored check whose target the
 * vars refuse now is reported unhealthy and never reached; counted by the target's own hits.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { stubByName } from '../../src/durable/stub';
import type { ProbeSpec } from '../../src/health/probe-types';
import type { HealthProber } from '../../src/health/prober';
import { CLOSED_OUTBOUND, type OutboundPolicy, outboundPolicy } from '../../src/outbound/targets';
import { newTarget, targetHits } from '../support/health-check-driver';

const freshProber = () => stubByName<HealthProber>(env.PROBERS, crypto.randomUUID());

async function roundWith(outbound: OutboundPolicy, specs: readonly ProbeSpec[]) {
  return runInDurableObject(freshProber(), (instance: HealthProber) => {
    instance.outbound = () => outbound;
    return instance.round(specs.map((spec, i) => ({ id: `c${i}`, spec })));
  });
}

describe('probe-time target check', () => {
  it('refused targets are not probed: unhealthy, forbidden-target, zero hits', async () => {
    const port = await newTarget();
    const own: OutboundPolicy = { ...CLOSED_OUTBOUND, ownHostnames: new Set(['doh.example.com']) };
    const results = await roundWith(own, [
      { type: 'HTTP', fullyQualifiedDomainName: 'localhost', port },
      { type: 'HTTP', ipAddress: '127.0.0.1', port },
      { type: 'TCP', ipAddress: '::ffff:7f00:1', port },
      { type: 'HTTPS', fullyQualifiedDomainName: 'doh.example.com' },
    ]);
    expect(results.map((r) => [r.healthy, r.failure, r.statusCode])).toEqual(
      Array.from({ length: 4 }, () => [false, 'forbidden-target', null]),
    );
    expect(results[0]?.reason).toBe(
      'not probed: localhost is a local name; outbound requests cannot go there',
    );
    expect(results[3]?.reason).toContain("doh.example.com is edgesteer's own hostname");
    expect(await targetHits(port)).toBe(0);
  });

  it('with OUTBOUND_ALLOW_PRIVATE=true the same local target is probed', async () => {
    const port = await newTarget();
    const results = await roundWith(outboundPolicy({ OUTBOUND_ALLOW_PRIVATE: 'true' }), [
      { type: 'HTTP', fullyQualifiedDomainName: 'localhost', port, resourcePath: '/health' },
    ]);
    expect(results.map((r) => [r.healthy, r.statusCode])).toEqual([[true, 200]]);
    expect(await targetHits(port)).toBe(1);
  });
});
