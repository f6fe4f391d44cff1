/** The one LatencyState instance, for callers outside the Durable Object (the management API). */
import { stubByName } from '../durable/stub';
import type { Env } from '../env';
import type { LatencyState } from './latency-state';

export const LATENCY_STATE_NAME = 'primary';

export function latencyState(env: Env): DurableObjectStub<LatencyState> {
  return stubByName<LatencyState>(env.LATENCY, LATENCY_STATE_NAME);
}
