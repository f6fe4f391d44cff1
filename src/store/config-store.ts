/**
 * The query path's view of the configuration: a zone index held in isolate memory and refreshed in
 * the background from KV (DESIGN.md, "the hot path makes no KV or DO call in steady state"). Only
 * the very first query in a fresh isolate waits for KV.
 *
 * KV keys (written by the control plane, see README "Storage"):
 *   config/current   → {"version":N,"key":"config/v/N","committedAt":"…"}   (small pointer)
 *   config/v/<N>     → ConfigSnapshot JSON                                  (immutable)
 */
import { type ConfigSnapshot, SNAPSHOT_FORMAT } from '../zones/snapshot';
import { buildZoneIndex, EMPTY_INDEX, type ZoneIndex } from '../zones/zone-index';

export const CONFIG_POINTER_KEY = 'config/current';

export interface ConfigPointer {
  readonly version: number;
  readonly key: string;
  readonly committedAt: string;
}

/** After a failed first load, wait this long before letting a query try KV again. */
const RETRY_AFTER_FAILURE_MS = 1_000;

export class ConfigStore {
  private index: ZoneIndex | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private failedAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | null = null;

  constructor(
    private readonly kv: KVNamespace,
    private readonly refreshMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The zone index to answer from. Steady state: returns at once and, when the index is older than
   * the refresh interval, schedules a refresh with `waitUntil`. Null only while nothing could be
   * loaded yet (the caller answers SERVFAIL).
   */
  async current(waitUntil: (p: Promise<unknown>) => void): Promise<ZoneIndex | null> {
    if (this.index === null) {
      if (this.now() - this.failedAt < RETRY_AFTER_FAILURE_MS) return null;
      await this.refresh();
      return this.index;
    }
    if (this.inflight === null && this.now() - this.checkedAt >= this.refreshMs) waitUntil(this.refresh());
    return this.index;
  }

  /** Loads the newest published snapshot if it differs from the one held; coalesces callers. */
  refresh(): Promise<void> {
    this.inflight ??= this.load()
      .catch((e: unknown) => {
        this.failedAt = this.now();
        console.error('config snapshot refresh failed', e);
      })
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }

  private async load(): Promise<void> {
    const pointer = await this.kv.get<ConfigPointer>(CONFIG_POINTER_KEY, 'json');
    this.checkedAt = this.now();
    if (pointer === null) {
      // Nothing published yet: nothing is hosted. Never drop an index already held.
      this.index ??= EMPTY_INDEX;
      return;
    }
    if (this.index !== null && this.index.version === pointer.version) return;
    const snapshot = await this.kv.get<ConfigSnapshot>(pointer.key, 'json');
    if (snapshot === null || snapshot.format !== SNAPSHOT_FORMAT) {
      throw new Error(`snapshot ${pointer.key} is missing or has an unknown format`);
    }
    this.index = buildZoneIndex(snapshot);
  }
}

const stores = new WeakMap<KVNamespace, ConfigStore>();

/** The isolate's store for this KV binding. */
export function configStoreFor(kv: KVNamespace, refreshMs: number): ConfigStore {
  let store = stores.get(kv);
  if (store === undefined) {
    store = new ConfigStore(kv, refreshMs);
    stores.set(kv, store);
  }
  return store;
}
