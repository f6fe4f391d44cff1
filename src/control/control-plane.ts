import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';

export class ControlPlane extends DurableObject<Env> {}
