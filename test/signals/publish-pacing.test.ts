import { describe, expect, it } from 'vitest';
import { HEALTH_PACING } from '../../src/health/health-state';
import { LATENCY_PACING } from '../../src/latency/latency-state';
import {
  afterWrite,
  earliestWrite,
  type PublishPacing,
  publishAt,
  writesPerDayBound,
} from '../../src/signals/publish-pacing';

/** Writes an alarm loop makes in `days`, given a change every `changeEveryMs`. */
function simulate(pacing: PublishPacing, changeEveryMs: number, days: number): number[] {
  const writes: number[] = [];
  let tat = 0;
  let pendingSince: number | null = null;
  const end = days * 86_400_000;
  let nextChange = 0;
  let alarm: number | null = null;
  while (nextChange < end || alarm !== null) {
    if (alarm !== null && (alarm <= nextChange || nextChange >= end)) {
      const now = alarm;
      alarm = null;
      if (pendingSince !== null && now >= earliestWrite(tat, now, pacing)) {
        writes.push(now);
        tat = afterWrite(tat, now, pacing);
        pendingSince = null;
      } else if (pendingSince !== null) {
        alarm = earliestWrite(tat, now, pacing);
      }
      if (now >= end && pendingSince === null) break;
      continue;
    }
    const now = nextChange;
    nextChange += changeEveryMs;
    pendingSince ??= now;
    const at = publishAt(tat, now, pacing);
    if (alarm === null || alarm > at) alarm = at;
  }
  return writes;
}

function mostInAnyDay(writes: readonly number[]): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < writes.length; end++) {
    while ((writes[end] ?? 0) - (writes[start] ?? 0) >= 86_400_000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('publish pacing', () => {
  it.each([
    ['health', HEALTH_PACING, 330],
    ['latency', LATENCY_PACING, 110],
  ])(
    '%s: a change every second for three days stays within %s writes in any 24 hours',
    (_, pacing, bound) => {
      expect(writesPerDayBound(pacing)).toBe(bound);
      const writes = simulate(pacing, 1_000, 3);
      expect(mostInAnyDay(writes)).toBeLessThanOrEqual(bound);
      // Every change is published in the end: the last write comes after the last change.
      expect(writes.at(-1)).toBeGreaterThanOrEqual(3 * 86_400_000 - 1_000);
    },
  );

  it('a quiet object publishes one coalesce window after a change', () => {
    expect(publishAt(0, 1_000_000, HEALTH_PACING)).toBe(1_000_000 + HEALTH_PACING.coalesceMs);
    expect(publishAt(0, 1_000_000, LATENCY_PACING)).toBe(1_005_000);
  });

  it('a clock that went back delays publishing by one spacing at most', () => {
    const spacing = 86_400_000 / HEALTH_PACING.perDay;
    const future = 10 * 86_400_000;
    expect(earliestWrite(future, 0, HEALTH_PACING)).toBe(spacing);
    expect(afterWrite(future, 0, HEALTH_PACING)).toBe((HEALTH_PACING.burst + 1) * spacing);
  });

  it('KV gets at most one write a second per key', () => {
    const writes = simulate(HEALTH_PACING, 100, 1);
    for (let i = 1; i < writes.length; i++) {
      expect((writes[i] ?? 0) - (writes[i - 1] ?? 0)).toBeGreaterThanOrEqual(1_000);
    }
  });
});
