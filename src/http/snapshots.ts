/** The isolate's snapshots for a request: zones (null until first loaded) and signals. */
import type { Context } from 'hono';
import { configOf } from '../env';
import type { Signals } from '../resolver/signals';
import { configStoreFor } from '../store/config-store';
import { currentSignals } from '../store/signal-stores';
import type { ZoneIndex } from '../zones/zone-index';
import type { AppEnv } from './app';

export async function snapshotsFor(
  c: Context<AppEnv>,
): Promise<{ zones: ZoneIndex | null; signals: Signals }> {
  const refreshMs = configOf(c.env).snapshotRefreshMs;
  const waitUntil = (p: Promise<unknown>) => c.executionCtx.waitUntil(p);
  const [zones, signals] = await Promise.all([
    configStoreFor(c.env.SNAPSHOTS, refreshMs).current(waitUntil),
    currentSignals(c.env.SNAPSHOTS, refreshMs, waitUntil),
  ]);
  return { zones, signals };
}
