/**
 * Driving the health-check machinery in workerd: switchable targets (health-targets-setup.ts), checks
 * created through the API, the cron through the Worker's `scheduled` handler, prober rounds and
 * HealthState publishing through their alarms.
 */
import {
  createExecutionContext,
  createScheduledController,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { expect, inject } from 'vitest';
import { controlPlane } from '../../src/control/client';
import { configOf } from '../../src/env';
import { healthState } from '../../src/health/client';
import type { ShardAssignment } from '../../src/health/probe-jobs';
import type { HealthProber } from '../../src/health/prober';
import type { RoundReport } from '../../src/health/round-report';
import { proberShard, probeScheduler } from '../../src/health/scheduler';
import worker from '../../src/index';
import { configStoreFor } from '../../src/store/config-store';
import { signalStoresFor } from '../../src/store/signal-stores';
import { api } from './api';

const control = () => `http://127.0.0.1:${inject('targetControl')}`;

/** A new HTTP target of this test's own, answering 200. */
export async function newTarget(): Promise<number> {
  const res = await fetch(`${control()}/targets`, { method: 'POST' });
  return ((await res.json()) as { port: number }).port;
}

export async function setTarget(port: number, mode: { status?: number; delayMs?: number; body?: string }) {
  await fetch(`${control()}/targets/${port}/mode`, { method: 'POST', body: JSON.stringify(mode) });
}

export async function targetDown(port: number): Promise<void> {
  await fetch(`${control()}/targets/${port}/down`, { method: 'POST' });
}

export async function targetUp(port: number): Promise<void> {
  await fetch(`${control()}/targets/${port}/up`, { method: 'POST' });
}

export async function targetHits(port: number): Promise<number> {
  const res = await fetch(`${control()}/targets/${port}/hits`);
  return ((await res.json()) as { hits: number }).hits;
}

/** An HTTP check of `port` on this machine (FQDN "localhost"; the test env sets OUTBOUND_ALLOW_PRIVATE). */
export function localCheck(port: number, extra: Record<string, unknown> = {}) {
  return {
    Type: 'HTTP',
    FullyQualifiedDomainName: 'localhost',
    Port: port,
    ResourcePath: '/health',
    RequestInterval: 10,
    FailureThreshold: 1,
    Regions: ['us-east-1', 'eu-west-1', 'ap-southeast-1'],
    ...extra,
  };
}

/** Creates a check through the API; returns its id. */
export async function createCheck(config: Record<string, unknown>): Promise<string> {
  const res = await api('/health-checks', {
    method: 'POST',
    body: JSON.stringify({ HealthCheckConfig: config }),
    headers: { 'Content-Type': 'application/json' },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { HealthCheck: { Id: string } }).HealthCheck.Id;
}

/** One cron tick through the Worker's `scheduled` handler. */
export async function cronTick(): Promise<void> {
  const controller = createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, env, ctx);
  await waitOnExecutionContext(ctx);
}

/** The shard keys the scheduler handed out last. */
export async function shardKeys(): Promise<string[]> {
  return runInDurableObject(
    probeScheduler(env),
    async (_, state) => (await state.storage.get<string[]>('shards')) ?? [],
  );
}

export function shard(key: string): DurableObjectStub<HealthProber> {
  return proberShard(env, key, undefined);
}

export async function assignmentOf(key: string): Promise<ShardAssignment | null> {
  return shard(key).assignment();
}

/** Runs one round on each shard (its alarm, now), in order. */
export async function runRounds(keys?: readonly string[]): Promise<void> {
  for (const key of keys ?? (await shardKeys())) await runDurableObjectAlarm(shard(key));
}

/** Runs HealthState's alarm (publishes health/current) and makes the isolate read it. */
export async function publishHealth(): Promise<void> {
  await runDurableObjectAlarm(healthState(env));
  await signalStoresFor(env.SNAPSHOTS, configOf(env).snapshotRefreshMs).health.refresh();
}

/** The status API's view of a check. */
export async function statusOf(id: string): Promise<Record<string, unknown> & { Status: string }> {
  const res = await api(`/health-checks/${id}/status`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown> & { Status: string };
}

/** Feeds a round straight to HealthState (no network), as a shard would report it. */
export async function report(round: RoundReport): Promise<void> {
  await healthState(env).report(round);
}

/**
 * Waits until the control plane has published its newest config (the alarm may be running already,
 * in which case `runDurableObjectAlarm` has nothing to run), then makes the isolate read it.
 */
export async function configInSync(): Promise<void> {
  await runDurableObjectAlarm(controlPlane(env));
  for (let i = 0; i < 100; i++) {
    const { committed, published } = await controlPlane(env).versions();
    if (published >= committed) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await configStoreFor(env.SNAPSHOTS, configOf(env).snapshotRefreshMs).refresh();
}
