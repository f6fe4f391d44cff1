/**
 * src/body-reader.ts, the one bounded body reader: exactly `limit` bytes pass, one more is a 413
 * and the stream is cancelled (nothing past the limit is pulled), a declared Content-Length over
 * the limit is refused before any read, text is decoded across chunk boundaries.
 */
import { describe, expect, it } from 'vitest';
import { readBodyBytes, readBytes, readUtf8Text } from '../src/body-reader';

/** A stream of these chunks that records how many it was asked for and whether it was cancelled. */
function chunked(chunks: readonly Uint8Array[]) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = chunks[seen.pulled++];
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    // Nothing is pulled before the reader asks.
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe('readBytes', () => {
  it('gathers chunks up to exactly the limit', async () => {
    const { stream } = chunked([bytes(3, 1), bytes(4, 2), bytes(3, 3)]);
    const read = await readBytes(stream, 10);
    expect(read).toEqual({ ok: true, value: Uint8Array.from([1, 1, 1, 2, 2, 2, 2, 3, 3, 3]) });
  });
  it('one byte past the limit is a 413, and the rest is never pulled', async () => {
    const { stream, seen } = chunked([bytes(6), bytes(5), bytes(100), bytes(100)]);
    const read = await readBytes(stream, 10);
    expect(read).toEqual({
      ok: false,
      error: { kind: 'payload-too-large', message: 'request body larger than 10 bytes' },
    });
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBeLessThanOrEqual(3);
  });
  it('an empty stream is no bytes', async () => {
    expect(await readBytes(chunked([]).stream, 10)).toEqual({ ok: true, value: new Uint8Array(0) });
  });
});

describe('readBodyBytes', () => {
  it('a declared Content-Length over the limit is refused before reading', async () => {
    const { stream, seen } = chunked([bytes(5)]);
    const request = new Request('http://x/', {
      method: 'POST',
      body: stream,
      headers: { 'Content-Length': '11' },
      duplex: 'half',
    } as RequestInit);
    const read = await readBodyBytes(request, 10);
    expect(read.ok).toBe(false);
    expect(seen.pulled).toBe(0);
  });
  it('a body with a valid Content-Length is read whole', async () => {
    const read = await readBodyBytes(new Response(bytes(10, 7)), 10);
    expect(read).toEqual({ ok: true, value: bytes(10, 7) });
  });
  it('a streamed body without Content-Length is counted as it is read', async () => {
    const read = await readBodyBytes(new Response(chunked([bytes(8), bytes(8)]).stream), 10);
    expect(read.ok).toBe(false);
  });
  it('no body is no bytes', async () => {
    expect(await readBodyBytes(new Response(null), 10)).toEqual({ ok: true, value: new Uint8Array(0) });
  });
});

describe('readUtf8Text', () => {
  const utf8 = new TextEncoder().encode('größe €');
  it('decodes a character split across chunks', async () => {
    const { stream } = chunked([utf8.subarray(0, 3), utf8.subarray(3, 9), utf8.subarray(9)]);
    expect(await readUtf8Text(stream, 100)).toEqual({ ok: true, value: 'größe €' });
  });
  it('malformed UTF-8 is a 400, never replaced', async () => {
    const read = await readUtf8Text(chunked([Uint8Array.from([0x61, 0xff, 0x62])]).stream, 100);
    expect(read).toEqual({
      ok: false,
      error: { kind: 'invalid', problems: [{ path: '', message: 'the body is not valid UTF-8' }] },
    });
  });
  it('past the limit is a 413', async () => {
    const read = await readUtf8Text(chunked([utf8, utf8]).stream, utf8.length + 1);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error.kind).toBe('payload-too-large');
  });
});
