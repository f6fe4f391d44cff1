import type { Env } from './env';
import { createApp } from './http/app';

export { ControlPlane } from './control/control-plane';
export { HealthState } from './health/health-state';
export { LatencyState } from './latency/latency-state';
export { HealthWebhooks } from './webhooks/health-webhooks';

const app = createApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
