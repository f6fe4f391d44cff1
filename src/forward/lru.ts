/** A least-recently-used map bounded by entry count and by total (estimated) size in bytes. */

export interface LruLimits {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

export class Lru<V> {
  /** Map iteration order is insertion order: the first key is the least recently used. */
  private readonly map = new Map<string, { value: V; size: number }>();
  private bytes = 0;

  constructor(private readonly limits: LruLimits) {}

  get size(): number {
    return this.map.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (hit === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }

  set(key: string, value: V, size: number): void {
    if (size > this.limits.maxBytes) return;
    this.delete(key);
    this.map.set(key, { value, size });
    this.bytes += size;
    for (const [oldest, entry] of this.map) {
      if (this.map.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.map.delete(oldest);
      this.bytes -= entry.size;
    }
  }

  delete(key: string): void {
    const old = this.map.get(key);
    if (old === undefined) return;
    this.map.delete(key);
    this.bytes -= old.size;
  }
}
