/**
 * A snapshot held in isolate memory and refreshed in the background from KV (docs/DESIGN.md: the hot
 * path makes no KV or DO call in steady state). Only the very first query of a fresh isolate waits.
 */

/** Loads the newest value, or `undefined` when the held one is still current. */
export type SnapshotLoader<T> = (kv: KVNamespace, held: T | null) => Promise<T | undefined>;

/** After a failed first load, wait this long before letting a query try KV again. */
const RETRY_AFTER_FAILURE_MS = 1_000;

export class SnapshotStore<T> {
  private value: T | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private failedAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | null = null;

  constructor(
    private readonly kv: KVNamespace,
    private readonly refreshMs: number,
    private readonly loader: SnapshotLoader<T>,
    private readonly what: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The value to answer from. Steady state: returns at once and, when older than the refresh
   * interval, schedules a refresh with `waitUntil`. Null only while nothing could be loaded yet.
   */
  async current(waitUntil: (p: Promise<unknown>) => void): Promise<T | null> {
    const held = this.held(waitUntil);
    if (held !== undefined) return held;
    if (this.now() - this.failedAt < RETRY_AFTER_FAILURE_MS) return null;
    await this.refresh();
    return this.value;
  }

  /**
   * `current` without a promise: the held value (scheduling the background refresh the same way),
   * or `undefined` when nothing is held yet and a caller must await `current`. The query path
   * answers from here in steady state: no promise per store per query.
   */
  held(waitUntil: (p: Promise<unknown>) => void): T | undefined {
    if (this.value === null) return undefined;
    if (this.inflight === null && this.now() - this.checkedAt >= this.refreshMs) waitUntil(this.refresh());
    return this.value;
  }

  /** Loads the newest snapshot if it differs from the one held; coalesces concurrent callers. */
  refresh(): Promise<void> {
    this.inflight ??= this.loader(this.kv, this.value)
      .then((next) => {
        if (next !== undefined) this.value = next;
      })
      .catch((e: unknown) => {
        this.failedAt = this.now();
        console.error(`${this.what} snapshot refresh failed`, e);
      })
      .finally(() => {
        // A failed refresh counts as a check too: an isolate serving what it holds tries again a
        // refresh interval later, not on every query.
        this.checkedAt = this.now();
        this.inflight = null;
      });
    return this.inflight;
  }
}
