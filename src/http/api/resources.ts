/**
 * The routes of the config resources beside the zones, one generic implementation driven by a
 * description per resource: GET lists or reads (CIDR collections, regions, origins, health checks);
 * `PUT {path}/{id}` creates (201 + Location) or replaces (200) and DELETE answers the ChangeInfo,
 * or 409 while record sets use the resource (CIDR collections, regions, origins; health checks keep
 * Route 53's create and update, health-checks.ts). The control plane's side is
 * control/resources/table.ts.
 */
import type { Context } from 'hono';
import { controlPlaneResources } from '../../control/client';
import {
  type DeletableName,
  type ResourceName,
  type ResourceValues,
  STORED,
  type WritableName,
} from '../../control/resources/table';
import type { Versioned } from '../../control/types';
import type { OutboundPolicy } from '../../outbound/targets';
import type { Result } from '../../result';
import { invalid, notFound, type Problem } from '../../validation/problem';
import type { AppEnv } from '../app-env';
import { readJsonBody } from './body';
import { errorResponse } from './errors';
import { jsonResponse } from './json';
import { outboundOf } from './outbound';
import { parseWriteOptions } from './params';

type Ctx = Context<AppEnv>;

/** How the API shows a resource. */
export interface ApiResourceView<K extends ResourceName> {
  readonly name: K;
  /** Path below /api/v1 of the collection; one resource is `${path}/:id`. */
  readonly path: string;
  /** Key of the list in a GET of the collection (`{"Regions":[…]}`). */
  readonly listKey: string;
  /** The stored id of a path's id (origins: `WWW.Example.com.` → `www.example.com`); absent: as is. */
  readonly normalizeId?: (id: string) => string;
  toJson(resource: Versioned<ResourceValues[K]>): unknown;
}

/** A resource the generic PUT and DELETE write. */
export interface ApiResource<K extends WritableName> extends ApiResourceView<K> {
  /** Largest request body of a PUT. */
  readonly maxBody: number;
  /** The body → the resource, or every problem (shape and rules; the control plane applies the rules again). */
  parseBody(id: string, json: unknown, outbound: OutboundPolicy): Result<ResourceValues[K], Problem[]>;
}

function idOf(c: Ctx, resource: Pick<ApiResourceView<ResourceName>, 'normalizeId'>): string {
  const id = c.req.param('id') ?? '';
  return resource.normalizeId?.(id) ?? id;
}

/** GET of the collection and of one resource. */
export function readHandlers<K extends ResourceName>(resource: ApiResourceView<K>) {
  const { name } = resource;
  return {
    async list(c: Ctx): Promise<Response> {
      const all = await controlPlaneResources(c.env).listResources(name);
      return jsonResponse({ [resource.listKey]: all.map((r) => resource.toJson(r)) });
    },
    async get(c: Ctx): Promise<Response> {
      const id = idOf(c, resource);
      const found = await controlPlaneResources(c.env).getResource(name, id);
      return found === null
        ? errorResponse(notFound(`no ${STORED[name].noun} ${id}`))
        : jsonResponse(resource.toJson(found));
    },
  };
}

function writeHandlers<K extends WritableName>(resource: ApiResource<K>) {
  const { name } = resource;
  return {
    async put(c: Ctx): Promise<Response> {
      const id = idOf(c, resource);
      const problems: Problem[] = [];
      const options = parseWriteOptions(c.req.raw, problems);
      const json = await readJsonBody(c.req.raw, resource.maxBody);
      if (!json.ok) return errorResponse(json.error);
      const value = resource.parseBody(id, json.value, outboundOf(c));
      if (!value.ok) problems.unshift(...value.error);
      if (!value.ok || problems.length > 0) return errorResponse(invalid(problems));
      const result = await controlPlaneResources(c.env).putResource(name, value.value, options);
      if (!result.ok) return errorResponse(result.error);
      const { changeInfo, created } = result.value;
      const location = `/api/v1${resource.path}/${encodeURIComponent(id)}`;
      return jsonResponse(
        { ChangeInfo: changeInfo },
        created ? 201 : 200,
        created ? { Location: location } : {},
      );
    },
    delete: deleteHandler(name, resource),
  };
}

/** DELETE of one resource: its ChangeInfo; `afterDelete` runs once it is gone. */
export function deleteHandler(
  name: DeletableName,
  ids: Pick<ApiResourceView<ResourceName>, 'normalizeId'> = {},
  afterDelete?: (c: Ctx) => void,
) {
  return async (c: Ctx): Promise<Response> => {
    const problems: Problem[] = [];
    const options = parseWriteOptions(c.req.raw, problems);
    if (problems.length > 0) return errorResponse(invalid(problems));
    const result = await controlPlaneResources(c.env).deleteResource(name, idOf(c, ids), options);
    if (!result.ok) return errorResponse(result.error);
    afterDelete?.(c);
    return jsonResponse({ ChangeInfo: result.value });
  };
}

/** The two routes of a resource, for the route table (routes.ts). */
export function resourceRoutes<K extends WritableName>(resource: ApiResource<K>) {
  const read = readHandlers(resource);
  const write = writeHandlers(resource);
  return [
    { path: resource.path, public: false, methods: { GET: read.list } },
    {
      path: `${resource.path}/:id`,
      public: false,
      methods: { GET: read.get, PUT: write.put, DELETE: write.delete },
    },
  ] as const;
}
