/**
 * Request bodies: media type, a size limit enforced while reading (Content-Length is checked
 * first; a body without one is cut off as soon as it passes the limit), UTF-8 and JSON decoding.
 */
import { err, ok, type Result } from '../../result';
import { type ApiError, invalid } from './errors';

/** Largest request body: a 32 MiB zone file or JSON document. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** The media type without parameters, lowercased (`text/dns` for `text/dns; charset=utf-8`). */
export function mediaType(request: Request): string | null {
  const header = request.headers.get('Content-Type');
  if (header === null) return null;
  const essence = header.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === '' ? null : essence;
}

export function isJsonType(type: string | null): boolean {
  return type === 'application/json' || (type !== null && /^application\/[a-z0-9.+-]*\+json$/.test(type));
}

async function readBytes(request: Request, limit: number): Promise<Result<Uint8Array, ApiError>> {
  const tooLarge = err<ApiError>({
    kind: 'payload-too-large',
    message: `request body larger than ${limit} bytes`,
  });
  const declared = request.headers.get('Content-Length');
  if (declared !== null && Number(declared) > limit) return tooLarge;
  if (request.body === null) return ok(new Uint8Array());
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return tooLarge;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return ok(bytes);
}

/** The body as UTF-8 text, at most `limit` bytes. */
export async function readText(request: Request, limit = MAX_BODY_BYTES): Promise<Result<string, ApiError>> {
  const bytes = await readBytes(request, limit);
  if (!bytes.ok) return bytes;
  try {
    return ok(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes.value));
  } catch {
    return err(invalid([{ path: '', message: 'the body is not valid UTF-8' }]));
  }
}

export function parseJson(text: string): Result<unknown, ApiError> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return err(invalid([{ path: '', message: `malformed JSON: ${reason}` }]));
  }
}

/** A JSON request body: 415 unless the media type is JSON, 413 past `limit` bytes, 400 if malformed. */
export async function readJsonBody(
  request: Request,
  limit = MAX_BODY_BYTES,
): Promise<Result<unknown, ApiError>> {
  if (!isJsonType(mediaType(request))) {
    return err({ kind: 'unsupported-media-type', accepted: ['application/json'] });
  }
  const text = await readText(request, limit);
  return text.ok ? parseJson(text.value) : text;
}
