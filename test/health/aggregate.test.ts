import { describe, expect, it } from 'vitest';
import {
  aggregateCheckers,
  type CalculatedSettings,
  type ChildStatus,
  calculatedVerdict,
  settleVerdict,
} from '../../src/health/state-machine-aggregate';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const children = (spec: string): ChildStatus[] =>
  [...spec].map((symbol) =>
    symbol === 'd' ? { healthy: false, disabled: true } : { healthy: symbol === '+' },
  );

describe('CALCULATED checks (§5.3)', () => {
  // children: '+' healthy, '-' unhealthy (after Inverted), 'd' disabled (reported unhealthy, counts healthy)
  const cases: readonly { name: string; settings: CalculatedSettings; kids: string; healthy: boolean }[] = [
    { name: 'threshold met', settings: { healthThreshold: 2 }, kids: '++-', healthy: true },
    { name: 'threshold missed', settings: { healthThreshold: 2 }, kids: '+--', healthy: false },
    { name: 'threshold 0 → always healthy', settings: { healthThreshold: 0 }, kids: '---', healthy: true },
    { name: 'threshold 0 with no children', settings: { healthThreshold: 0 }, kids: '', healthy: true },
    {
      name: 'threshold above the number of children → always unhealthy',
      settings: { healthThreshold: 4 },
      kids: '+++',
      healthy: false,
    },
    { name: 'a disabled child counts healthy', settings: { healthThreshold: 2 }, kids: '+d-', healthy: true },
    { name: 'all children needed', settings: { healthThreshold: 3 }, kids: '+++', healthy: true },
    {
      name: 'parent Inverted flips',
      settings: { healthThreshold: 2, inverted: true },
      kids: '++-',
      healthy: false,
    },
    {
      name: 'parent Disabled is healthy',
      settings: { healthThreshold: 3, disabled: true },
      kids: '---',
      healthy: true,
    },
  ];
  for (const { name, settings, kids, healthy } of cases) {
    it(name, () => expect(calculatedVerdict(settings, children(kids)).healthy).toBe(healthy));
  }

  it('explains itself', () => {
    expect(calculatedVerdict({ healthThreshold: 2 }, children('+--')).reason).toBe(
      '1 of 3 children healthy < threshold 2',
    );
  });
});

describe('checker aggregation: healthy iff > 18% of checkers (§5.4)', () => {
  const report = (spec: string) =>
    [...spec].map((symbol, index) => ({ checker: `c${index}`, observedHealthy: symbol === '+' }));
  const cases: readonly { name: string; reports: string; fraction?: number; healthy: boolean }[] = [
    { name: '1 of 5 = 20% → healthy', reports: '+----', healthy: true },
    { name: '0 of 5 → unhealthy', reports: '-----', healthy: false },
    { name: '1 of 8 = 12.5% → unhealthy', reports: '+-------', healthy: false },
    { name: '2 of 8 = 25% → healthy', reports: '++------', healthy: true },
    {
      name: '9 of 50 = exactly 18% → unhealthy',
      reports: `${'+'.repeat(9)}${'-'.repeat(41)}`,
      healthy: false,
    },
    { name: '10 of 50 = 20% → healthy', reports: `${'+'.repeat(10)}${'-'.repeat(40)}`, healthy: true },
    { name: 'a single healthy checker decides alone', reports: '+', healthy: true },
    { name: 'a single unhealthy checker decides alone', reports: '-', healthy: false },
    { name: 'no checker yet → healthy (no data)', reports: '', healthy: true },
    { name: 'configurable fraction 0.5: 2 of 4 → unhealthy', reports: '++--', fraction: 0.5, healthy: false },
    { name: 'configurable fraction 0.5: 3 of 4 → healthy', reports: '+++-', fraction: 0.5, healthy: true },
  ];
  for (const { name, reports, fraction, healthy } of cases) {
    it(name, () => expect(aggregateCheckers({}, report(reports), fraction).healthy).toBe(healthy));
  }

  it('Inverted applies once, after aggregation; Disabled is healthy', () => {
    expect(aggregateCheckers({ inverted: true }, report('+----'))).toEqual({
      healthy: false,
      reason: '1 of 5 checkers healthy (> 18%) (inverted)',
    });
    expect(aggregateCheckers({ disabled: true }, report('-----')).healthy).toBe(true);
  });

  it('settleVerdict records transitions with time and reason', () => {
    const first = settleVerdict(null, { healthy: true, reason: 'a' }, T0);
    expect(first.transition).toBeNull();
    const same = settleVerdict(first.state, { healthy: true, reason: 'b' }, T0 + 1);
    expect(same).toEqual({ state: { healthy: true, since: T0, reason: 'b' }, transition: null });
    const flip = settleVerdict(
      same.state,
      { healthy: false, reason: '0 of 5 checkers healthy (≤ 18%)' },
      T0 + 2,
    );
    expect(flip.transition).toEqual({
      from: true,
      to: false,
      at: T0 + 2,
      reason: '0 of 5 checkers healthy (≤ 18%)',
    });
    expect(flip.state.since).toBe(T0 + 2);
  });
});
