import type { Env } from './env';
import { probeScheduler } from './health/scheduler';
import { createFetch } from './http/app';

export { ControlPlane } from './control/control-plane';
export { HealthState } from './health/health-state';
export { ProbeScheduler } from './health/scheduler';
export { LatencyState } from './latency/latency-state';
// The health prober shard, with its probe RTTs also feeding the latency table (spec §5.5).
export { MeasuringProber as HealthProber } from './latency/probe-feed';
export { HealthWebhooks } from './webhooks/health-webhooks';

const fetch = createFetch();

export default {
  fetch: (request, env, ctx) => fetch(request, env, ctx),
  // Every minute: the scheduler syncs the health checks and (re)starts the prober shards, whose own
  // alarms probe every 10 or 30 seconds.
  scheduled: async (_controller, env, _ctx) => {
    await probeScheduler(env).tick();
  },
} satisfies ExportedHandler<Env>;
