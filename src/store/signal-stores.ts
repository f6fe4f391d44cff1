/**
 * Health and latency snapshots for the query path: one small KV value each (health/current,
 * latency/current), re-read in the background like the config.
 */
import { HEALTH_KEY, type HealthSnapshot } from '../health/snapshot';
import { buildLatencyIndex, EMPTY_LATENCY_INDEX, type LatencyIndex } from '../latency/model';
import { LATENCY_KEY, type LatencySnapshot } from '../latency/snapshot';
import { type HealthView, healthViewOf, type Signals } from '../resolver/signals';
import { type SnapshotLoader, SnapshotStore } from './snapshot-store';

interface Versioned<T> {
  readonly version: number;
  readonly value: T;
}

/** Re-reads `key`; rebuilds when the version moved or the held value says it has gone stale. */
function versionedLoader<S extends { version: number }, T>(
  key: string,
  build: (snapshot: S | null) => T,
  stale: (held: T) => boolean = () => false,
): SnapshotLoader<Versioned<T>> {
  return async (kv, held) => {
    const snapshot = await kv.get<S>(key, 'json');
    const version = snapshot?.version ?? 0;
    if (held !== null && held.version === version && !stale(held.value)) return undefined;
    return { version, value: build(snapshot) };
  };
}

const loadHealth = versionedLoader<HealthSnapshot, HealthView>(HEALTH_KEY, healthViewOf);
// Measurements age out (maxAgeSeconds) even when the snapshot does not change.
const loadLatency = versionedLoader<LatencySnapshot, LatencyIndex>(
  LATENCY_KEY,
  (s) => buildLatencyIndex(s, Date.now()),
  (index) => Date.now() >= index.validUntil,
);

interface SignalStores {
  readonly health: SnapshotStore<Versioned<HealthView>>;
  readonly latency: SnapshotStore<Versioned<LatencyIndex>>;
}

const stores = new WeakMap<KVNamespace, SignalStores>();

export function signalStoresFor(kv: KVNamespace, refreshMs: number): SignalStores {
  let s = stores.get(kv);
  if (s === undefined) {
    s = {
      health: new SnapshotStore(kv, refreshMs, loadHealth, 'health'),
      latency: new SnapshotStore(kv, refreshMs, loadLatency, 'latency'),
    };
    stores.set(kv, s);
  }
  return s;
}

/** Current signals; health or latency that cannot be loaded yet count as "no data". */
export async function currentSignals(
  kv: KVNamespace,
  refreshMs: number,
  waitUntil: (p: Promise<unknown>) => void,
): Promise<Signals> {
  const s = signalStoresFor(kv, refreshMs);
  const [health, latency] = await Promise.all([s.health.current(waitUntil), s.latency.current(waitUntil)]);
  return {
    health: health?.value ?? healthViewOf(null),
    latency: latency?.value ?? EMPTY_LATENCY_INDEX,
    latencyVersion: latency?.version ?? 0,
  };
}
