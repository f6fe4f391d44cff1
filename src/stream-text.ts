/**
 * A byte stream → UTF-8 text, at most `limit` bytes, decoded while it is read: the bytes are not
 * gathered first, so the largest thing held is the text itself. Past the limit the stream is
 * cancelled at once (the sender stops, however much more it had). The one bounded body reader of
 * the management API: its JSON bodies (http/api/body.ts) and the control plane's zone imports.
 * Failures are the shared error kinds (413, 400), so the API maps them like any other.
 */
import { err, ok, type Result } from './result';
import { type Invalid, invalid, type TooLarge } from './validation/problem';

export type StreamTextError = TooLarge | Invalid;

/** A 413 for a body past `limit` bytes. */
export function bodyTooLarge(limit: number): TooLarge {
  return { kind: 'payload-too-large', message: `request body larger than ${limit} bytes` };
}

const NOT_UTF8 = invalid([{ path: '', message: 'the body is not valid UTF-8' }]);

export async function readUtf8Text(
  stream: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Result<string, StreamTextError>> {
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
