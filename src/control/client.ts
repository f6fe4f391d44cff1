/** The one control-plane instance, for callers outside the Durable Object (the management API). */
import { stubByName } from '../durable/stub';
import type { Env } from '../env';
import type { ControlPlaneApi } from './api';
import type { ControlPlane } from './control-plane';

export const CONTROL_PLANE_NAME = 'primary';

export function controlPlane(env: Env): DurableObjectStub<ControlPlane> {
  return stubByName<ControlPlane>(env.CONTROL, CONTROL_PLANE_NAME);
}

type ResourceApi = Pick<ControlPlaneApi, 'listResources' | 'getResource' | 'putResource' | 'deleteResource'>;

/**
 * The control plane's generic resource methods, typed: the RPC stub's types drop the methods'
 * type parameters, and the object answers with the kind asked for.
 */
export function controlPlaneResources(env: Env): ResourceApi {
  return controlPlane(env) as unknown as ResourceApi;
}
