/**
 * Groups zone-file records into record sets (same owner and type). Values are deduplicated, as
 * BIND does silently; when TTLs differ inside a set the first one wins, as BIND does after its
 * warning (RFC 2181 §5.2).
 */

import type { ProblemList } from '../../validation/problem-list';
import { recordSetKey } from '../model';
import { type LocatedSet, quotaProblem } from './zone-checks';

/** Sets with this many values get a Set index for deduplication. */
const INDEX_FROM = 16;

interface Pending {
  readonly name: string;
  readonly type: number;
  /** Undefined while the record had no TTL of its own and none was in force (resolved in build). */
  readonly ttl: number | undefined;
  readonly values: string[];
  /** Index of `values` for large sets; small sets are searched directly. */
  seen: Set<string> | undefined;
  readonly path: string;
}

export class RecordSetBuilder {
  private readonly sets = new Map<string, Pending>();

  add(name: string, type: number, ttl: number | undefined, value: string, path: string): void {
    const key = recordSetKey({ name, type });
    let set = this.sets.get(key);
    if (set === undefined) {
      set = { name, type, ttl, values: [], seen: undefined, path };
      this.sets.set(key, set);
    }
    if (set.seen === undefined && set.values.length >= INDEX_FROM) set.seen = new Set(set.values);
    const known = set.seen === undefined ? set.values.includes(value) : set.seen.has(value);
    if (known) return;
    set.values.push(value);
    set.seen?.add(value);
  }

  /** The values gathered so far for one name and type. */
  values(name: string, type: number): readonly string[] {
    return this.sets.get(recordSetKey({ name, type }))?.values ?? [];
  }

  /** Record sets in first-seen order; sets still without a TTL take `fallbackTtl` or get a problem. */
  build(fallbackTtl: number | undefined, problems: ProblemList): LocatedSet[] {
    const out: LocatedSet[] = [];
    for (const { name, type, ttl, values, path } of this.sets.values()) {
      const resolved = ttl ?? fallbackTtl;
      if (resolved === undefined) {
        problems.add(path, 'no TTL for this record: add a $TTL directive or a TTL on the record');
        continue;
      }
      const quota = quotaProblem(values.length);
      if (quota !== undefined) problems.add(path, `${name}: ${quota}`);
      out.push({ set: { name, type, ttl: resolved, values }, path });
    }
    return out;
  }
}
