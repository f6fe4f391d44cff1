/**
 * Helpers for the signal Durable Objects: a fixed clock, and a KV binding that forwards to the real
 * one while counting writes (or failing the next few, like a KV outage).
 */
import { runInDurableObject } from 'cloudflare:test';
import type { HealthState } from '../../src/health/health-state';
import type { LatencyState } from '../../src/latency/latency-state';
import type { HealthWebhooks } from '../../src/webhooks/health-webhooks';

export interface KvSpy {
  /** Keys written, in order. */
  readonly puts: string[];
  /** How many of the next writes fail. */
  failures: number;
}

/** A KV namespace that forwards everything to `real`, recording each put. */
export function spyOn(real: KVNamespace, spy: KvSpy): KVNamespace {
  const put: KVNamespace['put'] = async (key, value, options) => {
    if (spy.failures > 0) {
      spy.failures--;
      throw new Error('KV PUT failed: 503 (test outage)');
    }
    spy.puts.push(key);
    return real.put(key, value, options);
  };
  return new Proxy(real, {
    get(target, property) {
      if (property === 'put') return put;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Starts far ahead of the real clock, so alarms never fire by themselves during a test. */
export const T0 = Date.parse('2030-01-01T00:00:00.000Z');

/** Each object's own KV binding, so spies never wrap spies. */
const realKv = new WeakMap<object, KVNamespace>();

/** Sets the object's clock. */
export async function setClock<O extends HealthState | LatencyState | HealthWebhooks>(
  stub: DurableObjectStub<O>,
  ms: number,
): Promise<void> {
  await runInDurableObject(stub, (instance: O) => {
    instance.now = () => ms;
  });
}

/** The time of the object's alarm, or null. */
export async function alarmAt<O extends HealthState | LatencyState | HealthWebhooks>(
  stub: DurableObjectStub<O>,
): Promise<number | null> {
  return runInDurableObject(stub, (_: O, state) => state.storage.getAlarm());
}

/** Sets the object's clock to `ms` and its KV binding to a fresh spy; returns the spy. */
export async function instrument<O extends HealthState | LatencyState>(
  stub: DurableObjectStub<O>,
  ms: number,
): Promise<KvSpy> {
  const spy: KvSpy = { puts: [], failures: 0 };
  await runInDurableObject(stub, (instance: O) => {
    instance.now = () => ms;
    const real = realKv.get(instance) ?? instance.kv;
    realKv.set(instance, real);
    instance.kv = spyOn(real, spy);
  });
  return spy;
}
