/**
 * The control plane's alarm work: publish the newest committed config to KV, paced, and prune the
 * blobs replaced long enough ago.
 *
 * A write asks for an alarm `coalesceMs` after it; writes made before the alarm runs share its
 * publish, which carries the newest committed version. KV writes are paced like the health and
 * latency snapshots (signals/publish-pacing.ts): a burst of publishes goes out at once, then one per
 * spacing, and every committed version is still published, late at worst. A version whose writes
 * left the snapshot's content as it was (an identical region, an unchanged probe config) is marked
 * published without writing KV at all.
 */
import { afterWrite, earliestWrite, type PublishPacing, publishAt } from '../../signals/publish-pacing';
import type { SqlTransactions } from '../changes/commit';
import { listSnapshots, listZoneRows, type Meta, readMeta, recordSnapshot, writeMeta } from '../store/store';
import { pointerFor, pruneSnapshots, writeSnapshot } from './publish';

/**
 * At most 30 + 240 = 270 publishes in any 24 hours, each two KV writes (blob and pointer) and at
 * most one delete: ≤ 540 writes a day, which beside health (≤ 330) and latency (≤ 110) keeps the
 * Free plan's 1,000. After a burst of 30, one publish every 6 minutes. The 1 s coalescing also
 * keeps `config/current` within KV's one write a second per key.
 */
export const CONFIG_PACING: PublishPacing = { coalesceMs: 1_000, burst: 30, perDay: 240 };

export interface PublishDeps {
  readonly storage: SqlTransactions;
  readonly kv: KVNamespace;
  readonly now: () => number;
  readonly pacing: PublishPacing;
  /** The ConfigSnapshot JSON of `meta.committed`, from storage as it is now. */
  readonly compile: (meta: Pick<Meta, 'committed' | 'committedAt' | 'published'>) => string;
}

/** When an alarm should publish what `meta` says is committed; null when KV serves it already. */
export function nextPublishAt(meta: Meta, now: number, pacing: PublishPacing): number | null {
  if (meta.published >= meta.committed) return null;
  // Nothing to write to KV, so nothing to pace.
  if (meta.contentVersion <= meta.published) return now + pacing.coalesceMs;
  return publishAt(meta.paceTat, now, pacing);
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Publishes when due, prunes; returns when the alarm should run again (null: nothing left to do). */
export async function publishConfig(deps: PublishDeps): Promise<number | null> {
  const { sql } = deps.storage;
  const now = deps.now();
  const meta = readMeta(sql);
  let paced: number | null = null;
  if (meta.published < meta.committed && meta.contentVersion <= meta.published) {
    writeMeta(sql, 'published_version', meta.committed);
  } else if (meta.published < meta.committed) {
    const earliest = earliestWrite(meta.paceTat, now, deps.pacing);
    if (now < earliest) paced = earliest;
    else await publishCommitted(deps, meta, now);
  }
  const pruneAt = await pruneSnapshots(deps.kv, sql, now);
  // Commits made while KV was being written need another round.
  const publishAgain = paced ?? nextPublishAt(readMeta(sql), deps.now(), deps.pacing);
  if (publishAgain === null) return pruneAt;
  return pruneAt === null ? publishAgain : Math.min(publishAgain, pruneAt);
}

async function publishCommitted(deps: PublishDeps, meta: Meta, now: number): Promise<void> {
  const { sql } = deps.storage;
  // Compiled and listed before any await, so blob and pointer are exactly version meta.committed.
  const text = deps.compile(meta);
  const apexes = listZoneRows(sql).map((row) => row.name);
  const pointer = pointerFor(meta.committed, iso(meta.committedAt), listSnapshots(sql), apexes);
  await writeSnapshot(deps.kv, pointer, text);
  deps.storage.transactionSync(() => {
    const latest = readMeta(sql);
    if (latest.published < meta.committed) writeMeta(sql, 'published_version', meta.committed);
    writeMeta(sql, 'pace_tat', afterWrite(latest.paceTat, now, deps.pacing));
    recordSnapshot(sql, meta.committed, pointer.key, iso(deps.now()));
  });
}
