/**
 * One delivery attempt: a JSON POST of the event with its id (and, when the subscription has a
 * secret, its signature) in headers, within DELIVERY_TIMEOUT_MS. A 2xx delivers it; any other
 * status (redirects are not followed), a network error or the timeout is a failed attempt, and so
 * is a URL the outbound rules refuse now (nothing is sent). Every outcome is a value.
 */
import { beforeDeadline, classifyError } from '../health/probe-deadline';
import { type OutboundPolicy, urlTargetProblem } from '../outbound/targets';
import { signatureHeader } from './signature';

export const DELIVERY_TIMEOUT_MS = 10_000;
export const USER_AGENT = 'edgesteer-webhooks';

export interface DeliveryDeps {
  readonly fetch: typeof fetch;
  /** Epoch ms; the signature's time. */
  readonly now: () => number;
  readonly timeoutMs: number;
  /** Targets the vars allow now: a URL stored before a rule or a var changed is not sent to. */
  readonly outbound: OutboundPolicy;
}

export interface DeliveryRequest {
  readonly url: string;
  readonly secret: string | null;
  readonly eventId: string;
  readonly body: string;
}

export type DeliveryOutcome =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly status: number | null; readonly error: string };

export async function deliver(request: DeliveryRequest, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  const refused = urlTargetProblem(request.url, deps.outbound);
  if (refused !== null) return { ok: false, status: null, error: `not sent: ${refused}` };
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': USER_AGENT,
    'X-Edgesteer-Event-Id': request.eventId,
  };
  if (request.secret !== null) {
    const seconds = Math.floor(deps.now() / 1000);
    headers['X-Edgesteer-Signature'] = await signatureHeader(request.secret, request.body, seconds);
  }
  const signal = AbortSignal.timeout(deps.timeoutMs);
  try {
    const init: RequestInit = { method: 'POST', headers, body: request.body, redirect: 'manual', signal };
    const response = await beforeDeadline(deps.fetch(request.url, init), signal, deps.timeoutMs);
    // Only the status counts; the body is not read.
    await response.body?.cancel().catch(() => undefined);
    const status = response.status;
    return status >= 200 && status <= 299
      ? { ok: true, status }
      : { ok: false, status, error: `HTTP ${status}` };
  } catch (error) {
    return { ok: false, status: null, error: classifyError(error, deps.timeoutMs, signal).reason };
  }
}
