/**
 * The HTTP surface: DoH and the JSON API (http/doh), the management API under /api/v1 (http/api).
 * Only the http/ folder imports Hono.
 */
import { Hono } from 'hono';
import type { Env } from '../env';
import { apiRoutes } from './api/router';
import { type DohAsked, dohFailure, registerDohRoutes } from './doh/routes';

export type AppEnv = { Bindings: Env; Variables: { dohAsked?: DohAsked } };

export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  registerDohRoutes(app);
  app.route('/api/v1', apiRoutes());
  app.notFound((c) => c.text('not found\n', 404, { 'Cache-Control': 'no-store' }));
  // The management API has its own handler (JSON 500); everything else here is DoH.
  app.onError(dohFailure);
  return app;
}
