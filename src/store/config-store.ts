/**
 * The query path's zone index, loaded from the published config snapshot.
 *
 * KV keys (written by the control plane, see README "Storage"):
 *   config/current   → {"version":N,"key":"config/v/N","committedAt":"…"}   (small pointer)
 *   config/v/<N>     → ConfigSnapshot JSON                                  (immutable)
 */
import { type ConfigSnapshot, SNAPSHOT_FORMAT } from '../zones/snapshot';
import { buildZoneIndex, EMPTY_INDEX, type ZoneIndex } from '../zones/zone-index';
import { type SnapshotLoader, SnapshotStore } from './snapshot-store';

export const CONFIG_POINTER_KEY = 'config/current';

export interface ConfigPointer {
  readonly version: number;
  readonly key: string;
  readonly committedAt: string;
}

/** Pointer first; the blob only when the version moved. A missing pointer: nothing published yet. */
export const loadConfig: SnapshotLoader<ZoneIndex> = async (kv, held) => {
  const pointer = await kv.get<ConfigPointer>(CONFIG_POINTER_KEY, 'json');
  if (pointer === null) return held === null ? EMPTY_INDEX : undefined; // never drop an index held
  if (held !== null && held.version === pointer.version) return undefined;
  const snapshot = await kv.get<ConfigSnapshot>(pointer.key, 'json');
  // KV is eventually consistent: a colo can see the pointer before the blob. Keep what we have.
  if (snapshot === null || snapshot.format !== SNAPSHOT_FORMAT) {
    throw new Error(`snapshot ${pointer.key} is missing or has an unknown format`);
  }
  return buildZoneIndex(snapshot);
};

export class ConfigStore extends SnapshotStore<ZoneIndex> {
  constructor(kv: KVNamespace, refreshMs: number, now: () => number = Date.now) {
    super(kv, refreshMs, loadConfig, 'config', now);
  }
}

const stores = new WeakMap<KVNamespace, ConfigStore>();

/** The isolate's config store for this KV binding. */
export function configStoreFor(kv: KVNamespace, refreshMs: number): ConfigStore {
  let store = stores.get(kv);
  if (store === undefined) {
    store = new ConfigStore(kv, refreshMs);
    stores.set(kv, store);
  }
  return store;
}
