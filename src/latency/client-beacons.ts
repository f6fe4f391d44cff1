/**
 * Client beacons (issue 11, beyond Route 53): browsers on an operator's pages measure their RTT to
 * each region's beacon and report it, so the latency table learns the path from the client's own
 * network (/24 or /48), not only from the edge colo.
 *
 * The exchange (README, Measured latency):
 *   1. `GET /beacon.js` — BEACON_SCRIPT, the script an operator embeds; it runs once per tab session.
 *   2. `GET /beacon/plan` — a token signed with CLIENT_BEACON_SECRET (HMAC-SHA256) binding the
 *      requester's /24 or /48 and the time, and the beacon URLs to time (beacons.ts).
 *   3. `POST /beacon/report` — the token and one RTT per region. Refused (403) unless the token is
 *      ours, younger than TOKEN_TTL_MS and issued to the reporter's own network; refused (429) over
 *      the budget; accepted samples go to LatencyState in batches (sample-batcher.ts).
 *
 * Budget, per isolate: one accepted report per network per CLIENT_BEACON_SECONDS (default 300),
 * at most REPORTS_PER_MINUTE reports and PLANS_PER_MINUTE plans a minute, MAX_TRACKED_NETWORKS
 * networks remembered; LatencyState keeps MAX_NETWORK_CELLS cells and publishes the usable ones,
 * at most MAX_PUBLISHED_NETWORK_CELLS (cell-kinds.ts), under the usual KV pacing.
 */
import { decodeBase64Url, encodeBase64Url } from '../encoding/base64';
import { err, ok, type Result } from '../result';
import type { Problem } from '../validation/problem';
import { MAX_BEACONS } from './beacons';
import { MAX_RTT_MS } from './latency-store-limits';
import { rememberBounded } from './sample-batcher';

export const TOKEN_TTL_MS = 10 * 60_000;
export const DEFAULT_REPORT_INTERVAL_MS = 300_000;
export const REPORTS_PER_MINUTE = 120;
export const PLANS_PER_MINUTE = 600;
export const MAX_TRACKED_NETWORKS = 10_000;
/** A report is a token and ≤ MAX_BEACONS samples: 4 KiB is ample. */
export const MAX_REPORT_BYTES = 4_096;
/** An HMAC key shorter than this is a configuration error (the endpoints answer 503). */
export const MIN_SECRET_LENGTH = 32;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The HMAC-SHA256 key of `secret` (import once per isolate). */
export function beaconKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

/** `base64url("v1 <network> <issued ms> <nonce>").base64url(hmac)`. */
export async function signToken(key: CryptoKey, network: string, issuedAt: number): Promise<string> {
  const nonce = encodeBase64Url(crypto.getRandomValues(new Uint8Array(9)));
  const payload = encoder.encode(`v1 ${network} ${issuedAt} ${nonce}`);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, payload));
  return `${encodeBase64Url(payload)}.${encodeBase64Url(mac)}`;
}

export interface TokenClaims {
  readonly network: string;
  readonly issuedAt: number;
}

/** The claims of a token we signed, younger than TOKEN_TTL_MS at `now`; else why not. */
export async function verifyToken(
  key: CryptoKey,
  token: unknown,
  now: number,
): Promise<Result<TokenClaims, string>> {
  if (typeof token !== 'string' || token.length > 512) return err('the token is missing or malformed');
  const [head, tail, extra] = token.split('.');
  const payload = head === undefined ? null : decodeBase64Url(head);
  const mac = tail === undefined ? null : decodeBase64Url(tail);
  if (payload === null || mac === null || extra !== undefined)
    return err('the token is missing or malformed');
  if (!(await crypto.subtle.verify('HMAC', key, mac, payload)))
    return err('the token is not signed by this server');
  const [version, network, issued] = decoder.decode(payload).split(' ');
  const issuedAt = Number(issued);
  if (version !== 'v1' || network === undefined || !Number.isFinite(issuedAt)) {
    return err('the token is malformed');
  }
  if (now - issuedAt > TOKEN_TTL_MS || issuedAt - now > 60_000) {
    return err(`the token expired (tokens last ${TOKEN_TTL_MS / 1000} s)`);
  }
  return ok({ network, issuedAt });
}

export interface ReportedSample {
  readonly region: string;
  readonly rttMs: number;
}

export interface BeaconReport {
  readonly token: unknown;
  readonly samples: readonly ReportedSample[];
}

/**
 * A report body `{"Token": "…", "Samples": [{"Region": "us-east-1", "RttMs": 23.4}]}`, each region
 * one of `regions` (the plan's) at most once, each RTT in (0, MAX_RTT_MS]; every problem listed.
 */
export function parseReport(body: unknown, regions: ReadonlySet<string>): Result<BeaconReport, Problem[]> {
  const problems: Problem[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return err([{ path: '', message: 'the report must be a JSON object with Token and Samples' }]);
  }
  const { Token: token, Samples: raw, ...rest } = body as Record<string, unknown>;
  for (const name of Object.keys(rest)) problems.push({ path: `/${name}`, message: 'unknown field' });
  if (typeof token !== 'string') problems.push({ path: '/Token', message: 'required, a string' });
  const samples: ReportedSample[] = [];
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_BEACONS) {
    problems.push({ path: '/Samples', message: `required, an array of 1 to ${MAX_BEACONS} samples` });
  } else {
    const seen = new Set<string>();
    raw.forEach((item, i) => {
      const at = `/Samples/${i}`;
      const s = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
      const region = s['Region'];
      const rtt = s['RttMs'];
      if (typeof region !== 'string' || !regions.has(region)) {
        problems.push({ path: `${at}/Region`, message: 'not a region of the plan' });
      } else if (seen.has(region)) {
        problems.push({ path: `${at}/Region`, message: `${region} is reported twice` });
      }
      if (typeof rtt !== 'number' || !Number.isFinite(rtt) || rtt <= 0 || rtt > MAX_RTT_MS) {
        problems.push({ path: `${at}/RttMs`, message: `a number of ms in (0, ${MAX_RTT_MS}]` });
      }
      if (typeof region === 'string' && typeof rtt === 'number') {
        seen.add(region);
        samples.push({ region, rttMs: rtt });
      }
    });
  }
  return problems.length > 0 ? err(problems) : ok({ token, samples });
}

/** Fixed one-minute windows of a count. */
class MinuteWindow {
  private start = 0;
  private count = 0;

  constructor(private readonly limit: number) {}

  /** Takes one if the minute has room; else the ms until the next minute. */
  take(now: number): number {
    if (now - this.start >= 60_000) {
      this.start = now;
      this.count = 0;
    }
    if (this.count >= this.limit) return this.start + 60_000 - now;
    this.count++;
    return 0;
  }
}

/** One isolate's client-beacon budget (above). */
export class BeaconBudget {
  private readonly lastReport = new Map<string, number>();
  private readonly plans = new MinuteWindow(PLANS_PER_MINUTE);
  private readonly reports = new MinuteWindow(REPORTS_PER_MINUTE);

  constructor(private readonly intervalMs: number) {}

  /** Networks remembered (≤ MAX_TRACKED_NETWORKS). */
  get tracked(): number {
    return this.lastReport.size;
  }

  /** 0 when a plan may be issued now, else the ms to wait. */
  plan(now: number): number {
    return this.plans.take(now);
  }

  /** 0 when `network` may report now (the report is then counted), else the ms to wait. */
  report(network: string, now: number): number {
    const last = this.lastReport.get(network);
    if (last !== undefined && now - last < this.intervalMs) return last + this.intervalMs - now;
    const wait = this.reports.take(now);
    if (wait > 0) return wait;
    rememberBounded(this.lastReport, network, now, MAX_TRACKED_NETWORKS);
    return 0;
  }
}

/**
 * The embeddable script (`<script src="https://doh.example/beacon.js" async></script>`): once per
 * tab session, a second after the page loaded, it fetches a plan from the origin it came from,
 * times each beacon twice (the second fetch reuses the connection, so it measures the path rather
 * than DNS and the handshakes) and posts the second times. Plain text bodies and `credentials:
 * omit` keep every request a CORS simple request with no cookies; any failure ends it silently.
 */
export const BEACON_SCRIPT = `(() => {
  const me = document.currentScript;
  if (!me || !window.fetch || !window.performance) return;
  const origin = new URL(me.src).origin;
  try {
    if (sessionStorage.getItem('edgesteer-beacon')) return;
    sessionStorage.setItem('edgesteer-beacon', '1');
  } catch (e) {}
  const get = { credentials: 'omit', cache: 'no-store' };
  const time = async (url) => {
    const t = performance.now();
    await fetch(url, { ...get, mode: 'no-cors' });
    return performance.now() - t;
  };
  const run = async () => {
    const plan = await (await fetch(origin + '/beacon/plan', get)).json();
    const samples = [];
    for (const t of plan.Targets) {
      if (location.protocol === 'https:' && t.Url.startsWith('http:')) continue;
      try {
        await time(t.Url);
        samples.push({ Region: t.Region, RttMs: Math.max(0.1, Math.round((await time(t.Url)) * 10) / 10) });
      } catch (e) {}
    }
    if (samples.length === 0) return;
    await fetch(origin + '/beacon/report', {
      method: 'POST',
      body: JSON.stringify({ Token: plan.Token, Samples: samples }),
      headers: { 'Content-Type': 'text/plain' },
      credentials: 'omit',
      keepalive: true,
    });
  };
  const go = () => setTimeout(() => run().catch(() => {}), 1000);
  if (document.readyState === 'complete') go();
  else addEventListener('load', go);
})();
`;
