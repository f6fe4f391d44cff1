/**
 * A least-recently-used map bounded by entry count and by total (estimated) size in bytes. Reads
 * only mark an entry as used (CLOCK, second chance): a hit costs one Map lookup, and eviction moves
 * marked entries to the young end instead of dropping them.
 */

export interface LruLimits {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

interface Slot<V> {
  readonly value: V;
  readonly size: number;
  used: boolean;
}

export class Lru<V> {
  /** Map iteration order is insertion order: the first key is the oldest. */
  private readonly map = new Map<string, Slot<V>>();
  private bytes = 0;

  constructor(private readonly limits: LruLimits) {}

  get size(): number {
    return this.map.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  /** Every entry with its key, oldest first, without marking any as used (tests, diagnostics). */
  *entries(): IterableIterator<[string, V]> {
    for (const [key, slot] of this.map) yield [key, slot.value];
  }

  get(key: string): V | undefined {
    const slot = this.map.get(key);
    if (slot === undefined) return undefined;
    slot.used = true;
    return slot.value;
  }

  set(key: string, value: V, size: number): void {
    if (size > this.limits.maxBytes) return;
    this.delete(key);
    // Room is made before the entry goes in, so it is never the one its own insertion evicts
    // (second chances would otherwise queue every used entry behind it). Each pass either evicts
    // the oldest or gives it a second chance (at most once per entry).
    let chances = this.map.size;
    while (
      this.map.size > 0 &&
      (this.map.size + 1 > this.limits.maxEntries || this.bytes + size > this.limits.maxBytes)
    ) {
      const [oldest, slot] = this.map.entries().next().value as [string, Slot<V>];
      this.map.delete(oldest);
      if (slot.used && chances-- > 0) {
        slot.used = false;
        this.map.set(oldest, slot);
      } else {
        this.bytes -= slot.size;
      }
    }
    this.map.set(key, { value, size, used: false });
    this.bytes += size;
  }

  delete(key: string): void {
    const old = this.map.get(key);
    if (old === undefined) return;
    this.map.delete(key);
    this.bytes -= old.size;
  }
}
