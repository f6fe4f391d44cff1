/** The isolate's snapshots for a request: zones (null until first loaded) and signals. */
import { configOf, type Env } from '../env';
import type { Snapshots } from '../resolver/pipeline';
import { configStoreFor } from '../store/config-store';
import { currentSignals, heldSignals } from '../store/signal-stores';

/**
 * Steady state (every store holds a value): the snapshots themselves, no promise, so a query
 * waits on nothing. Only a fresh isolate's first queries (or one whose first load failed) wait.
 */
export function snapshotsFor(
  env: Env,
  waitUntil: (p: Promise<unknown>) => void,
): Snapshots | Promise<Snapshots> {
  const refreshMs = configOf(env).snapshotRefreshMs;
  const config = configStoreFor(env.SNAPSHOTS, refreshMs);
  const zones = config.held(waitUntil);
  const signals = heldSignals(env.SNAPSHOTS, refreshMs, waitUntil);
  if (zones !== undefined && signals !== undefined) return { zones, signals };
  return loadSnapshots(env, refreshMs, waitUntil);
}

async function loadSnapshots(
  env: Env,
  refreshMs: number,
  waitUntil: (p: Promise<unknown>) => void,
): Promise<Snapshots> {
  const [zones, signals] = await Promise.all([
    configStoreFor(env.SNAPSHOTS, refreshMs).current(waitUntil),
    currentSignals(env.SNAPSHOTS, refreshMs, waitUntil),
  ]);
  return { zones, signals };
}
