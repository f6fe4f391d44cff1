/** Health-check definitions as the control plane stores them (docs/routing-semantics.md §6.4). */
import type { HealthCheckConfig } from '../../health/check-config';

/** A stored health-check definition. */
export interface StoredHealthCheck {
  readonly id: string;
  readonly callerReference?: string;
  readonly config: HealthCheckConfig;
}
