/**
 * What a probe needs and what it returns (docs/routing-semantics.md §5.1, §5.5). `ProbeSpec` is the
 * probe's own minimal view of a health check, kept apart from the check-config module.
 */
import type { connect } from 'cloudflare:sockets';

export type ProbeType = 'HTTP' | 'HTTPS' | 'HTTP_STR_MATCH' | 'HTTPS_STR_MATCH' | 'TCP';

/** Inclusive status-code range. */
export interface StatusRange {
  readonly min: number;
  readonly max: number;
}

export interface ProbeSpec {
  readonly type: ProbeType;
  readonly ipAddress?: string;
  readonly fullyQualifiedDomainName?: string;
  /** Defaults to 80 (HTTP*) or 443 (HTTPS*); TCP needs one. */
  readonly port?: number;
  readonly resourcePath?: string;
  /** For *_STR_MATCH: must lie wholly inside the first 5,120 body bytes (case-sensitive). */
  readonly searchString?: string;
  /** Extra request headers (HTTP types). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Healthy status codes; default 200–399. */
  readonly expectedStatus?: readonly StatusRange[];
}

export interface ProbeDeps {
  readonly fetch: typeof fetch;
  readonly connect: typeof connect;
  /** Epoch ms (or any monotonic ms); RTTs are differences of it. */
  readonly now: () => number;
  /** A signal that aborts after `ms`; default `AbortSignal.timeout`. Tests may shorten it. */
  readonly deadline?: (ms: number) => AbortSignal;
}

export type ProbeFailure =
  | 'timeout'
  | 'status'
  | 'search-string'
  | 'refused'
  | 'dns'
  | 'network'
  | 'protocol'
  | 'invalid-spec'
  /** The outbound rules refuse the target now (outbound/targets.ts); nothing was sent. */
  | 'forbidden-target';

export interface ProbeResult {
  readonly healthy: boolean;
  /** Why unhealthy; absent when healthy. */
  readonly failure?: ProbeFailure;
  /** Human-readable: "status 200", "timeout after 6000 ms", "connection refused", … */
  readonly reason: string;
  /** Time to response headers (HTTP) or to socket open (TCP); null when never reached. */
  readonly rttMs: number | null;
  /** Time to socket open where the probe opens the socket itself (connect()); null with fetch(). */
  readonly connectMs: number | null;
  readonly statusCode: number | null;
  /** When the probe started (deps.now()). */
  readonly startedAt: number;
}

export const DEFAULT_STATUS_RANGES: readonly StatusRange[] = [{ min: 200, max: 399 }];

/** At most this many body bytes are read for *_STR_MATCH. */
export const SEARCH_BYTES = 5_120;

/** One deadline per probe (§5.2, edgesteer decides). */
export const PROBE_DEADLINE_MS = { http: 6_000, match: 8_000, tcp: 10_000 } as const;
