/** <character-string> escapes (RFC 1035 §5.1): `\DDD` is an octet in decimal, `\X` is X. */
import { err, ok, type Result } from '../../result';

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const encoder = new TextEncoder();

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Shortened text for error messages. */
export function show(text: string): string {
  return JSON.stringify(text.length > 40 ? text.slice(0, 37) + '...' : text);
}

/**
 * Decodes the escapes of a token's raw text into octets. Characters above U+007F (allowed for
 * convenience in TXT and friends) become their UTF-8 octets.
 */
function decodeEscapes(raw: string): Result<Uint8Array, string> {
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    let c = raw.charCodeAt(i);
    if (c === BACKSLASH) {
      if (i + 1 >= raw.length) return err(`dangling backslash in ${show(raw)}`);
      c = raw.charCodeAt(++i);
      if (isDigit(c)) {
        const d1 = raw.charCodeAt(i + 1);
        const d2 = raw.charCodeAt(i + 2);
        if (!isDigit(d1) || !isDigit(d2))
          return err(`escape \\DDD needs three decimal digits in ${show(raw)}`);
        const v = (c - 0x30) * 100 + (d1 - 0x30) * 10 + (d2 - 0x30);
        if (v > 255) return err(`escape \\${raw.slice(i, i + 3)} is above 255 in ${show(raw)}`);
        out.push(v);
        i += 2;
        continue;
      }
    }
    if (c < 0x80) {
      out.push(c);
    } else {
      const cp = raw.codePointAt(i)!;
      for (const b of encoder.encode(String.fromCodePoint(cp))) out.push(b);
      if (cp > 0xffff) i++;
    }
  }
  return ok(Uint8Array.from(out));
}

/**
 * Decodes one <character-string> token. An unquoted token may not contain a bare `"` (a tokenizer
 * left it there, so the input was malformed).
 */
export function decodeCharString(raw: string, quoted: boolean): Result<Uint8Array, string> {
  if (!quoted) {
    for (let i = 0; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) return err(`unexpected " inside the unquoted string ${show(raw)}`);
    }
  }
  return decodeEscapes(raw);
}

/**
 * Escapes octets for use between double quotes: `"` and `\` get a backslash, octets outside
 * 0x20–0x7e become `\DDD`; with `escapeSpace`, so does the space.
 */
function escapeOctets(bytes: Uint8Array, escapeSpace = false): string {
  let out = '';
  for (const b of bytes) {
    if (b === QUOTE || b === BACKSLASH) out += '\\' + String.fromCharCode(b);
    else if (b < 0x20 || b > 0x7e || (escapeSpace && b === 0x20)) out += '\\' + String(b).padStart(3, '0');
    else out += String.fromCharCode(b);
  }
  return out;
}

/** A quoted <character-string> in canonical form. */
export function quoteOctets(bytes: Uint8Array, escapeSpace = false): string {
  return '"' + escapeOctets(bytes, escapeSpace) + '"';
}
