/**
 * Failover inside one request: resolve, fetch, and on a connect failure, a timeout (each attempt
 * gets min(timeoutMs, budget left)) or, with `on5xx`, a 5xx, resolve again with the failed member
 * marked down and try what the policy picks next; at most `retry.attempts` within
 * `retry.budgetMs`. A request whose body cannot be replayed is tried once. The response is handed
 * back once its headers arrived: nothing is retried after the body starts to flow to the client.
 */
import { bytesToHex } from '../encoding/hex';
import type { Member } from '../policy/group';
import type { Signals } from '../resolver/signals';
import { err, ok, type Result } from '../result';
import type { SnapshotOrigin } from '../zones/snapshot';
import type { ZoneIndex } from '../zones/zone-index';
import { type ClientRequest, originHeaders, originUrl } from './origin-request';
import type { PassiveHealth } from './passive-health';
import { type OriginChoice, type OriginTarget, resolveOrigin } from './resolve-origin';

export type AttemptOutcome = 'ok' | 'connect' | 'timeout' | '5xx';

export interface Attempt {
  readonly choice: OriginChoice;
  readonly outcome: AttemptOutcome;
  readonly ms: number;
  readonly detail: string;
}

export interface FailoverInputs {
  readonly origin: SnapshotOrigin;
  readonly client: ClientRequest;
  /** Bytes when the body can be sent again, else the stream (or null: no body). */
  readonly body: ArrayBuffer | ReadableStream | null;
  readonly replayable: boolean;
  readonly zones: ZoneIndex;
  readonly signals: Signals;
  readonly edgeCf: Readonly<Record<string, unknown>>;
  /** ORIGIN_DIRECT_IP: IP members may be fetched by address. */
  readonly directIp: boolean;
  readonly passive: PassiveHealth;
  readonly fetch: (url: string, init: RequestInit) => Promise<Response>;
  readonly now: () => number;
}

export interface Proxied {
  readonly response: Response;
  readonly attempts: readonly Attempt[];
}

export interface ProxyFailure {
  readonly status: 502 | 504;
  readonly reason: string;
  readonly attempts: readonly Attempt[];
}

/** The RDATA a member leads to: its own, or a plain alias target's (routed targets: none). */
function memberKeys(m: Member): readonly Uint8Array[] {
  if (m.alias === null) return m.rdata;
  const target = m.alias.target;
  return target !== null && target.routed === null ? target.rdata : [];
}

export function labelOf(target: OriginTarget): string {
  return target.kind === 'host' ? target.hostname : target.address;
}

type Fetched = { readonly outcome: AttemptOutcome; readonly response?: Response; readonly detail: string };

async function fetchOnce(
  inputs: FailoverInputs,
  url: string,
  init: RequestInit,
  ms: number,
): Promise<Fetched> {
  // The runtime's own timer (no JS timer to set and clear per attempt).
  const signal = AbortSignal.timeout(ms);
  try {
    const response = await inputs.fetch(url, { ...init, signal });
    const failed = inputs.origin.retry.on5xx && response.status >= 500;
    return { outcome: failed ? '5xx' : 'ok', response, detail: String(response.status) };
  } catch (e) {
    if (signal.aborted) return { outcome: 'timeout', detail: `no response headers in ${ms} ms` };
    return { outcome: 'connect', detail: e instanceof Error ? e.message : String(e) };
  }
}

export async function fetchWithFailover(inputs: FailoverInputs): Promise<Result<Proxied, ProxyFailure>> {
  const { origin, client, signals } = inputs;
  const start = inputs.now();
  const tried = new Set<string>();
  const passiveDown = new Map<string, boolean>(); // once per key per request (passive-health.ts)
  const isDown = (key: string, m: Member): boolean => {
    if (tried.has(key)) return true;
    let down = passiveDown.get(key);
    if (down === undefined) {
      down = inputs.passive.isDown(key, m.healthCheckId, signals.health);
      passiveDown.set(key, down);
    }
    return down;
  };
  const memberDown = (m: Member): boolean => {
    const keys = memberKeys(m);
    return keys.length > 0 && keys.every((rdata) => isDown(bytesToHex(rdata), m));
  };
  const attempts: Attempt[] = [];
  const maxAttempts = inputs.replayable ? Math.max(1, origin.retry.attempts) : 1;
  while (attempts.length < maxAttempts) {
    const left = origin.retry.budgetMs - (inputs.now() - start);
    if (attempts.length > 0 && left <= 0) break;
    const resolved = resolveOrigin(origin.originName, {
      zones: inputs.zones,
      signals,
      edgeCf: inputs.edgeCf,
      tried,
      memberDown,
    });
    if (!resolved.ok) {
      if (attempts.length === 0) return err({ status: 502, reason: resolved.error, attempts });
      break; // every choice the policy still makes has failed in this request
    }
    const choice = resolved.value;
    const target = choice.target;
    if (target.kind === 'ip' && !inputs.directIp) {
      const reason = `origin member ${target.address} is an IP address: fetch to a bare IP needs ORIGIN_DIRECT_IP="true" (README, Reverse proxy); give the member a hostname (CNAME) instead`;
      return err({ status: 502, reason, attempts });
    }
    const attemptStart = inputs.now();
    const where = originUrl(origin, target, client.url);
    const fetched = await fetchOnce(
      inputs,
      where.url,
      {
        method: client.method,
        headers: originHeaders(origin, client),
        body: inputs.body,
        redirect: 'manual',
        ...(where.resolveOverride ? { cf: { resolveOverride: where.resolveOverride } } : {}),
      },
      Math.max(1, Math.min(origin.timeoutMs, left)),
    );
    attempts.push({
      choice,
      outcome: fetched.outcome,
      ms: inputs.now() - attemptStart,
      detail: fetched.detail,
    });
    inputs.passive.record(target.key, labelOf(target), fetched.outcome === 'ok', signals.health.version);
    if (fetched.outcome === 'ok' && fetched.response) return ok({ response: fetched.response, attempts });
    await fetched.response?.body?.cancel(); // a 5xx we fail over from: its body is never read
    tried.add(target.key);
  }
  const timedOut = attempts.length > 0 && attempts.every((a) => a.outcome === 'timeout');
  const reason = attempts.map((a) => `${labelOf(a.choice.target)}: ${a.outcome} (${a.detail})`).join('; ');
  return err({ status: timedOut ? 504 : 502, reason: `every attempt failed: ${reason}`, attempts });
}
