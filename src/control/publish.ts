/**
 * Publishing the compiled config to KV for the query path (README "Storage"):
 *
 *   config/v/<version>  the ConfigSnapshot JSON of that version; immutable once written
 *   config/current      {"version":N,"key":"config/v/N","committedAt":"…"}, written after the blob
 *
 * The blob goes first, so a reader that sees the pointer can fetch what it names. The newest
 * SNAPSHOTS_KEPT blobs are kept (readers may still hold an older pointer); older ones are deleted.
 * Before anything is published, `config/current` does not exist; readers treat that as version 0,
 * no hosted zones.
 */
import { SNAPSHOTS_KEPT } from './limits';
import { forgetSnapshot, snapshotsBeyond } from './store';

export const CURRENT_KEY = 'config/current';

export function snapshotKey(version: number): string {
  return `config/v/${version}`;
}

/** The value of `config/current`. */
export interface SnapshotPointer {
  readonly version: number;
  readonly key: string;
  readonly committedAt: string;
}

export async function writeSnapshot(
  kv: KVNamespace,
  version: number,
  committedAt: string,
  text: string,
): Promise<void> {
  const key = snapshotKey(version);
  await kv.put(key, text);
  const pointer: SnapshotPointer = { version, key, committedAt };
  await kv.put(CURRENT_KEY, JSON.stringify(pointer));
}

/** Deletes blobs older than the newest SNAPSHOTS_KEPT, forgetting each once KV has deleted it. */
export async function pruneSnapshots(kv: KVNamespace, sql: SqlStorage): Promise<void> {
  for (const old of snapshotsBeyond(sql, SNAPSHOTS_KEPT)) {
    await kv.delete(old.key);
    forgetSnapshot(sql, old.version);
  }
}
