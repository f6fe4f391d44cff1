/** Bearer-token auth for /api/v1 (auth/admin-token.ts): without the admin token, 401. */
import type { Context, MiddlewareHandler } from 'hono';
import { isAdminToken } from '../../auth/admin-token';
import type { AppEnv } from '../app-env';
import { errorResponse } from './errors';

const hasAdminToken = (c: Context<AppEnv>) => isAdminToken(c.env, c.req.header('Authorization'));

export const requireBearer: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!(await hasAdminToken(c))) {
    return errorResponse({ kind: 'unauthorized', tokenGiven: c.req.header('Authorization') !== undefined });
  }
  await next();
};
