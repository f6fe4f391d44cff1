/** The one HealthWebhooks instance, for callers outside it (the management API, the health object). */
import { stubByName } from '../durable/stub';
import type { Env } from '../env';
import type { HealthWebhooks } from './health-webhooks';

export const WEBHOOKS_NAME = 'primary';

export function healthWebhooks(env: Env): DurableObjectStub<HealthWebhooks> {
  return stubByName<HealthWebhooks>(env.WEBHOOKS, WEBHOOKS_NAME);
}
