/**
 * `GET /health-checks/{id}/status`: the published status, and how the probes got there, shaped
 * like Route 53's GetHealthCheckStatus (`HealthCheckObservations` with `Region` and
 * `StatusReport {Status, CheckedTime}`) plus edgesteer's per-checker counters and RTTs, the verdict
 * the checkers reached, and the last transitions with their times and reasons.
 */
import type { CheckDetail } from '../../health/health-state';
import { downThreshold, upThreshold } from '../../health/state-machine';
import { settingsOf } from '../../health/verdicts';

const iso = (ms: number): string => new Date(ms).toISOString();

/** A checker is stale when it has not reported for this many intervals. */
export const STALE_INTERVALS = 3;

export function detailJson(detail: CheckDetail, now: number = Date.now()) {
  const { status, definition, verdict } = detail;
  const settings = definition === null ? null : settingsOf(definition.config);
  const intervalMs = (definition?.config.RequestInterval ?? 30) * 1000;
  return {
    HealthCheckId: detail.id,
    Status: status === null ? 'NO_DATA' : status.healthy ? 'HEALTHY' : 'UNHEALTHY',
    ...(status === null
      ? {}
      : {
          Since: status.since,
          Source: status.source,
          ...(status.reason === undefined ? {} : { Reason: status.reason }),
        }),
    Version: detail.version,
    ...(verdict === null
      ? {}
      : { ProbeVerdict: { Healthy: verdict.healthy, Since: iso(verdict.since), Reason: verdict.reason } }),
    ...(definition === null
      ? {}
      : {
          Regions: definition.regions,
          RequestInterval: definition.config.RequestInterval ?? null,
          Thresholds: settings === null ? null : { Up: upThreshold(settings), Down: downThreshold(settings) },
        }),
    HealthCheckObservations: detail.checkers.map(({ region, state, observation }) => ({
      Region: region,
      ...(observation === null
        ? {}
        : {
            StatusReport: {
              Status: `${observation.healthy ? 'Success' : 'Failure'}: ${observation.reason}`,
              CheckedTime: iso(observation.at),
            },
            StatusCode: observation.statusCode,
            RttMs: observation.rttMs,
            ConnectMs: observation.connectMs,
            AverageRttMs: observation.averageRttMs,
            Stale: now - observation.at > STALE_INTERVALS * intervalMs,
          }),
      ...(state === null
        ? {}
        : {
            Healthy: state.observedHealthy,
            Measured: state.measured,
            ConsecutiveSuccesses: state.upStreak,
            ConsecutiveFailures: state.downStreak,
            Since: iso(state.since),
            Reason: state.reason,
          }),
    })),
    Transitions: detail.transitions.map((t) => ({
      At: iso(t.at),
      From: t.previous ? 'HEALTHY' : 'UNHEALTHY',
      To: t.healthy ? 'HEALTHY' : 'UNHEALTHY',
      Source: t.source,
      Reason: t.reason,
    })),
  };
}
