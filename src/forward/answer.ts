/**
 * The client's reply from an upstream answer (docs/doh-protocol.md §15): upstream RCODE and sections,
 * OPT rebuilt from the client's query (ECS echoed, padding, DO), the client's ID and question
 * bytes, RA=1, RD copied; hosted CNAMEs first when the handoff came from a chain.
 */
import { RCODE } from '../dns/constants';
import { EDE, type ExtendedError } from '../dns/ede';
import { type Handoff, type Resolution, reply } from '../resolver/context';
import { type CacheEntry, sectionsAt } from './entry';
import { extendedErrorOf, type UpstreamFailure } from './failure';

export interface Served {
  readonly entry: CacheEntry;
  readonly now: number;
  readonly stale: boolean;
  /** The answer depends on the forwarded ECS (scope > 0). */
  readonly ecsForwarded: boolean;
  readonly failures?: readonly UpstreamFailure[];
}

const MAX_ERRORS = 4;

function errorsOf(failures: readonly UpstreamFailure[]): ExtendedError[] {
  return failures.slice(0, MAX_ERRORS).map(extendedErrorOf);
}

function staleError(failures: readonly UpstreamFailure[]): ExtendedError {
  const why = failures.map((f) => extendedErrorOf(f).text).join('; ');
  return { code: EDE.STALE_ANSWER, text: `served stale: ${why || 'upstreams failed'}` };
}

export function answerFrom(h: Handoff, s: Served): Resolution {
  const { entry, now, stale } = s;
  const scope = s.ecsForwarded ? (entry.ecsScope ?? 0) : 0;
  const extendedErrors = stale ? [staleError(s.failures ?? [])] : undefined;
  const chained = h.answer.length > 0;
  const aged = sectionsAt(entry, now, stale);
  return reply(h.ctx, {
    rcode: entry.rcode,
    // AA is the upstream's for a plain forward; a chain mixing hosted and upstream data is not authoritative.
    aa: chained ? false : entry.aa,
    ad: chained ? false : entry.ad,
    answer: chained ? [...h.answer, ...aged.answer] : aged.answer,
    authority: aged.authority,
    additional: aged.additional,
    tailored: h.tailored || scope > 0,
    scope: Math.max(h.scope, scope),
    extendedErrors,
  });
}

/** SERVFAIL naming every upstream failure (RFC 8914), `no-store`, HTTP 200 (docs/doh-protocol.md §15). */
export function failureFrom(h: Handoff, failures: readonly UpstreamFailure[]): Resolution {
  const extendedErrors = failures.length
    ? errorsOf(failures)
    : [{ code: EDE.NO_REACHABLE_AUTHORITY, text: 'no upstream could be asked within the time budget' }];
  return reply(h.ctx, { rcode: RCODE.SERVFAIL, aa: false, extendedErrors });
}
