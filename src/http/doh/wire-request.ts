/** Extracts the DNS message bytes from a DoH GET or POST (RFC 8484 §4.1, docs/doh-protocol.md §2–§3). */
import { MAX_MESSAGE_SIZE } from '../../dns/constants';
import { decodeBase64Url } from '../../encoding/base64';
import { err, ok, type Result } from '../../result';
import { DNS_MESSAGE, mediaType } from './headers';

export interface HttpFailure {
  readonly status: 400 | 413 | 415;
  readonly reason: string;
}

const fail = (status: HttpFailure['status'], reason: string) => err<HttpFailure>({ status, reason });

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
  const declared = request.headers.get('Content-Length');
  if (declared !== null && Number(declared) > MAX_MESSAGE_SIZE)
    return fail(413, 'body larger than 65535 octets');
  if (request.body === null) return fail(400, 'empty body');
  // A declared length within the bound: one read by the runtime, which stops at that length
  // (workerd does not deliver more than Content-Length), far cheaper than a JS read loop.
  if (declared !== null && /^\d+$/.test(declared)) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    return bytes.length === 0 ? fail(400, 'empty body') : ok(bytes);
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_MESSAGE_SIZE) {
      await reader.cancel();
      return fail(413, 'body larger than 65535 octets');
    }
    chunks.push(value);
  }
  if (size === 0) return fail(400, 'empty body');
  if (chunks.length === 1) return ok(chunks[0]!);
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return ok(body);
}
