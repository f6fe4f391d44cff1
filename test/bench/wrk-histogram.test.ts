/** The load benchmark's undoing of wrk's coordinated-omission correction (bench/load/wrk-histogram.ts). */
import { describe, expect, it } from 'vitest';
import {
  applyWrkCorrection,
  correctionInterval,
  percentile,
  removeWrkCorrection,
} from '../../bench/load/wrk-histogram';
import { seeded } from '../support/random';

describe('wrk latency histogram', () => {
  it('computes the interval as wrk.c does (integer divisions)', () => {
    expect(correctionInterval(5_000_123, 40_000, 16)).toBe(2000);
    expect(correctionInterval(5_000_000, 15, 16)).toBe(0);
  });

  it('adds synthetic samples below a slow one, the way stats_correct does', () => {
    // e = 100: a 450 µs sample adds one at 350, 250 and 150 (not at 50: values must stay above e).
    const corrected = applyWrkCorrection(
      new Map([
        [90, 5],
        [450, 1],
      ]),
      100,
    );
    expect([...corrected].sort((a, b) => a[0] - b[0])).toEqual([
      [90, 5],
      [150, 1],
      [250, 1],
      [350, 1],
      [450, 1],
    ]);
  });

  it('recovers the measured histogram exactly from a corrected one', () => {
    const random = seeded(9);
    const measured = new Map<number, number>();
    for (let i = 0; i < 5_000; i++) {
      // Mostly 200–900 µs, with a tail to 20 ms so that many values are ≥ 2e.
      const value = random() < 0.95 ? 200 + Math.floor(random() * 700) : Math.floor(random() * 20_000);
      measured.set(value, (measured.get(value) ?? 0) + 1);
    }
    for (const interval of [0, 37, 400, 1_000]) {
      const corrected = applyWrkCorrection(measured, interval);
      if (interval > 0) expect(percentile(corrected, 99)).not.toBe(percentile(measured, 99));
      expect(removeWrkCorrection(corrected, interval)).toEqual(measured);
    }
  });

  it('takes nearest-rank percentiles', () => {
    const h = new Map([
      [10, 50],
      [20, 49],
      [30, 1],
    ]);
    expect(percentile(h, 50)).toBe(10);
    expect(percentile(h, 99)).toBe(20);
    expect(percentile(h, 100)).toBe(30);
  });
});
