/** The isolate's snapshots for a request: zones (null until first loaded) and signals. */
import { configOf, type Env } from '../env';
import type { Signals } from '../resolver/signals';
import { configStoreFor } from '../store/config-store';
import { currentSignals } from '../store/signal-stores';
import type { ZoneIndex } from '../zones/zone-index';

export async function snapshotsFor(
  env: Env,
  waitUntil: (p: Promise<unknown>) => void,
): Promise<{ zones: ZoneIndex | null; signals: Signals }> {
  const refreshMs = configOf(env).snapshotRefreshMs;
  const [zones, signals] = await Promise.all([
    configStoreFor(env.SNAPSHOTS, refreshMs).current(waitUntil),
    currentSignals(env.SNAPSHOTS, refreshMs, waitUntil),
  ]);
  return { zones, signals };
}
