/**
 * Request bodies: media type, a size limit enforced while reading (Content-Length is checked
 * first; a body without one is cut off as soon as it passes the limit), UTF-8 and JSON decoding.
 */

import { bodyTooLarge, readUtf8Text } from '../../body-reader';
import { err, type Result } from '../../result';
import { parseJsonText } from '../../validation/json';
import { invalid } from '../../validation/problem';
import type { ApiError } from './errors';

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

/** A 413 when the request declares more than `limit` bytes; the body itself is bounded as it is read. */
export function declaredTooLarge(request: Request, limit = MAX_BODY_BYTES): ApiError | undefined {
  const declared = request.headers.get('Content-Length');
  return declared !== null && Number(declared) > limit ? bodyTooLarge(limit) : undefined;
}

/** The body as UTF-8 text, at most `limit` bytes. */
async function readText(request: Request, limit = MAX_BODY_BYTES): Promise<Result<string, ApiError>> {
  const declared = declaredTooLarge(request, limit);
  if (declared !== undefined) return err(declared);
  return readUtf8Text(request.body, limit);
}

function parseJson(text: string): Result<unknown, ApiError> {
  const json = parseJsonText(text);
  return json.ok ? json : err(invalid([json.error]));
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
