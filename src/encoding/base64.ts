/**
 * Base64 (RFC 4648 §4) and base64url (RFC 4648 §5), the only implementation: standard base64 for
 * RDATA in zone files and snapshots, strict unpadded base64url for the DoH GET `dns` parameter
 * (RFC 8484 §4.1, §6; docs/doh-protocol.md §2). Both decoders are table-driven loops, not atob: the
 * DoH GET decodes once per query and a snapshot load once per record.
 */
import { err, ok, type Result } from '../result';

const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function valuesOf(alphabet: string): Int8Array {
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
  return values;
}
const STANDARD_VALUES = valuesOf(STANDARD);
const URL_SAFE_VALUES = valuesOf(URL_SAFE);

/**
 * Decodes text[0, end) into `out` (floor(end × 3 / 4) octets): the index of the first character
 * outside the alphabet, or -1. A trailing lone character is the caller's to refuse.
 */
function decodeInto(text: string, end: number, values: Int8Array, out: Uint8Array): number {
  let bits = 0;
  let acc = 0;
  let at = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? values[c]! : -1;
    if (v < 0) return i;
    // Only the low `bits` bits are ever read back, so the bits shifted out of 32 do not matter.
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
  return -1;
}

/**
 * Standard alphabet; padding optional but, when present, only at the end and making the length a
 * multiple of 4. Unused trailing bits are not checked: zone files in the wild carry such keys.
 */
export function decodeBase64(text: string): Result<Uint8Array, string> {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
  const padding = text.length - end;
  if (padding > 2 || (padding > 0 && text.length % 4 !== 0)) return err('base64 has misplaced "=" padding');
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  const bad = decodeInto(text, end, STANDARD_VALUES, out);
  if (bad >= 0) return err(`not a base64 character: "${text[bad]}"`);
  if (end % 4 === 1) return err('base64 is truncated (length leaves a lone character)');
  return ok(out);
}

/** Bits of the last character that encode no octet, by length mod 4; 1 never decodes. */
const UNUSED_BITS = [0, 0x3f, 0x0f, 0x03] as const;

/**
 * Strict base64url without padding: `=`, `+`, `/`, whitespace, a length ≡ 1 (mod 4) and non-zero
 * unused trailing bits are refused, so only the canonical encoding of some octets decodes. One
 * reason is enough for the DoH caller's one 400 message, so a refusal is null.
 */
export function decodeBase64Url(text: string): Uint8Array | null {
  const end = text.length;
  if (end % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  if (decodeInto(text, end, URL_SAFE_VALUES, out) >= 0) return null;
  if (end % 4 !== 0 && (URL_SAFE_VALUES[text.charCodeAt(end - 1)]! & UNUSED_BITS[end % 4]!) !== 0)
    return null;
  return out;
}

function encodeWith(alphabet: string, bytes: Uint8Array, pad: boolean): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  if (i < bytes.length) {
    const two = i + 1 < bytes.length;
    const n = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0);
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]!;
    if (two) out += alphabet[(n >> 6) & 63]!;
    if (pad) out += two ? '=' : '==';
  }
  return out;
}

/** Standard alphabet, `=`-padded to a multiple of 4. */
export function encodeBase64(bytes: Uint8Array): string {
  return encodeWith(STANDARD, bytes, true);
}

/** base64url without padding, the form a DoH GET carries. */
export function encodeBase64Url(bytes: Uint8Array): string {
  return encodeWith(URL_SAFE, bytes, false);
}
