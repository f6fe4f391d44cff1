/**
 * DoH (RFC 8484) on /dns-query and the JSON API on /dns-query and /resolve, with the status codes,
 * headers and dispatch of docs/doh-protocol.md §1–§8: HTTP in, bytes (or a Query) to the query pipeline
 * (resolver/pipeline.ts), bytes out with their headers. Served straight from the Worker's `fetch`, not
 * through Hono: the query path is the hot one, and Hono's context and routing cost it about a tenth
 * of its CPU under load (README, Load benchmark) for two fixed paths.
 */

import { isAdminToken } from '../../auth/admin-token';
import type { Query } from '../../dns/message';
import type { Env } from '../../env';
import { forwardingFor } from '../../forward/service';
import { cacheControlOf } from '../../resolver/cache-control';
import type { Resolution } from '../../resolver/context';
import {
  type Answered,
  answerQuery,
  encodeAnswer,
  type Forwarder,
  handleQuery,
  type QueryDeps,
  serverFailure,
  settingsOf,
} from '../../resolver/pipeline';
import type { ClientInputs } from '../../resolver/signals';
import { newTrace, type Trace } from '../../resolver/trace';
import { afterAnswer, samplingDue } from '../latency-sampling';
import { snapshotsFor } from '../snapshots';
import { traceJson } from './explain';
import { CORS_HEADERS, DNS_JSON, DNS_MESSAGE, httpProblem, jsonProblem, preflight } from './headers';
import { queryFromParams } from './json-query';
import { toJsonReply } from './json-reply';
import { messageFromGet, messageFromPost, plainDnsParam } from './wire-request';

type ReplyFormat = 'wire' | 'json';

/** What a DoH request asked, once its query decoded: all `dohFailure` needs to answer SERVFAIL. */
interface DohAsked {
  readonly query: Query;
  readonly format: ReplyFormat;
  readonly jsonType: string;
  readonly vary: boolean;
}

/**
 * One DoH request, what the handlers need of the Worker around it, and the query pipeline's deps
 * for it (docs/DESIGN.md): the isolate's snapshots, forward/ as the forwarder (when enabled), and
 * the client as `request.cf` and CF-Connecting-IP describe it. Methods and prototype getters, not
 * per-request closures: the pipeline runs for every query.
 */
class Ctx implements QueryDeps {
  asked?: DohAsked;
  trace?: Trace;
  private bound: ((p: Promise<unknown>) => void) | undefined;

  constructor(
    readonly request: Request,
    readonly env: Env,
    private readonly execution: ExecutionContext,
  ) {}

  get waitUntil(): (p: Promise<unknown>) => void {
    this.bound ??= (p) => this.execution.waitUntil(p);
    return this.bound;
  }

  snapshots() {
    return snapshotsFor(this.env, this.waitUntil);
  }

  forwarder(): Forwarder | null {
    const forwarding = forwardingFor(this.env);
    if (!forwarding.enabled) return null;
    return {
      forward: (handoff) =>
        forwarding.complete(handoff, {
          origin: originOf(this.request.url),
          waitUntil: this.waitUntil,
          signal: this.request.signal,
        }),
    };
  }

  /** The client facts are this request's: read only when a policy must locate the client. */
  get client(): ClientInputs {
    return this;
  }

  /** Reading request.cf costs workerd 2-6 µs (bench: a Worker that reads it against one that does not). */
  get cf(): Record<string, unknown> | undefined {
    return this.request.cf as Record<string, unknown> | undefined;
  }

  get connectingIp(): string | null {
    return this.request.headers.get('CF-Connecting-IP');
  }
}

const TEXT = new TextEncoder();

/** Where the path of an absolute request URL starts (-1: none), without parsing the whole URL. */
const pathStart = (url: string): number => url.indexOf('/', url.indexOf('//') + 2);

/** `https://host:port` of an absolute request URL. */
function originOf(url: string): string {
  const path = pathStart(url);
  return path < 0 ? url : url.slice(0, path);
}

function wireReply(answered: Answered, vary: boolean): Response {
  const headers: Record<string, string> = {
    ...CORS_HEADERS,
    'Content-Type': DNS_MESSAGE,
    'Content-Length': String(answered.bytes.length),
    'Cache-Control': answered.cacheControl,
  };
  if (vary) headers['Vary'] = 'Accept';
  return new Response(answered.bytes, { status: 200, headers });
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

/** A wire query (GET ?dns= or POST body) answered in the asked format. */
async function answerBytes(
  c: Ctx,
  bytes: Uint8Array,
  format: ReplyFormat,
  jsonType: string,
): Promise<Response> {
  const isGet = c.request.method === 'GET';
  const handled = await handleQuery(bytes, c);
  if (!handled.ok) {
    return format === 'json' ? jsonProblem(handled.error, jsonType) : httpProblem(400, handled.error);
  }
  c.asked = { query: handled.value.query, format, jsonType, vary: isGet };
  return format === 'json'
    ? jsonReply(handled.value.resolution, jsonType, isGet)
    : wireReply(handled.value, isGet);
}

async function answerParams(c: Ctx, params: URLSearchParams, format: ReplyFormat, jsonType: string) {
  const query = queryFromParams(params);
  if (!query.ok) return jsonProblem(query.error, jsonType);
  const explain = params.get('explain') === '1' && format === 'json';
  // explain=1 needs the admin token: traces show health checks and configuration.
  if (explain && !(await isAdminToken(c.env, c.request.headers.get('Authorization')))) {
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
  if (trace) c.trace = trace;
  c.asked = { query: query.value, format, jsonType, vary: true };
  const resolution = await answerQuery(query.value, c);
  return format === 'json'
    ? jsonReply(resolution, jsonType, true, trace)
    : wireReply(encodeAnswer(query.value, resolution), true);
}

function acceptsJson(c: Ctx): boolean {
  return (c.request.headers.get('Accept') ?? '').toLowerCase().includes(DNS_JSON);
}

async function dnsQuery(c: Ctx): Promise<Response> {
  const method = c.request.method;
  if (method === 'OPTIONS') return preflight();
  if (method === 'POST') {
    const body = await messageFromPost(c.request);
    if (!body.ok) return httpProblem(body.error.status, body.error.reason);
    return answerBytes(c, body.value, 'wire', DNS_JSON);
  }
  if (method !== 'GET') return httpProblem(405, 'method not allowed', { Allow: 'GET, POST, OPTIONS' });
  // The common DoH GET (?dns=<base64url>) needs no URL parsing; anything else gets URLSearchParams.
  const plain = plainDnsParam(c.request.url);
  let dns: string | null;
  let json: boolean;
  if (plain !== undefined) {
    dns = plain;
    json = acceptsJson(c);
  } else {
    const params = new URL(c.request.url).searchParams;
    dns = params.get('dns');
    json = acceptsJson(c) || (dns === null && params.has('name'));
    if (json && dns === null) return answerParams(c, params, 'json', DNS_JSON);
  }
  const bytes = messageFromGet(dns);
  if (!bytes.ok)
    return json ? jsonProblem(bytes.error.reason, DNS_JSON) : httpProblem(400, bytes.error.reason);
  return answerBytes(c, bytes.value, json ? 'json' : 'wire', DNS_JSON);
}

const APPLICATION_JSON = 'application/json';

async function resolveJson(c: Ctx): Promise<Response> {
  const method = c.request.method;
  if (method === 'OPTIONS') return preflight();
  if (method !== 'GET') return httpProblem(405, 'method not allowed', { Allow: 'GET, OPTIONS' });
  const params = new URL(c.request.url).searchParams;
  const wire = params.get('ct') === DNS_MESSAGE;
  return answerParams(c, params, wire ? 'wire' : 'json', APPLICATION_JSON);
}

/** The RA bit of this Worker's answers, even when its forwarding settings cannot be read. */
function settingsFor(c: Ctx) {
  try {
    return settingsOf(forwardingFor(c.env).enabled);
  } catch {
    return settingsOf(false);
  }
}

/**
 * The DoH routes' error handler: an exception anywhere on the query path is still a DNS answer.
 * SERVFAIL in the asked format once the query decoded (never cached), else 400; CORS either way.
 */
function dohFailure(error: unknown, c: Ctx): Response {
  console.error('DoH query failed:', error instanceof Error ? error.message : String(error));
  const asked = c.asked;
  if (asked === undefined) return httpProblem(400, 'request could not be read');
  try {
    const failure = serverFailure(asked.query, settingsFor(c));
    return asked.format === 'json'
      ? jsonReply(failure, asked.jsonType, asked.vary)
      : wireReply(encodeAnswer(asked.query, failure), asked.vary);
  } catch {
    return httpProblem(400, 'request could not be answered');
  }
}

/** The path of an absolute request URL: after the authority, before any query string. */
function pathOf(url: string): string {
  const start = pathStart(url);
  if (start < 0) return '/';
  const end = url.indexOf('?', start);
  return end < 0 ? url.slice(start) : url.slice(start, end);
}

/** The DoH answer to `request`, or null when its path is not a DoH one. */
export function serveDoh(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> | null {
  const path = pathOf(request.url);
  const handler = path === '/dns-query' ? dnsQuery : path === '/resolve' ? resolveJson : null;
  if (handler === null) return null;
  const c = new Ctx(request, env, ctx);
  const answer = handler(c).catch((error: unknown) => dohFailure(error, c));
  // Edge latency sampling starts only once the answer exists, and only when a check is due.
  if (!samplingDue(env)) return answer;
  return answer.then((response) => {
    afterAnswer(request, env, ctx);
    return response;
  });
}
