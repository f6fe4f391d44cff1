/**
 * A byte stream → UTF-8 text, at most `limit` bytes, decoded while it is read: the bytes are not
 * gathered first, so the largest thing held is the text itself. Past the limit the stream is
 * cancelled at once (the sender stops, however much more it had). Shared by the management API's
 * request bodies and the control plane's zone imports.
 */
import { err, ok, type Result } from './result';

export type StreamTextError =
  | { readonly kind: 'too-large'; readonly limit: number }
  | { readonly kind: 'not-utf8' };

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
      return err({ kind: 'too-large', limit });
    }
    const piece = decodePiece(decoder, value, done);
    if (piece === null) {
      if (!done) await reader.cancel();
      return err({ kind: 'not-utf8' });
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
