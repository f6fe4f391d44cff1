/**
 * One check's status from its probe results, per checker (docs/routing-semantics.md §5.2–§5.3). Pure:
 * plain data in, the next state and the transition (if any) out; the clock is a parameter.
 *
 * The state keeps the *observed* status (what the probes say after threshold counting) apart from
 * the *reported* one (after `Inverted` and `Disabled`), so checkers can be aggregated on observed
 * statuses and inverted once (state-machine-aggregate.ts).
 */

/** The subset of a health check's settings the state machine needs (defined here on purpose). */
export interface CheckSettings {
  /** Consecutive results that flip the status, both ways (1–10, default 3). */
  readonly failureThreshold?: number;
  /** Overrides `failureThreshold` for unhealthy → healthy. */
  readonly consecutiveUp?: number;
  /** Overrides `failureThreshold` for healthy → unhealthy. */
  readonly consecutiveDown?: number;
  readonly inverted?: boolean;
  readonly disabled?: boolean;
}

export const DEFAULT_FAILURE_THRESHOLD = 3;

/** One probe's verdict, as the state machine sees it. */
export interface ProbeVerdict {
  readonly healthy: boolean;
  readonly reason: string;
}

export interface CheckerState {
  /** Status from the probes after threshold counting, before `Inverted`. */
  readonly observedHealthy: boolean;
  /** Status reported to routing: observed, inverted if asked; always true when disabled. */
  readonly healthy: boolean;
  /** False until a threshold was reached once ("not enough data yet"). */
  readonly measured: boolean;
  /** Consecutive healthy results so far, at most the up threshold (0 after an unhealthy one). */
  readonly upStreak: number;
  /** Consecutive unhealthy results so far, at most the down threshold (0 after a healthy one). */
  readonly downStreak: number;
  /** Epoch ms of the last change of `healthy` (or of creation). */
  readonly since: number;
  readonly reason: string;
  readonly lastResult: ProbeVerdict | null;
}

export interface Transition {
  readonly from: boolean;
  readonly to: boolean;
  readonly at: number;
  readonly reason: string;
}

export interface Step<S> {
  readonly state: S;
  readonly transition: Transition | null;
}

export function upThreshold(settings: CheckSettings): number {
  return settings.consecutiveUp ?? settings.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
}

export function downThreshold(settings: CheckSettings): number {
  return settings.consecutiveDown ?? settings.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
}

/** Reported status for an observed one: `Disabled` wins (always healthy), then `Inverted` flips. */
export function reportedHealthy(settings: CheckSettings, observedHealthy: boolean): boolean {
  if (settings.disabled === true) return true;
  return settings.inverted === true ? !observedHealthy : observedHealthy;
}

/** A disabled check is never probed. */
export function shouldProbe(settings: CheckSettings): boolean {
  return settings.disabled !== true;
}

/** A new check: healthy until enough data (an inverted one unhealthy; a disabled one healthy). */
export function initialCheckerState(settings: CheckSettings, nowMs: number): CheckerState {
  return {
    observedHealthy: true,
    healthy: reportedHealthy(settings, true),
    measured: false,
    upStreak: 0,
    downStreak: 0,
    since: nowMs,
    reason: settings.disabled === true ? 'disabled' : 'no data yet',
    lastResult: null,
  };
}

/** Counts one probe result; flips the observed status when a streak reaches its threshold. */
export function applyProbeResult(
  current: CheckerState,
  settings: CheckSettings,
  result: ProbeVerdict,
  nowMs: number,
): Step<CheckerState> {
  if (settings.disabled === true)
    return settle(current, settings, current.observedHealthy, current.measured, current, 'disabled', nowMs);
  // Streaks saturate at their thresholds: nothing past them changes a decision, and a steady check's
  // state then stays the same from probe to probe (HealthState stores it only when it changes).
  const upStreak = result.healthy ? Math.min(current.upStreak + 1, upThreshold(settings)) : 0;
  const downStreak = result.healthy ? 0 : Math.min(current.downStreak + 1, downThreshold(settings));
  const counted = { ...current, upStreak, downStreak, lastResult: result };
  const threshold = result.healthy ? upThreshold(settings) : downThreshold(settings);
  const streak = result.healthy ? upStreak : downStreak;
  if (streak < threshold) return { state: counted, transition: null };
  const what = result.healthy ? ['success', 'successes'] : ['failure', 'failures'];
  const reason = `${streak} consecutive ${streak === 1 ? what[0] : what[1]}: ${result.reason}`;
  if (current.measured && current.observedHealthy === result.healthy) {
    return { state: counted, transition: null };
  }
  return settle(current, settings, result.healthy, true, counted, reason, nowMs);
}

/** Re-reads the reported status after a settings change (e.g. Disabled or Inverted toggled). */
export function reapplySettings(
  current: CheckerState,
  settings: CheckSettings,
  nowMs: number,
): Step<CheckerState> {
  const reason = settings.disabled === true ? 'disabled' : 'settings changed';
  return settle(current, settings, current.observedHealthy, current.measured, current, reason, nowMs);
}

function settle(
  current: CheckerState,
  settings: CheckSettings,
  observedHealthy: boolean,
  measured: boolean,
  base: CheckerState,
  reason: string,
  nowMs: number,
): Step<CheckerState> {
  const healthy = reportedHealthy(settings, observedHealthy);
  const flipped = healthy !== current.healthy;
  const state: CheckerState = {
    ...base,
    observedHealthy,
    healthy,
    measured,
    since: flipped ? nowMs : current.since,
    reason: flipped || measured !== current.measured ? reason : current.reason,
  };
  const transition = flipped ? { from: current.healthy, to: healthy, at: nowMs, reason } : null;
  return { state, transition };
}
