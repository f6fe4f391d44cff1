/**
 * How often a signal Durable Object may write its KV snapshot. KV on the Free plan takes 1,000
 * writes a day for the whole account (and one write a second per key), so health flaps and
 * latency imports must stay inside a fixed share of that however often they come.
 *
 * A change is published `coalesceMs` after it is made; later changes inside that window ride
 * along in the same write. Beyond that, a generic cell-rate algorithm (GCRA) lets `burst` writes
 * through at once and then one every 86,400 / `perDay` seconds. In any 24 hours at most
 * `burst + perDay` writes happen, and every change is still published: a paced write carries the
 * newest content when its turn comes.
 *
 * The state is one number, the theoretical arrival time (`tat`, epoch ms; 0 at first).
 */

export interface PublishPacing {
  readonly coalesceMs: number;
  readonly burst: number;
  /** Sustained writes per day after a burst; divides 86,400,000 so times stay whole ms. */
  readonly perDay: number;
}

const DAY_MS = 86_400_000;

const spacing = (pacing: PublishPacing): number => DAY_MS / pacing.perDay;

/** Most KV writes in any 24 hours. */
export const writesPerDayBound = (pacing: PublishPacing): number => pacing.burst + pacing.perDay;

/**
 * `tat` as seen at `now`. After a write it is at most `burst` spacings ahead; more means the clock
 * went back (a restored object, a test clock), and the cap keeps publishing from stalling for
 * longer than one spacing. With a clock that only moves forward the cap never applies.
 */
function capped(tat: number, now: number, pacing: PublishPacing): number {
  return Math.min(tat, now + pacing.burst * spacing(pacing));
}

/** The earliest time the next write may happen. */
export function earliestWrite(tat: number, now: number, pacing: PublishPacing): number {
  return capped(tat, now, pacing) - (pacing.burst - 1) * spacing(pacing);
}

/** The pacing state after a write at `now`. */
export function afterWrite(tat: number, now: number, pacing: PublishPacing): number {
  return Math.max(capped(tat, now, pacing), now) + spacing(pacing);
}

/** When a change made at `now` is to be published. */
export function publishAt(tat: number, now: number, pacing: PublishPacing): number {
  return Math.max(now + pacing.coalesceMs, earliestWrite(tat, now, pacing));
}
