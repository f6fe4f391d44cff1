import type { Env } from './env';

export { ControlPlane } from './control/control-plane';

export default {
  async fetch(_request, _env, _ctx) {
    return new Response('edgesteer', { status: 200 });
  },
} satisfies ExportedHandler<Env>;
