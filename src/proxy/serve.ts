/**
 * The reverse proxy's entry (origin steering at the edge): a request whose Host is a declared
 * origin host (ZoneIndex.origins) and whose path is not /api/… is served from the member the
 * policy engine picks for the origin's `originName`, located at this colo, with failover inside
 * the request (failover.ts), the Cache API when the origin allows it (origin-cache.ts) and the
 * headers of observe.ts. Everything else goes to `fallback` (the management API and its 404).
 * Reads only the isolate's snapshots: no KV or DO call per request in steady state.
 */
import { isAdminToken } from '../auth/admin-token';
import type { Env } from '../env';
import type { Snapshots } from '../resolver/pipeline';
import type { Signals } from '../resolver/signals';
import type { SnapshotOrigin } from '../zones/snapshot';
import type { ZoneIndex } from '../zones/zone-index';
import { type Attempt, fetchWithFailover } from './failover';
import { DEBUG_HEADER, debugHeader, serverTiming } from './observe';
import { cacheKeyOf, mayStore } from './origin-cache';
import { type ClientRequest, endToEndHeaders } from './origin-request';
import { passiveHealth } from './passive-health';
import { edgeCfOf } from './resolve-origin';

export interface ProxyDeps {
  /** The isolate's snapshots (http/snapshots.ts), the same the DoH path reads. */
  readonly snapshots: () => Snapshots | Promise<Snapshots>;
  /** Requests that are not proxied. */
  readonly fallback: () => Response | Promise<Response>;
}

/** Methods whose request may be sent twice (RFC 9110 §9.2.2); POST and PATCH are tried once. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
/** An idempotent request's body is buffered to be replayed only up to this (a declared length). */
const REPLAY_LIMIT = 1024 * 1024;

function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

function failure(status: 502 | 504, reason: string, headers: Headers): Response {
  headers.set('Content-Type', 'text/plain; charset=utf-8');
  headers.set('Cache-Control', 'no-store');
  const what = status === 504 ? 'origin timed out' : 'origin unavailable';
  return new Response(`${status} ${what}: ${reason}\n`, { status, headers });
}

/** The body to send, and whether it can be sent again. */
async function bodyOf(
  request: Request,
): Promise<{ body: ArrayBuffer | ReadableStream | null; replayable: boolean }> {
  if (request.body === null) return { body: null, replayable: IDEMPOTENT.has(request.method) };
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (IDEMPOTENT.has(request.method) && declared <= REPLAY_LIMIT) {
    return { body: await request.arrayBuffer(), replayable: true };
  }
  return { body: request.body, replayable: false };
}

async function proxy(
  request: Request,
  url: URL,
  env: Env,
  ctx: ExecutionContext,
  origin: SnapshotOrigin,
  snap: { zones: ZoneIndex; signals: Signals },
): Promise<Response> {
  const start = Date.now();
  const admin = await isAdminToken(env, request.headers.get('Authorization'));
  const cacheable = origin.cacheMode === 'origin' && request.method === 'GET';
  /** The client's response; `own` headers are this response's alone and may be changed in place. */
  const out = (
    response: Response,
    attempts: readonly Attempt[],
    cache?: 'hit' | 'miss',
    reason?: string,
    own?: Headers,
  ) => {
    const headers = own ?? new Headers(response.headers);
    headers.set('Server-Timing', serverTiming(attempts, Date.now() - start, cache));
    if (admin) {
      const last = attempts.at(-1);
      const counters = last ? passiveHealth.counters(last.choice.target.key) : undefined;
      const info = { host: origin.host, attempts, counters, ...(cache === 'hit' ? { cache } : {}) };
      headers.set(DEBUG_HEADER, debugHeader(reason ? { ...info, reason } : info));
    }
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
  if (cacheable) {
    const hit = await caches.default.match(cacheKeyOf(url));
    if (hit !== undefined) return out(hit, [], 'hit');
  }
  const { body, replayable } = await bodyOf(request);
  const client: ClientRequest = {
    method: request.method,
    url,
    headers: request.headers,
    clientIp: request.headers.get('CF-Connecting-IP'),
    adminToken: admin,
  };
  const result = await fetchWithFailover({
    origin,
    client,
    body,
    replayable,
    zones: snap.zones,
    signals: snap.signals,
    edgeCf: edgeCfOf(request.cf as Record<string, unknown> | undefined),
    directIp: env.ORIGIN_DIRECT_IP === 'true',
    passive: passiveHealth,
    fetch: (u, init) => fetch(u, init),
    now: Date.now,
  });
  if (!result.ok) {
    const { status, reason, attempts } = result.error;
    return out(failure(status, reason, new Headers()), attempts, undefined, reason);
  }
  const { response: upstream, attempts } = result.value;
  const headers = endToEndHeaders(upstream.headers);
  if (!cacheable) return out(upstream, attempts, undefined, undefined, headers);
  const response = new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers,
  });
  if (mayStore(response)) ctx.waitUntil(caches.default.put(cacheKeyOf(url), response.clone()));
  return out(response, attempts, 'miss');
}

/** The proxied answer, or null when the path is never proxied (/api/…; DoH paths come before). */
export function serveProxy(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  deps: ProxyDeps,
): Promise<Response> | null {
  const url = new URL(request.url);
  if (isApiPath(url.pathname)) return null;
  return (async () => {
    const snap = await deps.snapshots();
    const zones = snap.zones;
    const origin = zones?.origins.get(url.hostname);
    if (zones === null || origin === undefined) return deps.fallback();
    return proxy(request, url, env, ctx, origin, { zones, signals: snap.signals });
  })();
}
