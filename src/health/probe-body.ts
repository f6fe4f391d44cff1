/** String match over the first 5,120 body bytes (docs/routing-semantics.md §5.1), byte-exact. */
import { SEARCH_BYTES } from './probe-types';

/** Appends chunks until `limit` bytes; the result is at most `limit` long. */
export function appendCapped(head: Uint8Array, chunk: Uint8Array, limit: number = SEARCH_BYTES): Uint8Array {
  const room = limit - head.length;
  if (room <= 0) return head;
  const take = chunk.length <= room ? chunk : chunk.subarray(0, room);
  const joined = new Uint8Array(head.length + take.length);
  joined.set(head, 0);
  joined.set(take, head.length);
  return joined;
}

/** True iff `needle` lies wholly inside `haystack` (case-sensitive, byte for byte). */
export function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  if (needle.length === 0) return true;
  outer: for (let start = 0; start + needle.length <= haystack.length; start++) {
    for (let index = 0; index < needle.length; index++) {
      if (haystack[start + index] !== needle[index]) continue outer;
    }
    return true;
  }
  return false;
}

/** Reads at most `limit` bytes from a stream, then cancels the rest. */
export async function readHead(
  body: ReadableStream<Uint8Array>,
  limit: number = SEARCH_BYTES,
): Promise<Uint8Array> {
  const reader = body.getReader();
  let head: Uint8Array = new Uint8Array(0);
  try {
    while (head.length < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      head = appendCapped(head, value, limit);
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return head;
}

export function searchReason(found: boolean, limit: number = SEARCH_BYTES): string {
  return found ? 'search string found' : `search string not found in the first ${limit} bytes`;
}
