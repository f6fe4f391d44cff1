import type { Env } from './env';
import { createApp } from './http/app';

export { ControlPlane } from './control/control-plane';

const app = createApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
