/**
 * The client beacon's HTTP endpoints (latency/client-beacons.ts): `GET /beacon.js`,
 * `GET /beacon/plan` and `POST /beacon/report`, public and CORS-open (`*`, no credentials), on the
 * DoH host. Off (404) unless CLIENT_BEACON_SECRET is set; 503 when it is shorter than 32 characters.
 *
 * Replies: 200 (script, plan), 202 (report accepted), 400 with every problem listed, 403 (token
 * missing, forged, expired or issued to another network), 404 (off), 405 (other methods, with
 * Allow), 413 (report over 4 KiB), 415 (report not text/plain or JSON), 429 with Retry-After
 * (over the budget).
 */
import type { Context, Hono } from 'hono';
import { readBodyBytes } from '../body-reader';
import { parseIPv4, parseIPv6 } from '../dns/rdata/addresses';
import { configOf, type Env } from '../env';
import type { Beacon } from '../latency/beacons';
import { beaconNetworkOf, type NetworkSample } from '../latency/cell-kinds';
import {
  BEACON_SCRIPT,
  BeaconBudget,
  beaconKey,
  DEFAULT_REPORT_INTERVAL_MS,
  MAX_REPORT_BYTES,
  MIN_SECRET_LENGTH,
  parseReport,
  signToken,
  TOKEN_TTL_MS,
  verifyToken,
} from '../latency/client-beacons';
import { latencyState } from '../latency/latency-api-client';
import { type BatchCounters, SampleBatcher } from '../latency/sample-batcher';
import { configStoreFor } from '../store/config-store';
import type { AppEnv } from './app-env';
import { samplingIntervals } from './latency-sampling';

const CORS = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' } as const;

const json = (body: unknown, status: number, extra: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { ...CORS, 'Content-Type': 'application/json', ...extra },
  });

const refused = (status: number, error: string, extra: Record<string, string> = {}): Response =>
  json({ error }, status, extra);

const tooMany = (waitMs: number, what: string): Response =>
  refused(429, `over the client-beacon budget: ${what}`, { 'Retry-After': String(Math.ceil(waitMs / 1000)) });

/** What one isolate holds for one Env: the key, the budget and the batcher. */
interface BeaconService {
  readonly key: Promise<CryptoKey>;
  readonly budget: BeaconBudget;
  readonly batcher: SampleBatcher<NetworkSample>;
  readonly counters: BatchCounters;
}

const services = new WeakMap<Env, BeaconService | string | null>();

/** This isolate's beacon service; null when off; a message when misconfigured. */
export function beaconServiceFor(env: Env): BeaconService | string | null {
  let service = services.get(env);
  if (service !== undefined) return service;
  const secret = env.CLIENT_BEACON_SECRET;
  if (secret === undefined || secret === '') service = null;
  else if (secret.length < MIN_SECRET_LENGTH) {
    service = `client beacons are misconfigured: CLIENT_BEACON_SECRET needs at least ${MIN_SECRET_LENGTH} characters`;
  } else {
    const seconds = Number(env.CLIENT_BEACON_SECONDS);
    const intervalMs =
      env.CLIENT_BEACON_SECONDS !== undefined && seconds >= 0 ? seconds * 1000 : DEFAULT_REPORT_INTERVAL_MS;
    const counters: BatchCounters = { sampled: 0, dropped: 0, batches: 0, batchFailures: 0 };
    service = {
      key: beaconKey(secret),
      budget: new BeaconBudget(intervalMs),
      counters,
      batcher: new SampleBatcher<NetworkSample>(
        (batch) => latencyState(env).recordNetworkSamples(batch),
        () => Date.now(),
        samplingIntervals(env).flushMs,
        counters,
      ),
    };
  }
  services.set(env, service);
  return service;
}

/** A browser-fetchable URL for a beacon: its BeaconUrl, or the HTTP(S) endpoint of its health check. */
export function beaconUrlOf(beacon: Beacon): string | null {
  if (beacon.from.kind === 'beacon-url') return beacon.from.url;
  const spec = beacon.spec;
  if (spec.type !== 'HTTP' && spec.type !== 'HTTPS') return null;
  const host = spec.fullyQualifiedDomainName ?? spec.ipAddress;
  if (host === undefined) return null;
  const scheme = spec.type === 'HTTPS' ? 'https' : 'http';
  const port = spec.port === undefined ? '' : `:${spec.port}`;
  const path = spec.resourcePath ?? '/';
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}${port}${path.startsWith('/') ? path : `/${path}`}`;
}

/** The requester's /24 or /48 from CF-Connecting-IP; undefined without a usable address. */
function requesterNetwork(request: Request): string | undefined {
  const ip = request.headers.get('CF-Connecting-IP')?.trim();
  if (ip === undefined || ip === '') return undefined;
  const parsed = ip.includes(':') ? parseIPv6(ip) : parseIPv4(ip);
  if (!parsed.ok) return undefined;
  const address = parsed.value;
  const family = address.length === 4 ? 4 : 6;
  return beaconNetworkOf({ family, address, length: address.length * 8 });
}

/** The beacons browsers can time, by region (a fresh isolate loads the config first). */
async function targetsOf(env: Env, waitUntil: (p: Promise<unknown>) => void): Promise<Map<string, string>> {
  const index = await configStoreFor(env.SNAPSHOTS, configOf(env).snapshotRefreshMs).current(waitUntil);
  const targets = new Map<string, string>();
  for (const beacon of index?.beacons.values() ?? []) {
    const url = beaconUrlOf(beacon);
    if (url !== null) targets.set(beacon.region, url);
  }
  return targets;
}

type Ctx = Context<AppEnv>;

function serviceOr(c: Ctx): BeaconService | Response {
  const service = beaconServiceFor(c.env);
  if (service === null) return refused(404, 'client beacons are off (CLIENT_BEACON_SECRET is not set)');
  if (typeof service === 'string') return refused(503, service);
  return service;
}

async function plan(c: Ctx): Promise<Response> {
  const service = serviceOr(c);
  if (service instanceof Response) return service;
  const now = Date.now();
  const wait = service.budget.plan(now);
  if (wait > 0) return tooMany(wait, 'plans per minute');
  const network = requesterNetwork(c.req.raw);
  if (network === undefined) return refused(400, 'no client address (CF-Connecting-IP) to bind the token to');
  // Samples wait at most until the first plan or report after the flush interval.
  if (service.batcher.due()) c.executionCtx.waitUntil(service.batcher.flush());
  const targets = await targetsOf(c.env, (p) => c.executionCtx.waitUntil(p));
  return json(
    {
      Token: await signToken(await service.key, network, now),
      Network: network,
      ExpiresInSeconds: TOKEN_TTL_MS / 1000,
      Targets: [...targets].map(([region, url]) => ({ Region: region, Url: url })),
    },
    200,
  );
}

async function report(c: Ctx): Promise<Response> {
  const service = serviceOr(c);
  if (service instanceof Response) return service;
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'text/plain' && type !== 'application/json') {
    return refused(415, 'unsupported Content-Type; use one of: text/plain, application/json');
  }
  const bytes = await readBodyBytes(c.req.raw, MAX_REPORT_BYTES);
  if (!bytes.ok) return refused(413, `a report is at most ${MAX_REPORT_BYTES} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes.value));
  } catch {
    return json({ errors: [{ path: '', message: 'the body is not JSON' }] }, 400);
  }
  const targets = await targetsOf(c.env, (p) => c.executionCtx.waitUntil(p));
  const parsed = parseReport(body, new Set(targets.keys()));
  if (!parsed.ok) return json({ errors: parsed.error }, 400);
  const now = Date.now();
  const claims = await verifyToken(await service.key, parsed.value.token, now);
  if (!claims.ok) return refused(403, claims.error);
  const network = requesterNetwork(c.req.raw);
  if (network !== claims.value.network) {
    return refused(403, `the token was issued to ${claims.value.network}, not to this client's network`);
  }
  const wait = service.budget.report(network, now);
  if (wait > 0) return tooMany(wait, `one report per network per interval (${network})`);
  for (const s of parsed.value.samples)
    service.batcher.add({ network, region: s.region, rttMs: s.rttMs, at: now });
  if (service.batcher.due()) c.executionCtx.waitUntil(service.batcher.flush());
  return json({ Accepted: parsed.value.samples.length, Network: network }, 202);
}

const methodNotAllowed = (allow: string) => (): Response =>
  refused(405, `method not allowed; allowed: ${allow}`, { Allow: allow });

/** The routes, for createApp (http/app.ts). */
export function beaconRoutes(app: Hono<AppEnv>): void {
  app.get('/beacon.js', (c) => {
    const service = serviceOr(c);
    if (service instanceof Response) return service;
    return new Response(BEACON_SCRIPT, {
      headers: {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Access-Control-Allow-Origin': '*',
        'Cache-Control': 'public, max-age=3600',
      },
    });
  });
  app.get('/beacon/plan', plan);
  app.post('/beacon/report', report);
  app.options(
    '/beacon/*',
    () =>
      new Response(null, {
        status: 204,
        headers: {
          ...CORS,
          'Access-Control-Allow-Methods': 'GET, POST',
          'Access-Control-Allow-Headers': 'Content-Type',
          'Access-Control-Max-Age': '86400',
        },
      }),
  );
  app.all('/beacon.js', methodNotAllowed('GET, HEAD'));
  app.all('/beacon/plan', methodNotAllowed('GET, HEAD'));
  app.all('/beacon/report', methodNotAllowed('POST'));
}
