/**
 * One RFC 8484 POST to one upstream, checked: HTTP 200, `application/dns-message`, a reply that
 * decodes, ID 0 and the question asked. Fetch is injected; the only I/O in forward/ besides the
 * Cache API adapter.
 */
import { readBodyBytes } from '../body-reader';
import { decodeReply, type UpstreamReply } from '../dns/codec/decode-reply';
import { lowercaseQuestion } from '../dns/codec/encode-query';
import { MAX_MESSAGE_SIZE, RCODE } from '../dns/constants';
import { err, ok, type Result } from '../result';
import type { Upstream } from './config';
import type { UpstreamFailure } from './failure';

export type Fetcher = (input: string, init: RequestInit) => Promise<Response>;

const DNS_MESSAGE = 'application/dns-message';

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The reply answers the question asked (compared case-insensitively) with ID 0 (RFC 8484 §4.1). */
function checkReply(
  reply: UpstreamReply,
  question: Uint8Array,
  host: string,
): Result<UpstreamReply, UpstreamFailure> {
  const mismatch = (reason: string) => err<UpstreamFailure>({ kind: 'mismatch', host, reason });
  if (reply.id !== 0) return mismatch(`ID ${reply.id} instead of 0`);
  if (reply.qdcount !== 1 || reply.question === null) return mismatch(`QDCOUNT ${reply.qdcount}`);
  if (!sameBytes(lowercaseQuestion(reply.question), question)) return mismatch('different question');
  if (reply.tc) return mismatch('TC=1 over DoH');
  if (reply.rcode === RCODE.SERVFAIL) return err({ kind: 'servfail', host });
  return ok(reply);
}

/**
 * Sends `body` (the encoded upstream query) and waits at most `timeoutMs`; `cancel` aborts it
 * early (another upstream won the race).
 */
export async function sendQuery(
  fetcher: Fetcher,
  upstream: Upstream,
  body: Uint8Array,
  question: Uint8Array,
  timeoutMs: number,
  cancel?: AbortSignal,
): Promise<Result<UpstreamReply, UpstreamFailure>> {
  const host = upstream.host;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCancel = () => controller.abort();
  cancel?.addEventListener('abort', onCancel);
  try {
    const res = await fetcher(upstream.url, {
      method: 'POST',
      headers: { 'Content-Type': DNS_MESSAGE, Accept: DNS_MESSAGE },
      body,
      signal: controller.signal,
    });
    if (res.status !== 200) {
      await res.body?.cancel();
      return err({ kind: 'status', host, status: res.status });
    }
    const type = (res.headers.get('Content-Type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
    if (type !== DNS_MESSAGE) {
      await res.body?.cancel();
      return err({ kind: 'media-type', host, got: type });
    }
    // Bounded: a reply over the DNS maximum is cut off at 65,535 octets, never buffered whole.
    const bytes = await readBodyBytes(res, MAX_MESSAGE_SIZE);
    if (!bytes.ok) return err({ kind: 'undecodable', host, reason: 'over 65,535 octets' });
    const reply = decodeReply(bytes.value);
    if (!reply.ok) return err({ kind: 'undecodable', host, reason: reply.error });
    return checkReply(reply.value, question, host);
  } catch {
    return err(timedOut ? { kind: 'timeout', host, ms: timeoutMs } : { kind: 'network', host });
  } finally {
    clearTimeout(timer);
    cancel?.removeEventListener('abort', onCancel);
  }
}
