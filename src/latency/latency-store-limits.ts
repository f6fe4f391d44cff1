/** Bounds on measured latency (LatencyState and its API); the README lists them. */

/** Measurements in the table after any write (a merge may not grow it past this). */
export const MAX_MEASUREMENTS = 100_000;

/** Round-trip times are in (0, MAX_RTT_MS] milliseconds. */
export const MAX_RTT_MS = 60_000;

/** A measurement may be stamped at most this far in the future (clock skew). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

/** `MaxAgeSeconds` when a replace does not give one. */
export const DEFAULT_MAX_AGE_SECONDS = 86_400;

export const MIN_MAX_AGE_SECONDS = 60;
export const MAX_MAX_AGE_SECONDS = 30 * 86_400;
