/**
 * A minimal HTTP/1.1 client over a `connect()` socket, for IP-only HTTP checks (Workers cannot
 * fetch() an IP literal, docs/routing-semantics.md §5.1): one GET with `Connection: close`, the status
 * line, and for string matches the first 5,120 body bytes (chunked or not).
 */
import { err, ok, type Result } from '../result';
import { appendCapped } from './probe-body';
import { SEARCH_BYTES } from './probe-types';

/** Response heads longer than this are a protocol failure. */
export const MAX_HEAD_BYTES = 16_384;
/** Raw body bytes read at most (room for chunk framing around 5,120 data bytes). */
const MAX_RAW_BODY_BYTES = 65_536;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export interface Http1Request {
  readonly path: string;
  readonly host: string;
  readonly headers: Readonly<Record<string, string>>;
}

export function encodeRequest(request: Http1Request): Result<Uint8Array, string> {
  const lines = [`GET ${request.path} HTTP/1.1`, `Host: ${request.host}`];
  const fixed = new Set(['host', 'connection', 'accept-encoding']);
  for (const [name, value] of Object.entries(request.headers)) {
    if (!HEADER_TOKEN.test(name) || /[\r\n]/.test(value)) return err(`invalid request header "${name}"`);
    if (!fixed.has(name.toLowerCase())) lines.push(`${name}: ${value}`);
  }
  if (/[\s]/.test(request.path) || /[\r\n\s]/.test(request.host)) return err('invalid path or host');
  lines.push('Accept-Encoding: identity', 'Connection: close', '', '');
  return ok(encoder.encode(lines.join('\r\n')));
}

export interface ResponseHead {
  readonly statusCode: number;
  readonly chunked: boolean;
  readonly contentLength: number | null;
  /** Body bytes that arrived with the head. */
  readonly rest: Uint8Array;
}

function headEnd(bytes: Uint8Array): number {
  for (let index = 0; index + 3 < bytes.length; index++) {
    if (
      bytes[index] === 13 &&
      bytes[index + 1] === 10 &&
      bytes[index + 2] === 13 &&
      bytes[index + 3] === 10
    ) {
      return index;
    }
  }
  return -1;
}

/** Parses a complete head from `bytes`; null while it is incomplete. */
export function parseHead(bytes: Uint8Array): Result<ResponseHead | null, string> {
  const end = headEnd(bytes);
  if (end < 0) return bytes.length > MAX_HEAD_BYTES ? err('response head too long') : ok(null);
  const lines = decoder.decode(bytes.subarray(0, end)).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0] ?? '');
  if (status === null || status[1] === undefined) return err('malformed status line');
  let chunked = false;
  let contentLength: number | null = null;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'transfer-encoding')
      chunked = value
        .toLowerCase()
        .split(',')
        .map((part) => part.trim())
        .includes('chunked');
    if (name === 'content-length' && /^\d+$/.test(value)) contentLength = Number(value);
  }
  return ok({ statusCode: Number(status[1]), chunked, contentLength, rest: bytes.subarray(end + 4) });
}

/** Decodes as much chunked framing as `raw` holds; `complete` once the last chunk was seen. */
export function dechunk(raw: Uint8Array): { readonly data: Uint8Array; readonly complete: boolean } {
  let data: Uint8Array = new Uint8Array(0);
  let at = 0;
  for (;;) {
    let lineEnd = -1;
    for (let index = at; index + 1 < raw.length; index++) {
      if (raw[index] === 13 && raw[index + 1] === 10) {
        lineEnd = index;
        break;
      }
    }
    if (lineEnd < 0) return { data, complete: false };
    const size = Number.parseInt(decoder.decode(raw.subarray(at, lineEnd)).split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size === 0) return { data, complete: true };
    const start = lineEnd + 2;
    const available = raw.subarray(start, Math.min(start + size, raw.length));
    data = appendCapped(data, available, Number.MAX_SAFE_INTEGER);
    if (start + size + 2 > raw.length) return { data, complete: false };
    at = start + size + 2;
  }
}

/** Reads the response head, and with `wantBody` up to 5,120 body bytes; calls `onHead` at the head. */
export async function readResponse(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  wantBody: boolean,
  onHead: () => void,
): Promise<Result<{ readonly statusCode: number; readonly body: Uint8Array }, string>> {
  let buffer: Uint8Array = new Uint8Array(0);
  let head: ResponseHead | null = null;
  while (head === null) {
    const { done, value } = await reader.read();
    if (done) return err('connection closed before the status line');
    buffer = appendCapped(buffer, value, MAX_HEAD_BYTES + 4 + value.length);
    const parsed = parseHead(buffer);
    if (!parsed.ok) return parsed;
    head = parsed.value;
  }
  onHead();
  const response: ResponseHead = head;
  if (!wantBody) return ok({ statusCode: response.statusCode, body: new Uint8Array(0) });
  let raw = response.rest;
  const decoded = (): { data: Uint8Array; complete: boolean } => {
    if (response.chunked) return dechunk(raw);
    const limit = response.contentLength ?? Number.MAX_SAFE_INTEGER;
    return { data: raw.subarray(0, limit), complete: raw.length >= limit };
  };
  let current = decoded();
  while (!current.complete && current.data.length < SEARCH_BYTES && raw.length < MAX_RAW_BODY_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    raw = appendCapped(raw, value, MAX_RAW_BODY_BYTES);
    current = decoded();
  }
  return ok({ statusCode: response.statusCode, body: current.data.subarray(0, SEARCH_BYTES) });
}
