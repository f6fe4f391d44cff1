/**
 * The HTTP surface: DoH and the JSON API (http/doh), served straight from `fetch`; then the reverse
 * proxy for declared origin hosts (proxy/); the management API under /api/v1 (http/api) through
 * Hono. Only the http/ folder imports Hono.
 */
import { Hono } from 'hono';
import type { Env } from '../env';
import { serveProxy } from '../proxy/serve';
import { apiRoutes } from './api/router';
import type { AppEnv } from './app-env';
import { beaconRoutes } from './client-beacon';
import { serveDoh } from './doh/routes';
import { snapshotsFor } from './snapshots';

/** The management API and the 404 for unknown paths. */
export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route('/api/v1', apiRoutes());
  beaconRoutes(app);
  app.notFound((c) => c.text('not found\n', 404, { 'Cache-Control': 'no-store' }));
  return app;
}

/**
 * The Worker's `fetch`: DoH paths first, without Hono; then proxied hosts (any path but /api/…);
 * everything else to the app.
 */
export function createFetch(): (
  request: Request,
  env: Env,
  ctx: ExecutionContext,
) => Response | Promise<Response> {
  const app = createApp();
  return (request, env, ctx) =>
    serveDoh(request, env, ctx) ??
    serveProxy(request, env, ctx, {
      snapshots: () => snapshotsFor(env, (p) => ctx.waitUntil(p)),
      fallback: () => app.fetch(request, env, ctx),
    }) ??
    app.fetch(request, env, ctx);
}
