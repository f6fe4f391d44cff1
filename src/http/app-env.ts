/** Hono's environment for the app and every /api/v1 route: the Worker's bindings. */
import type { Env } from '../env';

export type AppEnv = { Bindings: Env };
