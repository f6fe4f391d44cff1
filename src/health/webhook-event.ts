/** One change of a health check's published status, as webhooks deliver it. */
export interface HealthEvent {
  /** Unique and stable across retries, e.g. "hc-<sequence>"; receivers de-duplicate by it. */
  readonly id: string;
  readonly type: 'health-check.status-changed';
  readonly healthCheckId: string;
  readonly healthy: boolean;
  readonly previousHealthy: boolean;
  /** ISO time of the transition. */
  readonly at: string;
  readonly reason: string;
  readonly source: 'probe' | 'manual';
}
