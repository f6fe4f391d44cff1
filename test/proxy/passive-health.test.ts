/** Passive health on its own, with an injected clock: marking, the 30 s trial, recovery, the bound. */
import { describe, expect, it } from 'vitest';
import { healthViewOf } from '../../src/policy/health';
import { PASSIVE_HEALTH_LIMIT, PassiveHealth, TRIAL_AFTER_MS } from '../../src/proxy/passive-health';

const view = (version: number, healthy: boolean) =>
  healthViewOf({
    format: 1,
    version,
    updatedAt: '2026-01-01T00:00:00.000Z',
    checks: { hc: { healthy, since: '2026-01-01T00:00:00.000Z', source: 'probe' } },
  });

function failing(times: number, clock = { ms: 0 }) {
  const p = new PassiveHealth(() => clock.ms);
  for (let i = 0; i < times; i++) p.record('k', '192.0.2.1', false, 7);
  return { p, clock };
}

describe('passive health', () => {
  it('3 consecutive failures mark a member down; 2 and a success do not', () => {
    expect(failing(2).p.isDown('k', 'hc', view(7, true))).toBe(false);
    expect(failing(3).p.isDown('k', 'hc', view(7, true))).toBe(true);
    const { p } = failing(2);
    p.record('k', '192.0.2.1', true, 7);
    p.record('k', '192.0.2.1', false, 7);
    expect(p.isDown('k', 'hc', view(7, true))).toBe(false);
    expect(p.counters('k')).toEqual({ requests: 4, failures: 3, down: false });
  });

  it('back when a newer health snapshot says the check is healthy (not the same version, not unhealthy)', () => {
    const { p } = failing(3);
    expect(p.isDown('k', 'hc', view(7, true))).toBe(true);
    expect(p.isDown('k', 'hc', view(8, false))).toBe(true);
    expect(p.isDown('k', null, view(8, true))).toBe(true); // no check: only the trial brings it back
    expect(p.isDown('k', 'hc', view(8, true))).toBe(false);
    expect(p.counters('k')?.down).toBe(false);
  });

  it('after 30 s a single trial request; a failed trial waits another 30 s, a good one clears it', () => {
    const { p, clock } = failing(3);
    clock.ms = TRIAL_AFTER_MS - 1;
    expect(p.isDown('k', null, view(7, true))).toBe(true);
    clock.ms = TRIAL_AFTER_MS;
    expect(p.isDown('k', null, view(7, true))).toBe(false); // this request is the trial
    expect(p.isDown('k', null, view(7, true))).toBe(true); // the next one is not
    p.record('k', '192.0.2.1', false, 7);
    clock.ms = TRIAL_AFTER_MS * 2 - 1;
    expect(p.isDown('k', null, view(7, true))).toBe(true);
    clock.ms = TRIAL_AFTER_MS * 2;
    expect(p.isDown('k', null, view(7, true))).toBe(false);
    p.record('k', '192.0.2.1', true, 7);
    expect(p.isDown('k', null, view(7, true))).toBe(false);
  });

  it(`holds at most ${PASSIVE_HEALTH_LIMIT} members: the least recently used goes first`, () => {
    const p = new PassiveHealth(() => 0, 4);
    for (const k of ['a', 'b', 'c', 'd']) p.record(k, k, false, 0);
    p.record('a', 'a', false, 0); // a is now the most recent
    p.record('e', 'e', false, 0);
    expect(p.size).toBe(4);
    expect(p.counters('b')).toBeUndefined();
    expect(p.counters('a')?.requests).toBe(2);
    const full = new PassiveHealth();
    for (let i = 0; i < PASSIVE_HEALTH_LIMIT + 10; i++) full.record(`k${i}`, 'x', false, 0);
    expect(full.size).toBe(PASSIVE_HEALTH_LIMIT);
  });
});
