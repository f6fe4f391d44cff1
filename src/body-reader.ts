/**
 * The one bounded body reader: every HTTP body edgesteer reads (a DoH POST, an upstream's DoH
 * reply, a management API JSON body, a zone import) goes through here, with a limit it states.
 * Past the limit the stream is cancelled at once (the sender stops, however much more it had);
 * nothing past `limit` bytes is ever held. Text is decoded while it is read, so the largest thing
 * a text read holds is the text itself. Failures are the shared error kinds (413, 400), so the API
 * maps them like any other.
 */
import { err, ok, type Result } from './result';
import { type Invalid, invalid, type TooLarge } from './validation/problem';

export type TextBodyError = TooLarge | Invalid;

/** A 413 for a body past `limit` bytes. */
export function bodyTooLarge(limit: number): TooLarge {
  return { kind: 'payload-too-large', message: `request body larger than ${limit} bytes` };
}

const NOT_UTF8 = invalid([{ path: '', message: 'the body is not valid UTF-8' }]);

/**
 * The bytes of a request's or response's body, at most `limit`. A declared Content-Length over the
 * limit is refused before reading; a valid one is one read by the runtime (workerd delivers no
 * more than Content-Length), far cheaper than a JS read loop; without one, chunks are read and
 * counted. A missing body is no bytes.
 */
export async function readBodyBytes(
  message: Request | Response,
  limit: number,
): Promise<Result<Uint8Array, TooLarge>> {
  const declared = message.headers.get('Content-Length');
  if (declared !== null) {
    if (Number(declared) > limit) {
      await message.body?.cancel();
      return err(bodyTooLarge(limit));
    }
    // Not through `message.body`: in workerd that getter builds a ReadableStream object, which cost
    // the DoH POST a few per cent of its CPU under load; arrayBuffer() of no body is no bytes.
    if (/^\d+$/.test(declared)) {
      const bytes = new Uint8Array(await message.arrayBuffer());
      return bytes.length > limit ? err(bodyTooLarge(limit)) : ok(bytes);
    }
  }
  const body = message.body;
  return body === null ? ok(new Uint8Array(0)) : readBytes(body, limit);
}

/** A byte stream's contents, at most `limit` bytes, gathered into one array. */
export async function readBytes(
  stream: ReadableStream<Uint8Array>,
  limit: number,
): Promise<Result<Uint8Array, TooLarge>> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return err(bodyTooLarge(limit));
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return ok(chunks[0]!);
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return ok(body);
}

/** A byte stream → UTF-8 text of at most `limit` bytes; malformed UTF-8 is a 400. */
export async function readUtf8Text(
  stream: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Result<string, TextBodyError>> {
  if (stream === null) return ok('');
  const reader = stream.getReader();
  // fatal: malformed UTF-8 is refused, never replaced; a leading BOM is dropped.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const pieces: string[] = [];
  let total = 0;
  for (;;) {
    // A stream that fails (the client went away) is an exception: there is no one left to answer.
    const { done, value } = await reader.read();
    total += value?.byteLength ?? 0;
    if (total > limit) {
      await reader.cancel();
      return err(bodyTooLarge(limit));
    }
    const piece = decodePiece(decoder, value, done);
    if (piece === null) {
      if (!done) await reader.cancel();
      return err(NOT_UTF8);
    }
    pieces.push(piece);
    if (done) return ok(pieces.join(''));
  }
}

/** The text of one chunk (the decoder keeps a split character for the next), or null if malformed. */
function decodePiece(decoder: TextDecoder, chunk: Uint8Array | undefined, last: boolean): string | null {
  try {
    return last ? decoder.decode() : decoder.decode(chunk, { stream: true });
  } catch {
    return null;
  }
}
