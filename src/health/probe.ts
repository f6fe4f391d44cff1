/**
 * Probes one endpoint once (docs/routing-semantics.md §5.1, §5.2, §5.5). fetch, connect and the clock
 * are injected; every outcome, healthy or not, is a `ProbeResult` value. A disabled or CALCULATED
 * check is never probed (see state-machine.ts `shouldProbe`).
 */
import { containsBytes, readHead, searchReason } from './probe-body';
import { beforeDeadline, classifyError, deadlineSignal } from './probe-deadline';
import { encodeRequest, readResponse } from './probe-http1';
import { type HttpPlan, isMatch, planHttp, planTcp } from './probe-plan';
import {
  DEFAULT_STATUS_RANGES,
  type ProbeDeps,
  type ProbeFailure,
  type ProbeResult,
  type ProbeSpec,
  type StatusRange,
} from './probe-types';

export * from './probe-types';

const encoder = new TextEncoder();
const USER_AGENT = 'edgesteer-health-check';

function statusHealthy(status: number, ranges: readonly StatusRange[] = DEFAULT_STATUS_RANGES): boolean {
  return ranges.some((range) => status >= range.min && status <= range.max);
}

const describeRanges = (ranges: readonly StatusRange[]): string =>
  ranges.map((range) => (range.min === range.max ? `${range.min}` : `${range.min}-${range.max}`)).join(', ');

interface Measured {
  readonly startedAt: number;
  readonly rttMs: number | null;
  readonly connectMs: number | null;
  readonly statusCode: number | null;
}

const unhealthy = (measured: Measured, failure: ProbeFailure, reason: string): ProbeResult => ({
  healthy: false,
  failure,
  reason,
  ...measured,
});

/** The verdict on a status code and (for string matches) the body head. */
function judge(
  spec: ProbeSpec,
  measured: Measured & { readonly statusCode: number },
  body: Uint8Array | null,
): ProbeResult {
  const ranges = spec.expectedStatus ?? DEFAULT_STATUS_RANGES;
  if (!statusHealthy(measured.statusCode, ranges)) {
    return unhealthy(measured, 'status', `status ${measured.statusCode} not in ${describeRanges(ranges)}`);
  }
  if (body === null) return { healthy: true, reason: `status ${measured.statusCode}`, ...measured };
  const found = containsBytes(body, encoder.encode(spec.searchString ?? ''));
  if (!found) return unhealthy(measured, 'search-string', searchReason(false));
  return { healthy: true, reason: `status ${measured.statusCode}, ${searchReason(true)}`, ...measured };
}

/** HTTP(S) and *_STR_MATCH checks: fetch() to the FQDN, or HTTP/1.1 over connect() to the IP. */
export async function probeHttp(spec: ProbeSpec, deps: ProbeDeps): Promise<ProbeResult> {
  const startedAt = deps.now();
  const plan = planHttp(spec);
  if (!plan.ok) {
    return unhealthy(
      { startedAt, rttMs: null, connectMs: null, statusCode: null },
      'invalid-spec',
      plan.error,
    );
  }
  const signal = deadlineSignal(deps, plan.value.deadlineMs);
  return plan.value.kind === 'fetch'
    ? viaFetch(spec, plan.value, deps, signal, startedAt)
    : viaSocket(spec, plan.value, deps, signal, startedAt);
}

async function viaFetch(
  spec: ProbeSpec,
  plan: Extract<HttpPlan, { kind: 'fetch' }>,
  deps: ProbeDeps,
  signal: AbortSignal,
  startedAt: number,
): Promise<ProbeResult> {
  let measured: Measured = { startedAt, rttMs: null, connectMs: null, statusCode: null };
  try {
    const headers = new Headers(spec.headers ?? {});
    if (!headers.has('user-agent')) headers.set('user-agent', USER_AGENT);
    const request = deps.fetch(plan.url, { method: 'GET', redirect: 'manual', headers, signal });
    const response = await beforeDeadline(request, signal, plan.deadlineMs);
    const withStatus = {
      startedAt,
      rttMs: deps.now() - startedAt,
      connectMs: null,
      statusCode: response.status,
    };
    measured = withStatus;
    if (!isMatch(spec.type) || response.body === null) {
      void response.body?.cancel().catch(() => undefined);
      return judge(spec, withStatus, isMatch(spec.type) ? new Uint8Array(0) : null);
    }
    const body = await beforeDeadline(readHead(response.body), signal, plan.deadlineMs);
    return judge(spec, withStatus, body);
  } catch (error) {
    const { failure, reason } = classifyError(error, plan.deadlineMs, signal);
    return unhealthy(measured, failure, reason);
  }
}

async function viaSocket(
  spec: ProbeSpec,
  plan: Extract<HttpPlan, { kind: 'socket' }>,
  deps: ProbeDeps,
  signal: AbortSignal,
  startedAt: number,
): Promise<ProbeResult> {
  let measured: Measured = { startedAt, rttMs: null, connectMs: null, statusCode: null };
  const request = encodeRequest({
    path: plan.path,
    host: plan.host,
    headers: { 'User-Agent': USER_AGENT, ...spec.headers },
  });
  if (!request.ok) return unhealthy(measured, 'invalid-spec', request.error);
  let socket: ReturnType<ProbeDeps['connect']> | null = null;
  try {
    socket = deps.connect({ hostname: plan.hostname, port: plan.port });
    await beforeDeadline(socket.opened, signal, plan.deadlineMs);
    const connectMs = deps.now() - startedAt;
    measured = { ...measured, connectMs };
    const writer = socket.writable.getWriter();
    await beforeDeadline(writer.write(request.value), signal, plan.deadlineMs);
    writer.releaseLock();
    let rttMs: number | null = null;
    const reader = socket.readable.getReader();
    const response = await beforeDeadline(
      readResponse(reader, isMatch(spec.type), () => {
        rttMs = deps.now() - startedAt;
      }),
      signal,
      plan.deadlineMs,
    );
    if (!response.ok) {
      return unhealthy({ startedAt, rttMs, connectMs, statusCode: null }, 'protocol', response.error);
    }
    measured = { startedAt, rttMs, connectMs, statusCode: response.value.statusCode };
    const withStatus = { ...measured, statusCode: response.value.statusCode };
    return judge(spec, withStatus, isMatch(spec.type) ? response.value.body : null);
  } catch (error) {
    const { failure, reason } = classifyError(error, plan.deadlineMs, signal);
    return unhealthy(measured, failure, reason);
  } finally {
    if (socket !== null) void socket.close().catch(() => undefined);
  }
}

/** TCP checks: healthy once connect() opens the socket within 10 s; nothing is sent. */
export async function probeTcp(spec: ProbeSpec, deps: ProbeDeps): Promise<ProbeResult> {
  const startedAt = deps.now();
  const empty: Measured = { startedAt, rttMs: null, connectMs: null, statusCode: null };
  const plan = planTcp(spec);
  if (!plan.ok) return unhealthy(empty, 'invalid-spec', plan.error);
  const signal = deadlineSignal(deps, plan.value.deadlineMs);
  let socket: ReturnType<ProbeDeps['connect']> | null = null;
  try {
    socket = deps.connect({ hostname: plan.value.hostname, port: plan.value.port });
    await beforeDeadline(socket.opened, signal, plan.value.deadlineMs);
    const rttMs = deps.now() - startedAt;
    return { healthy: true, reason: 'connected', startedAt, rttMs, connectMs: rttMs, statusCode: null };
  } catch (error) {
    const { failure, reason } = classifyError(error, plan.value.deadlineMs, signal);
    return unhealthy(empty, failure, reason);
  } finally {
    if (socket !== null) void socket.close().catch(() => undefined);
  }
}

/** Probes a check by its type. */
export function probe(spec: ProbeSpec, deps: ProbeDeps): Promise<ProbeResult> {
  return spec.type === 'TCP' ? probeTcp(spec, deps) : probeHttp(spec, deps);
}
