/**
 * Optional anti-flap mode with gdnsd's three counters (docs/routing-semantics.md §7.3); the default
 * stays FailureThreshold (state-machine.ts). Pure; the clock is a parameter.
 *
 * UP: every failure, consecutive or not, counts toward `downThresh` (→ DOWN); `okThresh`
 * successes in a row reset that count. DOWN: `upThresh` successes in a row → UP.
 */
import { type ProbeVerdict, reportedHealthy, type Step } from './state-machine';

export interface AntiFlapSettings {
  readonly upThresh?: number;
  readonly downThresh?: number;
  readonly okThresh?: number;
  readonly inverted?: boolean;
  readonly disabled?: boolean;
}

export const GDNSD_DEFAULTS = { upThresh: 20, downThresh: 10, okThresh: 10 } as const;

export interface AntiFlapState {
  readonly observedHealthy: boolean;
  readonly healthy: boolean;
  /** Failures counted while UP (not necessarily consecutive). */
  readonly failures: number;
  /** Consecutive successes (resets `failures` at okThresh while UP; reaches upThresh while DOWN). */
  readonly successStreak: number;
  readonly since: number;
  readonly reason: string;
}

export function initialAntiFlapState(settings: AntiFlapSettings, nowMs: number): AntiFlapState {
  const healthy = reportedHealthy(settings, true);
  return {
    observedHealthy: true,
    healthy,
    failures: 0,
    successStreak: 0,
    since: nowMs,
    reason: 'no data yet',
  };
}

export function applyAntiFlapResult(
  current: AntiFlapState,
  settings: AntiFlapSettings,
  result: ProbeVerdict,
  nowMs: number,
): Step<AntiFlapState> {
  if (settings.disabled === true) return { state: current, transition: null };
  const up = settings.upThresh ?? GDNSD_DEFAULTS.upThresh;
  const down = settings.downThresh ?? GDNSD_DEFAULTS.downThresh;
  const okReset = settings.okThresh ?? GDNSD_DEFAULTS.okThresh;
  let { observedHealthy, failures } = current;
  let successStreak = result.healthy ? current.successStreak + 1 : 0;
  let reason = current.reason;
  if (observedHealthy) {
    if (!result.healthy) failures++;
    if (successStreak >= okReset) {
      failures = 0;
      successStreak = 0;
    }
    if (failures >= down) {
      observedHealthy = false;
      failures = 0;
      reason = `${down} failures while up: ${result.reason}`;
    }
  } else if (successStreak >= up) {
    observedHealthy = true;
    successStreak = 0;
    reason = `${up} consecutive successes: ${result.reason}`;
  }
  const healthy = reportedHealthy(settings, observedHealthy);
  const flipped = healthy !== current.healthy;
  const state = {
    observedHealthy,
    healthy,
    failures,
    successStreak,
    since: flipped ? nowMs : current.since,
    reason,
  };
  return { state, transition: flipped ? { from: current.healthy, to: healthy, at: nowMs, reason } : null };
}
