/**
 * The one way a write reaches storage: check the expected version, then apply the write, record
 * the change and bump the config version in ONE SQLite transaction. Synchronous, so the Durable
 * Object runs no other request between the check and the commit.
 */
import { err, ok, type Result } from '../../result';
import { CHANGES_KEPT } from '../limits';
import { insertChange, type Meta, pruneChanges, readMeta, writeMeta } from '../store/store';
import type { ChangeInfo, ControlError, WriteOptions } from '../types';
import { toChangeInfo } from './change-info';

/** The parts of DurableObjectStorage a commit uses. */
export interface SqlTransactions {
  readonly sql: SqlStorage;
  transactionSync<T>(closure: () => T): T;
}

export interface CommitDeps {
  readonly storage: SqlTransactions;
  readonly now: () => number;
  readonly newChangeId: () => string;
}

/** A stale `expectedVersion` is refused before any work is done. */
export function checkVersion(meta: Meta, options: WriteOptions): Result<void, ControlError> {
  const expected = options.expectedVersion;
  if (expected !== undefined && expected !== meta.committed) {
    return err({ kind: 'version-conflict', expected, actual: meta.committed });
  }
  return ok(undefined);
}

/** Whether a write changes what the published snapshot holds; `unchanged` is not republished. */
export type SnapshotEffect = 'changed' | 'unchanged';

/**
 * Commits `write` (given the new version and its ISO time) as the next config version, recorded as
 * a change to `subject` (a zone name, `cidr-collection/<id>`, `region/<id>`). If `write` throws,
 * nothing is changed.
 */
export function commit(
  deps: CommitDeps,
  subject: string,
  options: WriteOptions,
  write: (version: number, at: string) => void,
  effect: SnapshotEffect = 'changed',
): ChangeInfo {
  const { sql } = deps.storage;
  return deps.storage.transactionSync(() => {
    const meta = readMeta(sql);
    const version = meta.committed + 1;
    const nowMs = deps.now();
    const at = new Date(nowMs).toISOString();
    write(version, at);
    const row = {
      id: deps.newChangeId(),
      version,
      subject,
      submittedAt: at,
      comment: options.comment ?? null,
    };
    insertChange(sql, row);
    writeMeta(sql, 'committed_version', version);
    writeMeta(sql, 'committed_at', nowMs);
    if (effect === 'changed') writeMeta(sql, 'content_version', version);
    pruneChanges(sql, version, CHANGES_KEPT);
    return toChangeInfo(row, meta.published);
  });
}
