/** Hex (RFC 4648 §8): DS, SSHFP and TLSA digests, the generic RDATA form, webhook signatures. */
import { err, ok, type Result } from '../result';

const HEX = '0123456789abcdef';

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

export function hexToBytes(text: string): Result<Uint8Array, string> {
  if (text.length % 2 !== 0) return err(`hex has an odd number of digits (${text.length})`);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexValue(text.charCodeAt(2 * i));
    const lo = hexValue(text.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return err(`not a hex digit: "${text[hi < 0 ? 2 * i : 2 * i + 1]}"`);
    out[i] = (hi << 4) | lo;
  }
  return ok(out);
}

export function bytesToHex(bytes: Uint8Array, upper = false): string {
  let out = '';
  for (const b of bytes) out += HEX[b >> 4]! + HEX[b & 15]!;
  return upper ? out.toUpperCase() : out;
}
