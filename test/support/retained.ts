/**
 * What an object graph really holds, counted by walking it, independently of any estimate its owner
 * keeps: every distinct ArrayBuffer's byteLength, 2 bytes per string character (an upper bound on
 * V8's one- and two-byte strings), and how many objects and arrays it is made of (their headers are
 * the owner's fixed overhead, so their number must not grow with the data).
 */
export interface Retained {
  bytes: number;
  objects: number;
}

export function retained(root: unknown, into: Retained = { bytes: 0, objects: 0 }): Retained {
  const seen = new Set<unknown>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      into.bytes += 2 * v.length;
      return;
    }
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (v instanceof ArrayBuffer) {
      into.bytes += v.byteLength;
      return;
    }
    if (ArrayBuffer.isView(v)) {
      visit(v.buffer);
      return;
    }
    into.objects++;
    if (v instanceof Map || v instanceof Set) {
      for (const x of v.entries()) visit(x);
      return;
    }
    for (const x of Object.values(v)) visit(x);
  };
  visit(root);
  return into;
}
