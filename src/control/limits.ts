/** Bounds the control plane enforces on every write (docs/routing-semantics.md §1, Route 53 quotas). */

/** Record sets in one zone. */
export const MAX_SETS_PER_ZONE = 1_000_000;

/** Changes in one change batch (Route 53's ChangeResourceRecordSets limit). */
export const MAX_CHANGES_PER_BATCH = 1_000;

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

/**
 * How long a replaced config snapshot stays in KV. KV caches a value at each location for up to
 * ~60 s, so an isolate can read a pointer that has already been replaced, and must still find the
 * blob it names; five minutes covers that with room to spare.
 */
export const SNAPSHOT_RETENTION_MS = 5 * 60_000;

/** Older snapshots the pointer lists for a reader that cannot read the newest one yet. */
export const POINTER_PREVIOUS_LISTED = 4;

/** The pointer lists the hosted apexes only while they fit this (it is read every few seconds). */
export const POINTER_ZONES_MAX_BYTES = 32 * 1024;

/** Change records kept in storage for GET /changes/{id}. */
export const CHANGES_KEPT = 10_000;
