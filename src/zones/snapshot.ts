/**
 * The compiled configuration snapshot: what the control plane publishes to KV and the query path
 * loads into isolate memory. RDATA is wire form (base64) so loading does no presentation parsing.
 */

export const SNAPSHOT_FORMAT = 1;

export interface ConfigSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  /** Monotonic config version; every committed change batch increments it. */
  readonly version: number;
  /** ISO time of the commit that produced this version. */
  readonly committedAt: string;
  readonly zones: readonly SnapshotZone[];
}

export interface SnapshotZone {
  /** Canonical apex name. */
  readonly name: string;
  readonly rrsets: readonly SnapshotRRset[];
}

export interface SnapshotRRset {
  /** Canonical owner name. */
  readonly name: string;
  readonly type: number;
  readonly ttl: number;
  /** Wire RDATA of each record, base64. */
  readonly rdata: readonly string[];
}
