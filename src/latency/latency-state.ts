import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';

/** Measured latency tables; publishes the latency snapshot to KV on change. */
export class LatencyState extends DurableObject<Env> {}
