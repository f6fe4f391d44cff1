/**
 * The management API under /api/v1: every response `Cache-Control: no-store` and no CORS headers;
 * the OpenAPI document is public, everything else needs the bearer token; a known path with
 * another method is 405, an unknown path 404, an unexpected failure 500 without details.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { requireBearer } from './auth';
import { errorResponse } from './errors';
import { API_ROUTES, type ApiRoute, allowedMethods } from './routes';

function register(api: Hono<AppEnv>, route: ApiRoute): void {
  for (const [method, handler] of Object.entries(route.methods)) {
    api.on(method, route.path, handler);
  }
  const allow = allowedMethods(route);
  api.all(route.path, () => errorResponse({ kind: 'method-not-allowed', allow }));
}

export function apiRoutes(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  api.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
  });
  for (const route of API_ROUTES.filter((r) => r.public)) register(api, route);
  api.use('*', requireBearer);
  for (const route of API_ROUTES.filter((r) => !r.public)) register(api, route);
  api.all('*', () => errorResponse({ kind: 'not-found', message: 'no such API route' }));
  api.onError((error) => {
    console.error('management API error:', error instanceof Error ? error.message : String(error));
    return errorResponse({ kind: 'internal' });
  });
  return api;
}
