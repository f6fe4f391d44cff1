import { describe, expect, it } from 'vitest';
import {
  applyProbeResult,
  type CheckerState,
  type CheckSettings,
  initialCheckerState,
  reapplySettings,
  shouldProbe,
  type Transition,
} from '../../src/health/state-machine';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');

/** Feeds results ('+' healthy, '-' unhealthy) one per second; returns reported statuses and transitions. */
function run(
  settings: CheckSettings,
  results: string,
): { trace: string; state: CheckerState; transitions: Transition[] } {
  let state = initialCheckerState(settings, T0);
  const transitions: Transition[] = [];
  let trace = '';
  [...results].forEach((symbol, index) => {
    const healthy = symbol === '+';
    const step = applyProbeResult(
      state,
      settings,
      { healthy, reason: healthy ? 'status 200' : 'status 503' },
      T0 + (index + 1) * 1000,
    );
    state = step.state;
    if (step.transition !== null) transitions.push(step.transition);
    trace += state.healthy ? 'H' : 'u';
  });
  return { trace, state, transitions };
}

describe('state machine: thresholds (§5.2), new checks, Inverted, Disabled (§5.3)', () => {
  // trace: the reported status after each result (H healthy, u unhealthy).
  const cases: readonly { name: string; settings: CheckSettings; results: string; trace: string }[] = [
    {
      name: 'default threshold 3: two failures keep a new check healthy',
      settings: {},
      results: '--',
      trace: 'HH',
    },
    {
      name: 'default threshold 3: third failure flips to unhealthy',
      settings: {},
      results: '---',
      trace: 'HHu',
    },
    { name: 'a success resets the failure streak', settings: {}, results: '--+--', trace: 'HHHHH' },
    { name: 'three successes flip back to healthy', settings: {}, results: '---++-+++', trace: 'HHuuuuuuH' },
    {
      name: 'FailureThreshold 1 flips on every result',
      settings: { failureThreshold: 1 },
      results: '-+-',
      trace: 'uHu',
    },
    {
      name: 'FailureThreshold 10',
      settings: { failureThreshold: 10 },
      results: '---------',
      trace: 'HHHHHHHHH',
    },
    {
      name: 'FailureThreshold 10, tenth failure',
      settings: { failureThreshold: 10 },
      results: '----------',
      trace: 'HHHHHHHHHu',
    },
    {
      name: 'ConsecutiveDown 2 / ConsecutiveUp 4',
      settings: { consecutiveDown: 2, consecutiveUp: 4 },
      results: '--+++-++++',
      trace: 'HuuuuuuuuH',
    },
    {
      name: 'ConsecutiveUp overrides only the up direction',
      settings: { failureThreshold: 1, consecutiveUp: 2 },
      results: '-+-++',
      trace: 'uuuuH',
    },
    {
      name: 'Inverted new check is unhealthy until enough data',
      settings: { inverted: true },
      results: '++',
      trace: 'uu',
    },
    {
      name: 'Inverted: failures make it healthy',
      settings: { inverted: true },
      results: '---',
      trace: 'uuH',
    },
    {
      name: 'Inverted: successes after failures make it unhealthy',
      settings: { inverted: true },
      results: '---+++',
      trace: 'uuHHHu',
    },
    { name: 'Disabled is always healthy', settings: { disabled: true }, results: '------', trace: 'HHHHHH' },
    {
      name: 'Disabled wins over Inverted',
      settings: { disabled: true, inverted: true },
      results: '+++---',
      trace: 'HHHHHH',
    },
  ];
  for (const { name, settings, results, trace } of cases) {
    it(name, () => expect(run(settings, results).trace).toBe(trace));
  }

  it('a new check reports healthy with no data, measured=false', () => {
    const state = initialCheckerState({}, T0);
    expect(state).toMatchObject({ healthy: true, measured: false, reason: 'no data yet', since: T0 });
  });

  it('three successes on a new check mark it measured without a transition', () => {
    const { state, transitions } = run({}, '+++');
    expect(transitions).toEqual([]);
    expect(state).toMatchObject({
      healthy: true,
      measured: true,
      since: T0,
      reason: '3 consecutive successes: status 200',
    });
  });

  it('each transition records time and reason', () => {
    const { transitions, state } = run({}, '---+++');
    expect(transitions).toEqual([
      { from: true, to: false, at: T0 + 3000, reason: '3 consecutive failures: status 503' },
      { from: false, to: true, at: T0 + 6000, reason: '3 consecutive successes: status 200' },
    ]);
    expect(state.since).toBe(T0 + 6000);
    expect(state.lastResult).toEqual({ healthy: true, reason: 'status 200' });
  });

  it('disabled checks are not probed; disabling an unhealthy check reports healthy at once', () => {
    expect(shouldProbe({ disabled: true })).toBe(false);
    expect(shouldProbe({})).toBe(true);
    const { state } = run({}, '---');
    const step = reapplySettings(state, { disabled: true }, T0 + 9000);
    expect(step.state.healthy).toBe(true);
    expect(step.transition).toEqual({ from: false, to: true, at: T0 + 9000, reason: 'disabled' });
  });
});
