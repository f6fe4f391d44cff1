import { Hono } from 'hono';
import type { AppEnv } from '../app';

/** The management API (placeholder until the control-plane work lands). */
export function apiRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
