/** A (RFC 1035 §3.4.1) and AAAA (RFC 3596; text per RFC 4291 §2.2 in, RFC 5952 out). */
import { err, ok, type Result } from '../../result';
import { expectFields } from './fields';
import { show } from './text';
import type { Token } from './tokens';
import { ByteReader, type RdataCodec } from './wire';

/** Dotted quad; no leading zeros (they read as octal in some parsers). */
export function parseIPv4(text: string): Result<Uint8Array, string> {
  const parts = text.split('.');
  const out = new Uint8Array(4);
  if (parts.length === 4) {
    let i = 0;
    for (; i < 4; i++) {
      const p = parts[i]!;
      if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) break;
      out[i] = Number(p);
    }
    if (i === 4) return ok(out);
  }
  return err(`not an IPv4 address: ${show(text)}`);
}

export function formatIPv4(bytes: Uint8Array): string {
  return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
}

/** Parses 1–4 hex digit groups into `out` at `at`; returns the next index or -1. */
function parseGroups(groups: readonly string[], out: Uint8Array, at: number, allowV4Tail: boolean): number {
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (allowV4Tail && i === groups.length - 1 && g.includes('.')) {
      const v4 = parseIPv4(g);
      if (!v4.ok || at + 4 > 16) return -1;
      out.set(v4.value, at);
      return at + 4;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(g) || at + 2 > 16) return -1;
    const v = Number.parseInt(g, 16);
    out[at] = v >> 8;
    out[at + 1] = v & 0xff;
    at += 2;
  }
  return at;
}

/** RFC 4291 §2.2 text: eight groups, one `::` for a run of zero groups, optional dotted IPv4 tail. */
export function parseIPv6(text: string): Result<Uint8Array, string> {
  const bad = err(`not an IPv6 address: ${show(text)}`);
  if (text.length < 2 || text.length > 45) return bad;
  const halves = text.split('::');
  if (halves.length > 2) return bad;
  const out = new Uint8Array(16);
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  if (halves.length === 1) {
    return parseGroups(head, out, 0, true) === 16 ? ok(out) : bad;
  }
  const tail = halves[1] === '' ? [] : halves[1]!.split(':');
  const headEnd = parseGroups(head, out, 0, false);
  const tailBytes = new Uint8Array(16);
  const tailEnd = parseGroups(tail, tailBytes, 0, true);
  if (headEnd < 0 || tailEnd < 0 || headEnd + tailEnd > 14) return bad;
  out.set(tailBytes.subarray(0, tailEnd), 16 - tailEnd);
  return ok(out);
}

/** RFC 5952 §4: lowercase, no leading zeros, longest (first) zero run of ≥ 2 groups as `::`. */
export function formatIPv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  // RFC 5952 §5: IPv4-mapped addresses keep the dotted quad.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatIPv4(bytes.subarray(12))}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

function addressCodec(
  type: string,
  size: number,
  parse: (text: string) => Result<Uint8Array, string>,
  format: (bytes: Uint8Array) => string,
): RdataCodec {
  return {
    parse(tokens: readonly Token[]) {
      const shape = expectFields(type, tokens, ['address']);
      if (!shape.ok) return shape;
      const token = tokens[0]!;
      if (token.quoted) return err(`${type} address must not be quoted`);
      const address = parse(token.text);
      return address.ok ? address : err(`${type} ${address.error}`);
    },
    format(rdata: Uint8Array) {
      const r = new ByteReader(rdata);
      const bytes = r.take(size, 'address');
      return r.done(r.failed ? '' : format(bytes));
    },
  };
}

export const A_CODEC = addressCodec('A', 4, parseIPv4, formatIPv4);
export const AAAA_CODEC = addressCodec('AAAA', 16, parseIPv6, formatIPv6);
