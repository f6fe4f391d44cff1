/**
 * A check's verdict from its state (docs/routing-semantics.md §5.3, §5.4). Pure: a probed check from
 * its checkers (each region's state machine) by the quorum rule, a calculated one from its
 * children's published statuses.
 */
import type { HealthCheckConfig } from './check-config';
import type { Definition } from './probe-store';
import type { CheckerState, CheckSettings } from './state-machine';
import {
  aggregateCheckers,
  type ChildStatus,
  calculatedVerdict,
  ROUTE53_HEALTHY_FRACTION,
  type Verdict,
} from './state-machine-aggregate';

export function settingsOf(config: HealthCheckConfig): CheckSettings {
  return {
    ...(config.FailureThreshold === undefined ? {} : { failureThreshold: config.FailureThreshold }),
    ...(config.ConsecutiveUp === undefined ? {} : { consecutiveUp: config.ConsecutiveUp }),
    ...(config.ConsecutiveDown === undefined ? {} : { consecutiveDown: config.ConsecutiveDown }),
    inverted: config.Inverted,
    disabled: config.Disabled,
  };
}

/** The share of checkers that must say healthy, exclusive (Route 53: more than 18%). */
const quorumOf = (config: HealthCheckConfig): number =>
  config.QuorumPercent === undefined ? ROUTE53_HEALTHY_FRACTION : config.QuorumPercent / 100;

export function verdictOf(
  definition: Definition,
  checkers: ReadonlyMap<string, CheckerState> | undefined,
  child: (id: string) => ChildStatus,
): Verdict {
  const { config } = definition;
  if (config.Type === 'CALCULATED') {
    const settings = {
      healthThreshold: config.HealthThreshold ?? 0,
      inverted: config.Inverted,
      disabled: config.Disabled,
    };
    return calculatedVerdict(settings, (config.ChildHealthChecks ?? []).map(child));
  }
  // A checker without results yet counts healthy, like a new check (§5.3): the first region to
  // report does not decide alone.
  const reports = definition.regions.map((region) => ({
    checker: region,
    observedHealthy: checkers?.get(region)?.observedHealthy ?? true,
  }));
  return aggregateCheckers(settingsOf(config), reports, quorumOf(config));
}
