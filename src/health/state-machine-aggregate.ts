/**
 * Statuses computed from other statuses (docs/routing-semantics.md §5.3, §5.4): a CALCULATED check
 * from its children, and one check's verdict from its checkers (vantages). Pure.
 */
import { type CheckSettings, reportedHealthy, type Step, type Transition } from './state-machine';

/** Route 53: healthy iff MORE than 18% of checkers report healthy. */
export const ROUTE53_HEALTHY_FRACTION = 0.18;

export interface Verdict {
  readonly healthy: boolean;
  readonly reason: string;
}

/** A child as a calculated parent sees it: its reported status (after Inverted). */
export interface ChildStatus {
  readonly healthy: boolean;
  readonly disabled?: boolean;
}

export interface CalculatedSettings {
  readonly healthThreshold: number;
  readonly inverted?: boolean;
  readonly disabled?: boolean;
}

/**
 * Healthy iff at least `healthThreshold` children are healthy: 0 → always healthy, more than the
 * children → always unhealthy; a disabled child counts healthy. Then the parent's own
 * Disabled/Inverted apply.
 */
export function calculatedVerdict(settings: CalculatedSettings, children: readonly ChildStatus[]): Verdict {
  if (settings.disabled === true) return { healthy: true, reason: 'disabled' };
  const healthyChildren = children.filter((child) => child.disabled === true || child.healthy).length;
  const observed = healthyChildren >= settings.healthThreshold;
  const verb = observed ? '≥' : '<';
  const reason = `${healthyChildren} of ${children.length} children healthy ${verb} threshold ${settings.healthThreshold}`;
  return {
    healthy: reportedHealthy(settings, observed),
    reason: settings.inverted === true ? `${reason} (inverted)` : reason,
  };
}

export interface CheckerReport {
  readonly checker: string;
  /** The checker's observed status (after its own threshold counting, before Inverted). */
  readonly observedHealthy: boolean;
}

/**
 * One verdict over several checkers: healthy iff more than `fraction` of them report healthy
 * (Route 53's 18%); one checker decides alone; no checker yet → healthy (no data). Inverted and
 * Disabled apply once, to the combined status.
 */
export function aggregateCheckers(
  settings: CheckSettings,
  reports: readonly CheckerReport[],
  fraction: number = ROUTE53_HEALTHY_FRACTION,
): Verdict {
  if (settings.disabled === true) return { healthy: true, reason: 'disabled' };
  const total = reports.length;
  const up = reports.filter((report) => report.observedHealthy).length;
  const observed = total === 0 || up / total > fraction;
  const percent = Math.round(fraction * 100);
  const base =
    total === 0
      ? 'no checker reported yet'
      : `${up} of ${total} checkers healthy (${observed ? '>' : '≤'} ${percent}%)`;
  const healthy = reportedHealthy(settings, observed);
  return { healthy, reason: settings.inverted === true ? `${base} (inverted)` : base };
}

/** A derived status (calculated or aggregated) and when it last changed. */
export interface DerivedState {
  readonly healthy: boolean;
  readonly since: number;
  readonly reason: string;
}

/** Moves a derived status to a new verdict, recording the transition when it flips. */
export function settleVerdict(
  current: DerivedState | null,
  verdict: Verdict,
  nowMs: number,
): Step<DerivedState> {
  if (current === null) {
    return { state: { healthy: verdict.healthy, since: nowMs, reason: verdict.reason }, transition: null };
  }
  if (current.healthy === verdict.healthy) {
    return { state: { ...current, reason: verdict.reason }, transition: null };
  }
  const transition: Transition = {
    from: current.healthy,
    to: verdict.healthy,
    at: nowMs,
    reason: verdict.reason,
  };
  return { state: { healthy: verdict.healthy, since: nowMs, reason: verdict.reason }, transition };
}
