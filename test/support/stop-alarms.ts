/**
 * Setup file (vitest.config.ts `setupFiles`): when a test file ends, no Durable Object alarm is left
 * armed. The Workers pool neither resets alarms between files nor ties them to isolated storage (its
 * "Known issues"), so a prober shard, the scheduler, a webhook retry or a control-plane publish left
 * armed by a test goes on firing while the file's runtime is torn down. Its fetches and RPCs then fail
 * with "Network connection lost", and the error it logs reaches a closing vitest RPC channel
 * (EnvironmentTeardownError): the suite exits 1 with every test passed, more often on a busy machine.
 */
import { env, evictAllDurableObjects, listDurableObjectIds, runInDurableObject } from 'cloudflare:test';
import { afterAll } from 'vitest';

/** An alarm handler that is running when its alarm is deleted may arm the next one: look again. */
const MAX_PASSES = 5;

/** The Durable Object namespaces bound in wrangler.toml (RPC stubs answer to any method name, so the
 * constructor decides, as the pool's own check does). */
function namespaces(): DurableObjectNamespace[] {
  return Object.values(env as unknown as Record<string, unknown>).filter(
    (binding): binding is DurableObjectNamespace =>
      binding instanceof Object && /^(?:Loopback)?DurableObjectNamespace$/.test(binding.constructor.name),
  );
}

/** Deletes every armed alarm; true when none was found armed. */
async function deleteArmedAlarms(): Promise<boolean> {
  let none = true;
  for (const namespace of namespaces()) {
    for (const id of await listDurableObjectIds(namespace)) {
      await runInDurableObject(namespace.get(id), async (_instance: unknown, state: DurableObjectState) => {
        if ((await state.storage.getAlarm()) === null) return;
        none = false;
        await state.storage.deleteAlarm();
      });
    }
  }
  return none;
}

/**
 * Stops every Durable Object alarm the file left armed, then lets the objects finish what they were
 * doing (eviction waits for in-flight requests and alarm handlers to drain). Throws if alarms keep
 * being re-armed.
 */
export async function stopAllAlarms(): Promise<void> {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    if (await deleteArmedAlarms()) {
      await evictAllDurableObjects();
      return;
    }
  }
  throw new Error(`Durable Object alarms were still being re-armed after ${MAX_PASSES} passes`);
}

afterAll(stopAllAlarms, 60_000);
