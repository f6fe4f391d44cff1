/**
 * DoH (RFC 8484) on /dns-query and the JSON API on /dns-query and /resolve, with the status codes,
 * headers and dispatch of doh-protocol.md §1–§8.
 */
import type { Context, Hono } from 'hono';
import { decodeQuery } from '../../dns/codec/decode';
import { encodeResponse } from '../../dns/codec/encode';
import type { Query } from '../../dns/message';
import { forwardingFor } from '../../forward/service';
import { cacheControlOf } from '../../resolver/cache-control';
import type { Resolution, ResolverSettings } from '../../resolver/context';
import { resolve, serverFailure } from '../../resolver/resolve';
import type { ClientInputs } from '../../resolver/signals';
import { newTrace, type Trace } from '../../resolver/trace';
import { hasAdminToken } from '../api/auth';
import type { AppEnv } from '../app';
import { snapshotsFor } from '../snapshots';
import { traceJson } from './explain';
import { CORS_HEADERS, DNS_JSON, DNS_MESSAGE, httpProblem, jsonProblem, preflight } from './headers';
import { queryFromParams } from './json-query';
import { toJsonReply } from './json-reply';
import { messageFromGet, messageFromPost } from './wire-request';

type Ctx = Context<AppEnv>;
type ReplyFormat = 'wire' | 'json';

/** What a DoH request asked, once its query decoded: all `dohFailure` needs to answer SERVFAIL. */
export interface DohAsked {
  readonly query: Query;
  readonly format: ReplyFormat;
  readonly jsonType: string;
  readonly vary: boolean;
}

const SETTINGS: ResolverSettings = { recursionAvailable: false };
const FORWARDING: ResolverSettings = { recursionAvailable: true };
const TEXT = new TextEncoder();

/** `https://host:port` of an absolute request URL, without parsing the whole URL per query. */
function originOf(url: string): string {
  const path = url.indexOf('/', url.indexOf('//') + 2);
  return path < 0 ? url : url.slice(0, path);
}

/**
 * Resolves against the isolate's snapshots; SERVFAIL while no config could be loaded yet. The
 * client is described by `request.cf` and CF-Connecting-IP (DESIGN.md, Client location).
 */
async function answer(c: Ctx, query: Query, trace?: Trace): Promise<Resolution> {
  const forwarding = forwardingFor(c.env);
  const settings = forwarding.enabled ? FORWARDING : SETTINGS;
  const { zones, signals } = await snapshotsFor(c);
  if (zones === null) return serverFailure(query, settings);
  const client: ClientInputs = {
    cf: c.req.raw.cf as Record<string, unknown> | undefined,
    connectingIp: c.req.header('CF-Connecting-IP') ?? null,
  };
  if (trace)
    trace.versions = {
      config: zones.version,
      health: signals.health.version,
      latency: signals.latencyVersion,
    };
  const resolution = resolve(query, zones, settings, { signals, client, ...(trace ? { trace } : {}) });
  if (resolution.upstream === undefined) return resolution;
  // Outside hosted zones (or past a delegation / out-of-zone CNAME): upstream DoH and its caches.
  return forwarding.complete(resolution.upstream, {
    origin: originOf(c.req.url),
    waitUntil: (p) => c.executionCtx.waitUntil(p),
    signal: c.req.raw.signal,
  });
}

function wireReply(resolution: Resolution, query: Query, vary: boolean): Response {
  let res = resolution;
  let body = encodeResponse(res.response);
  if (body === null) {
    res = serverFailure(query, res.response.ra ? FORWARDING : SETTINGS);
    body = encodeResponse(res.response)!;
  }
  const headers: Record<string, string> = {
    ...CORS_HEADERS,
    'Content-Type': DNS_MESSAGE,
    'Content-Length': String(body.length),
    'Cache-Control': cacheControlOf(res),
  };
  if (vary) headers['Vary'] = 'Accept';
  return new Response(body, { status: 200, headers });
}

function jsonReply(resolution: Resolution, contentType: string, vary: boolean, trace?: Trace): Response {
  const headers: Record<string, string> = {
    ...CORS_HEADERS,
    'Content-Type': contentType,
    'Cache-Control': cacheControlOf(resolution),
  };
  if (vary) headers['Vary'] = 'Accept';
  const json = toJsonReply(resolution.response);
  const body = TEXT.encode(JSON.stringify(trace ? { ...json, Explain: traceJson(trace) } : json));
  headers['Content-Length'] = String(body.length);
  return new Response(body, { status: 200, headers });
}

async function answerBytes(
  c: Ctx,
  bytes: Uint8Array,
  format: ReplyFormat,
  jsonType: string,
): Promise<Response> {
  const decoded = decodeQuery(bytes);
  if (!decoded.ok) {
    return format === 'json' ? jsonProblem(decoded.error, jsonType) : httpProblem(400, decoded.error);
  }
  const isGet = c.req.method === 'GET';
  c.set('dohAsked', { query: decoded.value, format, jsonType, vary: isGet });
  const resolution = await answer(c, decoded.value);
  return format === 'json'
    ? jsonReply(resolution, jsonType, isGet)
    : wireReply(resolution, decoded.value, isGet);
}

async function answerParams(c: Ctx, params: URLSearchParams, format: ReplyFormat, jsonType: string) {
  const query = queryFromParams(params);
  if (!query.ok) return jsonProblem(query.error, jsonType);
  const explain = params.get('explain') === '1' && format === 'json';
  // explain=1 needs the admin token: traces show health checks and configuration.
  if (explain && !(await hasAdminToken(c))) {
    return new Response(JSON.stringify({ error: 'explain=1 needs Authorization: Bearer <admin token>' }), {
      status: 401,
      headers: {
        ...CORS_HEADERS,
        'Content-Type': jsonType,
        'Cache-Control': 'no-store',
        'WWW-Authenticate': 'Bearer',
      },
    });
  }
  const trace = explain ? newTrace() : undefined;
  c.set('dohAsked', { query: query.value, format, jsonType, vary: true });
  const resolution = await answer(c, query.value, trace);
  return format === 'json'
    ? jsonReply(resolution, jsonType, true, trace)
    : wireReply(resolution, query.value, true);
}

function acceptsJson(c: Ctx): boolean {
  return (c.req.header('Accept') ?? '').toLowerCase().includes(DNS_JSON);
}

async function dnsQuery(c: Ctx): Promise<Response> {
  const method = c.req.method; // Hono runs GET handlers for HEAD: check the method ourselves.
  if (method === 'OPTIONS') return preflight();
  if (method === 'POST') {
    const body = await messageFromPost(c.req.raw);
    if (!body.ok) return httpProblem(body.error.status, body.error.reason);
    return answerBytes(c, body.value, 'wire', DNS_JSON);
  }
  if (method !== 'GET') return httpProblem(405, 'method not allowed', { Allow: 'GET, POST, OPTIONS' });
  const params = new URL(c.req.url).searchParams;
  const dns = params.get('dns');
  const json = acceptsJson(c) || (dns === null && params.has('name'));
  if (json && dns === null) return answerParams(c, params, 'json', DNS_JSON);
  const bytes = messageFromGet(dns);
  if (!bytes.ok)
    return json ? jsonProblem(bytes.error.reason, DNS_JSON) : httpProblem(400, bytes.error.reason);
  return answerBytes(c, bytes.value, json ? 'json' : 'wire', DNS_JSON);
}

const APPLICATION_JSON = 'application/json';

async function resolveJson(c: Ctx): Promise<Response> {
  const method = c.req.method;
  if (method === 'OPTIONS') return preflight();
  if (method !== 'GET') return httpProblem(405, 'method not allowed', { Allow: 'GET, OPTIONS' });
  const params = new URL(c.req.url).searchParams;
  const wire = params.get('ct') === DNS_MESSAGE;
  return answerParams(c, params, wire ? 'wire' : 'json', APPLICATION_JSON);
}

function settingsOf(c: Ctx): ResolverSettings {
  try {
    return forwardingFor(c.env).enabled ? FORWARDING : SETTINGS;
  } catch {
    return SETTINGS;
  }
}

/**
 * The DoH routes' error handler: an exception anywhere on the query path is still a DNS answer.
 * SERVFAIL in the asked format once the query decoded (never cached), else 400; CORS either way.
 */
export function dohFailure(error: unknown, c: Ctx): Response {
  console.error('DoH query failed:', error instanceof Error ? error.message : String(error));
  const asked = c.get('dohAsked');
  if (asked === undefined) return httpProblem(400, 'request could not be read');
  try {
    const failure = serverFailure(asked.query, settingsOf(c));
    return asked.format === 'json'
      ? jsonReply(failure, asked.jsonType, asked.vary)
      : wireReply(failure, asked.query, asked.vary);
  } catch {
    return httpProblem(400, 'request could not be answered');
  }
}

export function registerDohRoutes(app: Hono<AppEnv>): void {
  app.all('/dns-query', dnsQuery);
  app.all('/resolve', resolveJson);
}
