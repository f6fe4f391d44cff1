/**
 * When a failed delivery is tried again (pure): 5 s after the first failure, ×3 after each further
 * one, capped at 1 h, every wait ±20 % jitter (so receivers that failed together are not retried in
 * lockstep). The 10th failed attempt gives the delivery up, about 3.5 h after the first.
 */
export const RETRY_BASE_MS = 5_000;
export const RETRY_FACTOR = 3;
export const RETRY_CAP_MS = 3_600_000;
export const RETRY_JITTER = 0.2;
export const MAX_ATTEMPTS = 10;

/** The wait after `failures` failed attempts (≥ 1); `random` is uniform in [0, 1). */
export function retryDelayMs(failures: number, random: number): number {
  const base = Math.min(RETRY_BASE_MS * RETRY_FACTOR ** Math.max(0, failures - 1), RETRY_CAP_MS);
  const spread = Math.min(Math.max(random, 0), 1) * 2 - 1;
  return Math.round(base * (1 + RETRY_JITTER * spread));
}

export type AfterAttempt =
  | { readonly state: 'delivered' }
  | { readonly state: 'given-up' }
  | { readonly state: 'pending'; readonly nextAt: number };

/** A delivery's state once its attempt number `attempts` (from 1) has ended at `now`. */
export function afterAttempt(
  attempts: number,
  delivered: boolean,
  now: number,
  random: number,
): AfterAttempt {
  if (delivered) return { state: 'delivered' };
  if (attempts >= MAX_ATTEMPTS) return { state: 'given-up' };
  return { state: 'pending', nextAt: now + retryDelayMs(attempts, random) };
}
