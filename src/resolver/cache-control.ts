/**
 * Cache-Control for a DoH reply (docs/doh-protocol.md §6): the smallest TTL that governs the answer,
 * `private` when it was tailored to the client, `no-store` for errors.
 */
import { RCODE, RRTYPE } from '../dns/constants';
import type { Response } from '../dns/message';
import type { Resolution } from './context';

function minTtl(records: Response['answer'], only?: number): number | undefined {
  let min: number | undefined;
  for (const rr of records) {
    if (only !== undefined && rr.type !== only) continue;
    if (min === undefined || rr.ttl < min) min = rr.ttl;
  }
  return min;
}

/** Freshness lifetime in seconds, or null when the reply must not be stored. */
function maxAgeOf(response: Response): number | null {
  if (response.rcode !== RCODE.NOERROR && response.rcode !== RCODE.NXDOMAIN) return null;
  const answer = minTtl(response.answer);
  // Negative answers: the SOA in Authority already carries min(SOA TTL, MINIMUM) (RFC 2308 §3).
  const negative = minTtl(response.authority, RRTYPE.SOA);
  if (answer !== undefined || negative !== undefined) {
    return Math.min(answer ?? Number.POSITIVE_INFINITY, negative ?? Number.POSITIVE_INFINITY);
  }
  // Referral: the NS RRset's TTL.
  return minTtl(response.authority, RRTYPE.NS) ?? 0;
}

export function cacheControlOf(resolution: Resolution): string {
  const maxAge = maxAgeOf(resolution.response);
  if (maxAge === null) return 'no-store';
  return resolution.tailored ? `private, max-age=${maxAge}` : `max-age=${maxAge}`;
}
