/** Field parsers shared by the per-type codecs; every reason names the field ("MX preference"). */
import { decodeBase64 } from '../../encoding/base64';
import { hexToBytes } from '../../encoding/hex';
import { err, ok, type Result } from '../../result';
import { parseName } from '../name';
import { show } from './text';
import type { Token } from './tokens';

/** Checks the token count against a layout like ['preference', 'exchange']; `open`: the last may repeat. */
export function expectFields(
  type: string,
  tokens: readonly Token[],
  layout: readonly string[],
  open = false,
): Result<undefined, string> {
  const n = tokens.length;
  if (open ? n >= layout.length : n === layout.length) return ok(undefined);
  const fields = layout.length === 1 ? 'field' : 'fields';
  return err(
    `${type} needs ${open ? 'at least ' : ''}${layout.length} ${fields} (${layout.join(' ')}), got ${n}`,
  );
}

function unquoted(token: Token | undefined, what: string, kind: string): Result<string, string> {
  if (token === undefined) return err(`${what} is missing`);
  if (token.quoted) return err(`${what} must be ${kind}, not a quoted string`);
  return ok(token.text);
}

/** An unsigned decimal integer 0–max. */
export function parseUint(token: Token | undefined, what: string, max: number): Result<number, string> {
  const text = unquoted(token, what, 'a number');
  if (!text.ok) return text;
  if (!/^\d+$/.test(text.value)) return err(`${what} must be a number 0–${max}, got ${show(text.value)}`);
  const n = Number(text.value);
  if (n > max) return err(`${what} must be 0–${max}, got ${text.value.length > 20 ? show(text.value) : n}`);
  return ok(n);
}

export const parseU8 = (t: Token | undefined, what: string) => parseUint(t, what, 0xff);
export const parseU16 = (t: Token | undefined, what: string) => parseUint(t, what, 0xffff);
export const parseU32 = (t: Token | undefined, what: string) => parseUint(t, what, 0xffffffff);

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** A 32-bit count of seconds: a number, or BIND-style units (`1h`, `2d`, `1w2d3h4m5s`). */
export function parseDuration(token: Token | undefined, what: string): Result<number, string> {
  const text = unquoted(token, what, 'a duration');
  if (!text.ok) return text;
  if (/^\d+$/.test(text.value)) return parseUint(token, what, 0xffffffff);
  if (!/^(\d+[smhdw])+$/i.test(text.value)) {
    return err(`${what} must be seconds or a duration like 1h30m, got ${show(text.value)}`);
  }
  let total = 0;
  for (const m of text.value.matchAll(/(\d+)([smhdw])/gi)) {
    total += Number(m[1]) * UNIT_SECONDS[m[2]!.toLowerCase()]!;
  }
  if (total > 0xffffffff) return err(`${what} must be at most 4294967295 seconds, got ${show(text.value)}`);
  return ok(total);
}

/** A domain name, completed with `origin` when relative; canonical. */
export function parseNameField(
  token: Token | undefined,
  origin: string | undefined,
  what: string,
): Result<string, string> {
  const text = unquoted(token, what, 'a domain name');
  if (!text.ok) return text;
  const name = parseName(text.value, origin);
  return name.ok ? name : err(`${what}: ${name.error}`);
}

function joined(tokens: readonly Token[], what: string, kind: string): Result<string, string> {
  let text = '';
  for (const t of tokens) {
    if (t.quoted) return err(`${what} must be ${kind}, not a quoted string`);
    text += t.text;
  }
  return ok(text);
}

/** Hex split over any number of tokens (whitespace inside is allowed). */
export function parseHexField(tokens: readonly Token[], what: string): Result<Uint8Array, string> {
  const text = joined(tokens, what, 'hex');
  if (!text.ok) return text;
  const bytes = hexToBytes(text.value);
  return bytes.ok ? bytes : err(`${what}: ${bytes.error}`);
}

/** Base64 split over any number of tokens. */
export function parseBase64Field(tokens: readonly Token[], what: string): Result<Uint8Array, string> {
  const text = joined(tokens, what, 'base64');
  if (!text.ok) return text;
  const bytes = decodeBase64(text.value);
  return bytes.ok ? bytes : err(`${what}: ${bytes.error}`);
}
