/** The one HealthState instance, for callers outside the Durable Object (the management API). */
import { stubByName } from '../durable/stub';
import type { Env } from '../env';
import type { HealthState } from './health-state';

export const HEALTH_STATE_NAME = 'primary';

export function healthState(env: Env): DurableObjectStub<HealthState> {
  return stubByName<HealthState>(env.HEALTH, HEALTH_STATE_NAME);
}
