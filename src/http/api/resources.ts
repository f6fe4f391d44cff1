/**
 * The routes of the config resources beside the zones (CIDR collections, operator regions), one
 * generic implementation driven by a description per resource: `PUT {path}/{id}` creates (201 +
 * Location) or replaces (200); GET lists or reads; DELETE answers the ChangeInfo, or 409 while
 * record sets use the resource. The control plane's side is control/resources/table.ts.
 */
import type { Context } from 'hono';
import { controlPlane } from '../../control/client';
import { RESOURCES, type ResourceName, type ResourceValues } from '../../control/resources/table';
import type { ControlPlaneApi, Versioned } from '../../control/types';
import type { Result } from '../../result';
import { invalid, notFound, type Problem } from '../../validation/problem';
import type { AppEnv } from '../app';
import { readJsonBody } from './body';
import { errorResponse } from './errors';
import { jsonResponse } from './json';
import { parseWriteOptions } from './params';

type Ctx = Context<AppEnv>;

export interface ApiResource<K extends ResourceName> {
  readonly name: K;
  /** Path below /api/v1 of the collection; one resource is `${path}/:id`. */
  readonly path: string;
  /** Key of the list in a GET of the collection (`{"Regions":[…]}`). */
  readonly listKey: string;
  /** Largest request body of a PUT. */
  readonly maxBody: number;
  /** The body → the resource, or every problem (shape and rules; the control plane applies the rules again). */
  parseBody(id: string, json: unknown): Result<ResourceValues[K], Problem[]>;
  toJson(resource: Versioned<ResourceValues[K]>): unknown;
}

type ResourceApi = Pick<ControlPlaneApi, 'listResources' | 'getResource' | 'putResource' | 'deleteResource'>;

/** The RPC stub's types drop the methods' type parameters; the object answers with the kind asked for. */
const plane = (c: Ctx): ResourceApi => controlPlane(c.env) as unknown as ResourceApi;

function handlers<K extends ResourceName>(resource: ApiResource<K>) {
  const { name } = resource;
  const idOf = (c: Ctx) => c.req.param('id') ?? '';
  return {
    async list(c: Ctx): Promise<Response> {
      const all = await plane(c).listResources(name);
      return jsonResponse({
        [resource.listKey]: all.map((r) => resource.toJson(r)),
      });
    },
    async get(c: Ctx): Promise<Response> {
      const id = idOf(c);
      const found = await plane(c).getResource(name, id);
      return found === null
        ? errorResponse(notFound(`no ${RESOURCES[name].noun} ${id}`))
        : jsonResponse(resource.toJson(found));
    },
    async put(c: Ctx): Promise<Response> {
      const id = idOf(c);
      const problems: Problem[] = [];
      const options = parseWriteOptions(c.req.raw, problems);
      const json = await readJsonBody(c.req.raw, resource.maxBody);
      if (!json.ok) return errorResponse(json.error);
      const value = resource.parseBody(id, json.value);
      if (!value.ok) problems.unshift(...value.error);
      if (!value.ok || problems.length > 0) return errorResponse(invalid(problems));
      const result = await plane(c).putResource(name, value.value, options);
      if (!result.ok) return errorResponse(result.error);
      const { changeInfo, created } = result.value;
      const location = `/api/v1${resource.path}/${encodeURIComponent(id)}`;
      return jsonResponse(
        { ChangeInfo: changeInfo },
        created ? 201 : 200,
        created ? { Location: location } : {},
      );
    },
    async delete(c: Ctx): Promise<Response> {
      const problems: Problem[] = [];
      const options = parseWriteOptions(c.req.raw, problems);
      if (problems.length > 0) return errorResponse(invalid(problems));
      const result = await plane(c).deleteResource(name, idOf(c), options);
      return result.ok ? jsonResponse({ ChangeInfo: result.value }) : errorResponse(result.error);
    },
  };
}

/** The two routes of a resource, for the route table (routes.ts). */
export function resourceRoutes<K extends ResourceName>(resource: ApiResource<K>) {
  const h = handlers(resource);
  return [
    { path: resource.path, public: false, methods: { GET: h.list } },
    { path: `${resource.path}/:id`, public: false, methods: { GET: h.get, PUT: h.put, DELETE: h.delete } },
  ] as const;
}
