/**
 * The query path's zone index, loaded from the published config snapshot.
 *
 * KV keys (written by the control plane, see README "Storage"):
 *   config/current   → ConfigPointer: the newest blob, the older ones still kept, the hosted apexes
 *   config/v/<N>     → ConfigSnapshot JSON                                  (immutable)
 */
import {
  CONFIG_POINTER_KEY,
  type ConfigPointer,
  type ConfigSnapshot,
  SNAPSHOT_FORMAT,
} from '../zones/snapshot';
import { buildZoneIndex, EMPTY_INDEX, unloadedIndex, type ZoneIndex } from '../zones/zone-index';
import { type SnapshotLoader, SnapshotStore } from './snapshot-store';

export { CONFIG_POINTER_KEY };

async function readSnapshot(kv: KVNamespace, key: string): Promise<ConfigSnapshot | null> {
  const snapshot = await kv.get<ConfigSnapshot>(key, 'json');
  return snapshot !== null && snapshot.format === SNAPSHOT_FORMAT ? snapshot : null;
}

/**
 * Pointer first; a blob only when the version moved: the newest readable of the pointer's blob and
 * the older ones it lists, never one older than the index held. KV is eventually consistent: a
 * location can see the pointer before the blob, or a replaced pointer whose blob is still kept.
 *
 * When no blob can be read, an isolate keeps the index it holds; a fresh one gets an index of the
 * pointer's apexes with no data (their names SERVFAIL, everything else is still forwarded). A
 * missing pointer means nothing was ever published: no hosted zones.
 */
const loadConfig: SnapshotLoader<ZoneIndex> = async (kv, held) => {
  const pointer = await kv.get<ConfigPointer>(CONFIG_POINTER_KEY, 'json');
  if (pointer === null) return held === null ? EMPTY_INDEX : undefined; // never drop an index held
  const heldVersion = held?.version ?? 0;
  if (held !== null && heldVersion >= pointer.version) return undefined;
  for (const candidate of [pointer, ...(pointer.previous ?? [])]) {
    if (candidate.version <= heldVersion) break;
    const snapshot = await readSnapshot(kv, candidate.key);
    if (snapshot !== null) return buildZoneIndex(snapshot);
  }
  const missing = `no snapshot readable for config version ${pointer.version} (${pointer.key})`;
  if (heldVersion > 0) throw new Error(`${missing}; serving version ${heldVersion}`);
  if (pointer.zones === undefined) throw new Error(`${missing}, and the pointer lists no zones`);
  return unloadedIndex(pointer.zones);
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
