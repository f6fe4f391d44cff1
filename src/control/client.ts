/** The one control-plane instance, for callers outside the Durable Object (the management API). */
import type { Env } from '../env';
import type { ControlPlane } from './control-plane';

export const CONTROL_PLANE_NAME = 'primary';

export function controlPlane(env: Env): DurableObjectStub<ControlPlane> {
  return env.CONTROL.get(env.CONTROL.idFromName(CONTROL_PLANE_NAME));
}
