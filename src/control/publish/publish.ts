/**
 * Publishing the compiled config to KV for the query path (README "Storage"):
 *
 *   config/v/<version>  the ConfigSnapshot JSON of that version; immutable once written
 *   config/current      ConfigPointer (zones/snapshot.ts), written after the blob
 *
 * The blob goes first, so a reader that sees the pointer can fetch what it names. KV caches values
 * at each location for about a minute, so a reader may still see a replaced pointer: a replaced
 * blob stays SNAPSHOT_RETENTION_MS after it was replaced, and the pointer lists the older blobs
 * still kept, for a reader that cannot read the newest one yet. Before anything is published,
 * `config/current` does not exist; readers treat that as version 0, no hosted zones.
 */
import { CONFIG_POINTER_KEY, type ConfigPointer } from '../../zones/snapshot';
import { POINTER_PREVIOUS_LISTED, POINTER_ZONES_MAX_BYTES, SNAPSHOT_RETENTION_MS } from '../limits';
import { forgetSnapshot, listSnapshots, type SnapshotRow } from '../store/store';

function snapshotKey(version: number): string {
  return `config/v/${version}`;
}

/**
 * The pointer to a new blob. `kept` are the blobs already in KV, newest first; `apexes` the hosted
 * zones, listed only while they stay small.
 */
export function pointerFor(
  version: number,
  committedAt: string,
  kept: readonly SnapshotRow[],
  apexes: readonly string[],
): ConfigPointer {
  const previous = kept
    .filter((row) => row.version < version)
    .slice(0, POINTER_PREVIOUS_LISTED)
    .map((row) => ({ version: row.version, key: row.key }));
  const listed = JSON.stringify(apexes).length <= POINTER_ZONES_MAX_BYTES;
  return {
    version,
    key: snapshotKey(version),
    committedAt,
    previous,
    ...(listed ? { zones: apexes } : {}),
  };
}

/** Two KV writes: the blob, then the pointer to it. */
export async function writeSnapshot(kv: KVNamespace, pointer: ConfigPointer, text: string): Promise<void> {
  await kv.put(pointer.key, text);
  await kv.put(CONFIG_POINTER_KEY, JSON.stringify(pointer));
}

/**
 * Deletes the blobs replaced at least SNAPSHOT_RETENTION_MS before `now` (a blob is replaced when
 * the next one is published), forgetting each once KV has deleted it. The current blob is never
 * deleted. Returns when the next kept blob falls due, or null when none will.
 */
export async function pruneSnapshots(kv: KVNamespace, sql: SqlStorage, now: number): Promise<number | null> {
  const rows = listSnapshots(sql);
  let nextDue: number | null = null;
  for (let i = 1; i < rows.length; i++) {
    const old = rows[i]!;
    const due = Date.parse(rows[i - 1]!.publishedAt) + SNAPSHOT_RETENTION_MS;
    if (due <= now) {
      await kv.delete(old.key);
      forgetSnapshot(sql, old.version);
    } else {
      nextDue = nextDue === null ? due : Math.min(nextDue, due);
    }
  }
  return nextDue;
}
