/** Why an upstream gave no usable answer, and the Extended DNS Error (RFC 8914) that says so. */
import { EDE, type ExtendedError } from '../dns/ede';
import { assertNever } from '../result';

export type UpstreamFailure =
  | { readonly kind: 'timeout'; readonly host: string; readonly ms: number }
  | { readonly kind: 'network'; readonly host: string }
  | { readonly kind: 'status'; readonly host: string; readonly status: number }
  | { readonly kind: 'media-type'; readonly host: string; readonly got: string }
  | { readonly kind: 'undecodable'; readonly host: string; readonly reason: string }
  | { readonly kind: 'mismatch'; readonly host: string; readonly reason: string }
  | { readonly kind: 'servfail'; readonly host: string }
  | { readonly kind: 'misconfigured'; readonly problem: string };

export function extendedErrorOf(f: UpstreamFailure): ExtendedError {
  switch (f.kind) {
    case 'timeout':
      return { code: EDE.NO_REACHABLE_AUTHORITY, text: `upstream ${f.host} timed out after ${f.ms} ms` };
    case 'network':
      return { code: EDE.NETWORK_ERROR, text: `upstream ${f.host} could not be reached` };
    case 'status':
      return { code: EDE.NETWORK_ERROR, text: `upstream ${f.host} answered HTTP ${f.status}` };
    case 'media-type':
      return { code: EDE.NETWORK_ERROR, text: `upstream ${f.host} answered ${f.got || 'no Content-Type'}` };
    case 'undecodable':
      return { code: EDE.NETWORK_ERROR, text: `upstream ${f.host} sent an undecodable reply: ${f.reason}` };
    case 'mismatch':
      return { code: EDE.NETWORK_ERROR, text: `upstream ${f.host} answered another query: ${f.reason}` };
    case 'servfail':
      return { code: EDE.NO_REACHABLE_AUTHORITY, text: `upstream ${f.host} answered SERVFAIL` };
    case 'misconfigured':
      return { code: EDE.NO_REACHABLE_AUTHORITY, text: `forwarding is misconfigured: ${f.problem}` };
    default:
      return assertNever(f);
  }
}
