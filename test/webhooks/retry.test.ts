import { describe, expect, it } from 'vitest';
import { afterAttempt, MAX_ATTEMPTS, RETRY_CAP_MS, retryDelayMs } from '../../src/webhooks/retry';

describe('retry schedule', () => {
  it('waits 5 s, then ×3 each time, capped at 1 h (no jitter at random 0.5)', () => {
    const waits = Array.from({ length: 9 }, (_, i) => retryDelayMs(i + 1, 0.5));
    expect(waits).toEqual([
      5_000, 15_000, 45_000, 135_000, 405_000, 1_215_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });

  it('jitters every wait by at most ±20 %', () => {
    expect(retryDelayMs(1, 0)).toBe(4_000);
    expect(retryDelayMs(1, 0.999_999)).toBe(6_000);
    expect(retryDelayMs(20, 0)).toBe(RETRY_CAP_MS * 0.8);
    expect(retryDelayMs(20, 1)).toBe(RETRY_CAP_MS * 1.2);
    // Out-of-range randomness is clamped, not trusted.
    expect(retryDelayMs(1, -3)).toBe(4_000);
    expect(retryDelayMs(1, 7)).toBe(6_000);
  });

  it('a success delivers; a failure waits, until the last attempt gives up', () => {
    expect(afterAttempt(1, true, 1_000, 0.5)).toEqual({ state: 'delivered' });
    expect(afterAttempt(MAX_ATTEMPTS, true, 1_000, 0.5)).toEqual({ state: 'delivered' });
    expect(afterAttempt(1, false, 1_000, 0.5)).toEqual({ state: 'pending', nextAt: 6_000 });
    expect(afterAttempt(MAX_ATTEMPTS - 1, false, 0, 0.5)).toEqual({ state: 'pending', nextAt: RETRY_CAP_MS });
    expect(afterAttempt(MAX_ATTEMPTS, false, 1_000, 0.5)).toEqual({ state: 'given-up' });
    expect(MAX_ATTEMPTS).toBe(10);
  });
});
