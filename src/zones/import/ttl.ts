/**
 * TTL values in zone files: seconds, or BIND's unit form (`1h30m`, `2d`, `1w`, any case).
 * Valid TTLs are 0–2147483647 (RFC 2181 §8).
 */
import { err, ok, type Result } from '../../result';

export const MAX_TTL = 2147483647;

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const COMPONENT = /(\d+)([smhdw])/giy;

/** True when a token can only be a TTL (TTLs start with a digit; names of types and classes do not). */
export function looksLikeTtl(text: string): boolean {
  const c = text.charCodeAt(0);
  return c >= 0x30 && c <= 0x39;
}

/** `3600` or `1h`, `1h30m`, `2D`, `1w2d`; every part of a unit form needs its unit. */
export function parseTtl(text: string): Result<number, string> {
  let seconds = 0;
  if (/^\d+$/.test(text)) {
    seconds = Number(text);
  } else {
    COMPONENT.lastIndex = 0;
    let at = 0;
    for (let m = COMPONENT.exec(text); m !== null; m = COMPONENT.exec(text)) {
      seconds += Number(m[1]) * UNIT_SECONDS[m[2]!.toLowerCase()]!;
      at = COMPONENT.lastIndex;
    }
    if (at !== text.length || at === 0)
      return err(`bad TTL "${text}" (use seconds or units like 1h30m, 2d, 1w)`);
  }
  if (seconds > MAX_TTL) return err(`TTL ${text} is above ${MAX_TTL} (RFC 2181 §8)`);
  return ok(seconds);
}
