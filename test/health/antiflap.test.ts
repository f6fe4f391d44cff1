import { describe, expect, it } from 'vitest';
import {
  type AntiFlapSettings,
  applyAntiFlapResult,
  initialAntiFlapState,
} from '../../src/health/state-machine-antiflap';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');

/** '+' healthy, '-' unhealthy; returns the reported status after each result (H / u). */
function trace(settings: AntiFlapSettings, results: string): string {
  let state = initialAntiFlapState(settings, T0);
  let out = '';
  [...results].forEach((symbol, index) => {
    state = applyAntiFlapResult(
      state,
      settings,
      { healthy: symbol === '+', reason: symbol },
      T0 + index,
    ).state;
    out += state.healthy ? 'H' : 'u';
  });
  return out;
}

describe('gdnsd anti-flap counters (§7.3)', () => {
  const small = { upThresh: 3, downThresh: 3, okThresh: 2 };
  const cases: readonly { name: string; settings: AntiFlapSettings; results: string; expected: string }[] = [
    {
      name: 'non-consecutive failures count toward down_thresh',
      settings: small,
      results: '-+-+-',
      expected: 'HHHHu',
    },
    {
      name: 'ok_thresh successes in a row reset the count',
      settings: small,
      results: '--++--',
      expected: 'HHHHHH',
    },
    {
      name: 'down → up needs up_thresh successes in a row',
      settings: small,
      results: '---++-+++',
      expected: 'HHuuuuuuH',
    },
    {
      name: 'defaults: 10 failures down',
      settings: {},
      results: '-+'.repeat(9) + '-',
      expected: 'H'.repeat(18) + 'u',
    },
    { name: 'inverted', settings: { ...small, inverted: true }, results: '---', expected: 'uuH' },
    { name: 'disabled', settings: { ...small, disabled: true }, results: '-----', expected: 'HHHHH' },
  ];
  for (const { name, settings, results, expected } of cases) {
    it(name, () => expect(trace(settings, results)).toBe(expected));
  }

  it('records the transition', () => {
    let state = initialAntiFlapState(small, T0);
    const transitions = [0, 1, 2].map((index) => {
      const step = applyAntiFlapResult(state, small, { healthy: false, reason: 'status 503' }, T0 + index);
      state = step.state;
      return step.transition;
    });
    expect(transitions).toEqual([
      null,
      null,
      { from: true, to: false, at: T0 + 2, reason: '3 failures while up: status 503' },
    ]);
  });
});
