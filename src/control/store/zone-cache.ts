/**
 * Zones kept in the Durable Object's memory, keyed by zone and the zone's version: the record
 * sets (so a change batch does not re-read a large zone from SQLite) and the zone's
 * snapshot JSON (so a publish re-serialises only the zones that changed). Record sets are bounded
 * by a total count; anything evicted is re-read.
 */
import type { RecordSet } from '../../zones/model';

interface CachedZone {
  readonly version: number;
  /** Changed in place only by a committed write, which then puts it back under its new version. */
  sets?: Map<string, RecordSet>;
  /** The zone's SnapshotZone JSON. */
  fragment?: string;
}

/** Record sets held in memory at most (a few hundred bytes each). */
const DEFAULT_MAX_SETS = 300_000;

export class ZoneCache {
  private readonly zones = new Map<string, CachedZone>();
  private total = 0;

  constructor(private readonly maxSets = DEFAULT_MAX_SETS) {}

  /** The zone's record sets at `version`, loading them when not cached. */
  sets(name: string, version: number, load: () => Map<string, RecordSet>): Map<string, RecordSet> {
    const entry = this.entry(name, version);
    if (entry.sets !== undefined) return entry.sets;
    const sets = load();
    this.holdSets(name, entry, sets);
    return sets;
  }

  /** The zone's SnapshotZone JSON at `version`, made when not cached. */
  fragment(name: string, version: number, make: () => string): string {
    const entry = this.entry(name, version);
    entry.fragment ??= make();
    return entry.fragment;
  }

  /** After a commit: the zone's record sets at its new version. */
  put(name: string, version: number, sets: Map<string, RecordSet>): void {
    this.drop(name);
    this.holdSets(name, this.entry(name, version), sets);
  }

  drop(name: string): void {
    const entry = this.zones.get(name);
    if (entry === undefined) return;
    this.zones.delete(name);
    this.total -= entry.sets?.size ?? 0;
  }

  private entry(name: string, version: number): CachedZone {
    const cached = this.zones.get(name);
    if (cached !== undefined && cached.version === version) return cached;
    this.drop(name);
    const entry: CachedZone = { version };
    this.zones.set(name, entry);
    return entry;
  }

  private holdSets(name: string, entry: CachedZone, sets: Map<string, RecordSet>): void {
    if (sets.size > this.maxSets) return;
    for (const [other, cached] of this.zones) {
      if (this.total + sets.size <= this.maxSets) break;
      if (other === name || cached.sets === undefined) continue;
      this.total -= cached.sets.size;
      cached.sets = undefined;
    }
    entry.sets = sets;
    this.total += sets.size;
  }
}
