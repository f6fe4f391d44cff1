/** The outbound-target policy for a management request: the Worker's vars and the request's own host. */
import type { Context } from 'hono';
import { type OutboundPolicy, outboundPolicy } from '../../outbound/targets';
import type { AppEnv } from '../app-env';

export const outboundOf = (c: Context<AppEnv>): OutboundPolicy => outboundPolicy(c.env, c.req.url);
