/** Bounds the control plane enforces on every write (routing-semantics.md §1, Route 53 quotas). */

/** Record sets in one zone. */
export const MAX_SETS_PER_ZONE = 1_000_000;

/** TTL upper bound (RFC 2181 §8). */
export const MAX_TTL = 2_147_483_647;

/**
 * Presentation text of one record set's values, summed. A record set is one SQLite row holding its
 * values and their wire form, and a row must stay under 2 MB.
 */
export const MAX_SET_TEXT_CHARS = 512 * 1024;

/**
 * The published snapshot holds every zone in one KV value, and KV values are limited to 25 MiB;
 * a write that would make it larger is refused rather than left unpublishable.
 */
export const MAX_SNAPSHOT_BYTES = 24 * 1024 * 1024;

/** Config snapshots kept in KV (the current one and two before it). */
export const SNAPSHOTS_KEPT = 3;

/** Change records kept in storage for GET /changes/{id}. */
export const CHANGES_KEPT = 10_000;
