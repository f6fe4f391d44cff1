/**
 * Domain names.
 *
 * Inside edgesteer a name is a *canonical* string: absolute presentation format (RFC 1035 §5.1),
 * ASCII lowercased (RFC 4343), with a trailing dot; the root is ".". Inside a label, `.` `\` `"`
 * `(` `)` `;` `@` `$` are written with a backslash and bytes outside 0x21–0x7e as `\DDD`, so every
 * name has exactly one spelling and can be a map key.
 */
import { err, ok, type Result } from '../result';

export const ROOT = '.';
const MAX_LABEL = 63;
export const MAX_WIRE_NAME = 255;
const SPECIAL = new Set([0x2e, 0x5c, 0x22, 0x28, 0x29, 0x3b, 0x40, 0x24]); // . \ " ( ) ; @ $

/** Presentation form of one label's bytes; lowercases ASCII when asked. */
export function labelToText(bytes: Uint8Array, start: number, end: number, lowercase: boolean): string {
  let out = '';
  for (let i = start; i < end; i++) {
    let b = bytes[i]!;
    if (lowercase && b >= 0x41 && b <= 0x5a) b |= 0x20;
    if (b < 0x21 || b > 0x7e) out += '\\' + String(b).padStart(3, '0');
    else if (SPECIAL.has(b)) out += '\\' + String.fromCharCode(b);
    else out += String.fromCharCode(b);
  }
  return out;
}

/** Splits presentation text into label byte arrays; handles `\X` and `\DDD`. */
function textToLabels(text: string): Result<{ labels: Uint8Array[]; absolute: boolean }, string> {
  const labels: Uint8Array[] = [];
  let current: number[] = [];
  let absolute = false;
  if (text === '.') return ok({ labels, absolute: true });
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7e) return err(`non-ASCII character in name "${text}" (use the A-label form)`);
    if (c === 0x5c) {
      const d = text.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(d)) {
        const v = Number(d);
        if (v > 255) return err(`escape \\${d} out of range in "${text}"`);
        current.push(v);
        i += 3;
      } else if (i + 1 < text.length) {
        current.push(text.charCodeAt(i + 1));
        i += 1;
      } else {
        return err(`dangling backslash in "${text}"`);
      }
    } else if (c === 0x2e) {
      if (current.length === 0) return err(`empty label in "${text}"`);
      labels.push(Uint8Array.from(current));
      current = [];
      if (i === text.length - 1) absolute = true;
    } else {
      current.push(c);
    }
  }
  if (current.length > 0) labels.push(Uint8Array.from(current));
  for (const label of labels) {
    if (label.length > MAX_LABEL) return err(`label longer than 63 octets in "${text}"`);
  }
  return ok({ labels, absolute });
}

function labelsToCanonical(labels: readonly Uint8Array[]): string {
  if (labels.length === 0) return ROOT;
  let out = '';
  for (const label of labels) out += labelToText(label, 0, label.length, true) + '.';
  return out;
}

/**
 * Parses a name in presentation format. `@` is the origin; a name without a trailing dot is
 * relative to `origin` (an error when there is none). Returns the canonical form.
 */
export function parseName(text: string, origin?: string): Result<string, string> {
  if (text.length === 0) return err('empty name');
  if (text === '@') {
    return origin === undefined ? err('"@" used without an origin') : ok(origin);
  }
  const parsed = textToLabels(text);
  if (!parsed.ok) return parsed;
  let { labels } = parsed.value;
  if (!parsed.value.absolute) {
    if (origin === undefined) return err(`relative name "${text}" without an origin`);
    const o = textToLabels(origin);
    if (!o.ok) return o;
    labels = labels.concat(o.value.labels);
  }
  const wireLength = labels.reduce((n, l) => n + l.length + 1, 1);
  if (wireLength > MAX_WIRE_NAME) return err(`name longer than 255 octets: "${text}"`);
  return ok(labelsToCanonical(labels));
}

/** Like parseName, for input that must be absolute whether or not it ends in a dot (Route 53, APIs). */
export function parseAbsoluteName(text: string): Result<string, string> {
  if (text === '.' || text === '') return text === '.' ? ok(ROOT) : err('empty name');
  return parseName(text.endsWith('.') && !text.endsWith('\\.') ? text : text + '.');
}

/** Wire form (uncompressed) of a canonical name. */
export function nameToWire(name: string): Uint8Array {
  const parsed = textToLabels(name);
  if (!parsed.ok) throw new Error(`not a canonical name: ${name}`);
  const { labels } = parsed.value;
  const out = new Uint8Array(labels.reduce((n, l) => n + l.length + 1, 1));
  let at = 0;
  for (const label of labels) {
    out[at++] = label.length;
    out.set(label, at);
    at += label.length;
  }
  out[at] = 0;
  return out;
}

/** Index of the first unescaped dot of a canonical name at or after `from` (a label's start), or -1. */
function firstSeparator(name: string, from = 0): number {
  for (let i = from; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c) {
      i += /\d/.test(name[i + 1] ?? '') ? 3 : 1;
    } else if (c === 0x2e) {
      return i;
    }
  }
  return -1;
}

/**
 * Where the parent of the suffix of `name` starting at `from` starts (`name.slice(result)` is that
 * parent, the root being the final '.'); -1 when the suffix is the root. Walks ancestors without
 * building their strings.
 */
export function parentStart(name: string, from: number): number {
  if (from >= name.length - 1) return -1;
  const at = firstSeparator(name, from);
  if (at < 0) return -1;
  return at === name.length - 1 ? at : at + 1;
}

/** The parent of a canonical name; the root has none. */
export function parentName(name: string): string | null {
  if (name === ROOT) return null;
  const dot = firstSeparator(name);
  return dot === name.length - 1 ? ROOT : name.slice(dot + 1);
}

/** The leftmost label in presentation form (`www` for `www.example.com.`). */
export function firstLabel(name: string): string {
  return name === ROOT ? '' : name.slice(0, firstSeparator(name));
}

/** True when `name` equals `ancestor` or lies below it (both canonical). */
export function isSubdomain(name: string, ancestor: string): boolean {
  if (ancestor === ROOT || name === ancestor) return true;
  if (!name.endsWith(ancestor) || name.length <= ancestor.length) return false;
  // The character before the suffix must be a label separator, not an escaped dot.
  let at: string | null = name;
  while (at !== null && at.length > ancestor.length) at = parentName(at);
  return at === ancestor;
}

/** Presentation form without the trailing dot, for display (`example.com`). */
export function displayName(name: string): string {
  return name === ROOT ? '.' : name.slice(0, -1);
}

/**
 * Parses an absolute name typed by a client (JSON API `name=`): returns the canonical name, the
 * name as sent (case kept, trailing dot added) and its wire form with the sender's case.
 */
export function parseQueryName(
  text: string,
): Result<{ name: string; nameAsSent: string; wire: Uint8Array }, string> {
  const parsed = textToLabels(
    text === '.' ? '.' : text.endsWith('.') && !text.endsWith('\\.') ? text : `${text}.`,
  );
  if (!parsed.ok) return parsed;
  const { labels } = parsed.value;
  const size = labels.reduce((n, l) => n + l.length + 1, 1);
  if (size > MAX_WIRE_NAME) return err('name longer than 253 characters');
  const wire = new Uint8Array(size);
  let at = 0;
  let asSent = '';
  for (const label of labels) {
    wire[at++] = label.length;
    wire.set(label, at);
    at += label.length;
    asSent += labelToText(label, 0, label.length, false) + '.';
  }
  return ok({ name: labelsToCanonical(labels), nameAsSent: asSent === '' ? ROOT : asSent, wire });
}
