/**
 * Health and latency snapshots for the query path: one small KV value each (health/current,
 * latency/current), re-read in the background like the config.
 */
import { HEALTH_KEY, type HealthSnapshot } from '../health/snapshot';
import { buildLatencyIndex, EMPTY_LATENCY_INDEX, type LatencyIndex } from '../latency/latency-index';
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
  /** The Signals last handed out and what it was built from (signalsOf). */
  last?: {
    readonly health: Versioned<HealthView> | null;
    readonly latency: Versioned<LatencyIndex> | null;
    readonly signals: Signals;
  };
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

/** The Signals of what the stores hold; the same object while neither store moved. */
function signalsOf(
  s: SignalStores,
  health: Versioned<HealthView> | null,
  latency: Versioned<LatencyIndex> | null,
): Signals {
  const last = s.last;
  if (last !== undefined && last.health === health && last.latency === latency) return last.signals;
  const signals: Signals = {
    health: health?.value ?? healthViewOf(null),
    latency: latency?.value ?? EMPTY_LATENCY_INDEX,
    latencyVersion: latency?.version ?? 0,
  };
  s.last = { health, latency, signals };
  return signals;
}

/** Current signals; health or latency that cannot be loaded yet count as "no data". */
export async function currentSignals(
  kv: KVNamespace,
  refreshMs: number,
  waitUntil: (p: Promise<unknown>) => void,
): Promise<Signals> {
  const s = signalStoresFor(kv, refreshMs);
  const [health, latency] = await Promise.all([s.health.current(waitUntil), s.latency.current(waitUntil)]);
  return signalsOf(s, health, latency);
}

/** The signals held now without waiting, or undefined while a store has loaded nothing yet. */
export function heldSignals(
  kv: KVNamespace,
  refreshMs: number,
  waitUntil: (p: Promise<unknown>) => void,
): Signals | undefined {
  const s = signalStoresFor(kv, refreshMs);
  const health = s.health.held(waitUntil);
  const latency = s.latency.held(waitUntil);
  return health === undefined || latency === undefined ? undefined : signalsOf(s, health, latency);
}
