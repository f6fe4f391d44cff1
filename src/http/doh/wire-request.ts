/** Extracts the DNS message bytes from a DoH GET or POST (RFC 8484 §4.1, docs/doh-protocol.md §2–§3). */
import { readBodyBytes } from '../../body-reader';
import { MAX_MESSAGE_SIZE } from '../../dns/constants';
import { decodeBase64Url } from '../../encoding/base64';
import { err, ok, type Result } from '../../result';
import { DNS_MESSAGE, mediaType } from './headers';

export interface HttpFailure {
  readonly status: 400 | 413 | 415;
  readonly reason: string;
}

const fail = (status: HttpFailure['status'], reason: string) => err<HttpFailure>({ status, reason });

/**
 * The first `dns` parameter of an absolute URL's query string, exactly as URLSearchParams would
 * read it, when reading it needs no decoding: a URL without one, or whose `dns` key or value holds
 * `%` or `+`, is undefined (the caller parses it properly). Base64url never needs decoding, so a
 * DoH GET skips building a URL and its search parameters (a few µs in workerd).
 */
export function plainDnsParam(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  let at = query + 1;
  // The next '=' at or after `at` (-1: none left), found again only once `at` passes it, so the
  // scan reads each character a bounded number of times however many pairs the URL holds.
  let eq = url.indexOf('=', at);
  while (at <= url.length) {
    let end = url.indexOf('&', at);
    if (end < 0) end = url.length;
    if (eq >= 0 && eq < at) eq = url.indexOf('=', at);
    const keyEnd = eq >= 0 && eq < end ? eq : end;
    const key = url.slice(at, keyEnd);
    if (key.includes('%') || key.includes('+')) return undefined;
    if (key === 'dns') {
      const value = keyEnd < end ? url.slice(keyEnd + 1, end) : '';
      return value.includes('%') || value.includes('+') ? undefined : value;
    }
    at = end + 1;
  }
  return undefined;
}

/** GET: the first `dns` parameter, strict base64url. */
export function messageFromGet(dns: string | null): Result<Uint8Array, HttpFailure> {
  if (dns === null || dns === '') return fail(400, 'missing dns parameter');
  const bytes = decodeBase64Url(dns);
  if (bytes === null) return fail(400, 'dns parameter is not unpadded base64url');
  return ok(bytes);
}

/** POST: `application/dns-message` body of at most 65,535 octets, read no further than that. */
export async function messageFromPost(request: Request): Promise<Result<Uint8Array, HttpFailure>> {
  if (mediaType(request.headers.get('Content-Type')) !== DNS_MESSAGE) {
    return fail(415, `Content-Type must be ${DNS_MESSAGE}`);
  }
  const body = await readBodyBytes(request, MAX_MESSAGE_SIZE);
  if (!body.ok) return fail(413, 'body larger than 65535 octets');
  return body.value.length === 0 ? fail(400, 'empty body') : body;
}
