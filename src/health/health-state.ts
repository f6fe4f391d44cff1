import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';

/** Health statuses; publishes the health snapshot to KV on change. */
export class HealthState extends DurableObject<Env> {}
