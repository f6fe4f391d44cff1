/**
 * The management API's routes, in one table: the router registers them (and a 405 with `Allow`
 * for every other method on a known path), openapi.ts documents them, and a test checks that the
 * two agree.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { getChange, getStatus, postChanges } from './changes';
import { CIDR_COLLECTIONS_API } from './cidr-collections';
import { deleteHealthStatus, getHealthStatus, listHealthStatuses, putHealthStatus } from './health';
import {
  createHealthCheck,
  deleteHealthCheck,
  getHealthCheck,
  listHealthChecks,
  updateHealthCheck,
} from './health-checks';
import { jsonResponse } from './json';
import { deleteLatency, deleteSampledLatency, getLatency, postLatency, putLatency } from './latency';
import { OPENAPI_DOCUMENT } from './openapi';
import { ORIGINS_API } from './origins';
import { REGIONS_API } from './regions';
import { resourceRoutes } from './resources';
import { getTestDnsAnswer } from './test-answer';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  testWebhook,
  updateWebhook,
} from './webhooks';
import { deleteZone, exportZone, getZone, listZones, putZone } from './zones';

export type ApiMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';
type ApiHandler = (c: Context<AppEnv>) => Promise<Response>;

export interface ApiRoute {
  /** Hono path below /api/v1 (`:zone` style parameters). */
  readonly path: string;
  /** Reachable without a bearer token. */
  readonly public: boolean;
  readonly methods: Readonly<Partial<Record<ApiMethod, ApiHandler>>>;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { path: '/openapi.json', public: true, methods: { GET: async () => jsonResponse(OPENAPI_DOCUMENT) } },
  { path: '/status', public: false, methods: { GET: getStatus } },
  { path: '/zones', public: false, methods: { GET: listZones } },
  { path: '/zones/:zone', public: false, methods: { GET: getZone, PUT: putZone, DELETE: deleteZone } },
  { path: '/zones/:zone/changes', public: false, methods: { POST: postChanges } },
  { path: '/zones/:zone/export', public: false, methods: { GET: exportZone } },
  { path: '/changes/:id', public: false, methods: { GET: getChange } },
  ...resourceRoutes(CIDR_COLLECTIONS_API),
  ...resourceRoutes(REGIONS_API),
  ...resourceRoutes(ORIGINS_API),
  { path: '/health-checks/status', public: false, methods: { GET: listHealthStatuses } },
  {
    path: '/health-checks/:id/status',
    public: false,
    methods: { GET: getHealthStatus, PUT: putHealthStatus, DELETE: deleteHealthStatus },
  },
  { path: '/test-dns-answer', public: false, methods: { GET: getTestDnsAnswer } },
  {
    path: '/latency',
    public: false,
    methods: { GET: getLatency, PUT: putLatency, POST: postLatency, DELETE: deleteLatency },
  },
  { path: '/latency/sampled', public: false, methods: { DELETE: deleteSampledLatency } },
  // After /health-checks/status, so that path keeps its own route.
  { path: '/health-checks', public: false, methods: { GET: listHealthChecks, POST: createHealthCheck } },
  {
    path: '/health-checks/:id',
    public: false,
    methods: { GET: getHealthCheck, PUT: updateHealthCheck, DELETE: deleteHealthCheck },
  },
  { path: '/webhooks', public: false, methods: { GET: listWebhooks, POST: createWebhook } },
  {
    path: '/webhooks/:id',
    public: false,
    methods: { GET: getWebhook, PUT: updateWebhook, DELETE: deleteWebhook },
  },
  { path: '/webhooks/:id/test', public: false, methods: { POST: testWebhook } },
];

/** Methods a route answers, as listed in `Allow` (HEAD comes with GET). */
export function allowedMethods(route: ApiRoute): string[] {
  const methods: string[] = Object.keys(route.methods);
  return methods.includes('GET') ? [...methods, 'HEAD'] : methods;
}
