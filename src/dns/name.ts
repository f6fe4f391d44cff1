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
const MAX_WIRE_NAME = 255;
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

/**
 * Most compression pointers one name may follow. A name has at most 127 labels (255 octets, RFC
 * 1035 §3.1), and an honest encoder points at most once per label, so a longer chain is a loop or
 * an attack.
 */
export const MAX_POINTER_HOPS = 127;

/** Decoding steps a message may spend on its names, per octet of the message (see NameBudget). */
const STEPS_PER_OCTET = 2;
/** Floor of the budget, so short messages (and RDATA read alone) never feel it. */
const MIN_STEPS = 1024;

/**
 * What one message may spend on its names, shared by every name read from it. A step is one
 * label read or one compression pointer followed. Without a shared bound, 5,000 records owned by
 * pointers into a 127-pointer chain cost 650,000 hops; with it a message of n octets costs at most
 * max(1,024, 2n) steps: 131,070 for the largest (65,535 octets), about 1 ms of CPU in the worst
 * layout (`npm run bench decode`). Ordinary compression spends about one step per octet: each
 * record's owner is a 2-octet pointer to a name of a few labels, in a record of 12 or more octets.
 */
export interface NameBudget {
  /** Steps spent so far. */
  steps: number;
  readonly limit: number;
  /** Lowest offset a pointer may target: 12 in a whole message, so never into the header. */
  readonly firstTarget: number;
}

/** The budget for the names of one whole DNS message of `messageLength` octets. */
export function messageNameBudget(messageLength: number): NameBudget {
  return { steps: 0, limit: Math.max(MIN_STEPS, STEPS_PER_OCTET * messageLength), firstTarget: 12 };
}

/** The budget for names in a lone RDATA or name buffer (no header, so any backward target). */
const bufferNameBudget = (length: number): NameBudget => ({
  steps: 0,
  limit: Math.max(MIN_STEPS, STEPS_PER_OCTET * length),
  firstTarget: 0,
});

const overBudget = (budget: NameBudget) => err(`names need more than ${budget.limit} decoding steps`);

/** Target of the compression pointer at `at`, which must lie below `lowest` and past the header. */
function pointerTarget(
  bytes: Uint8Array,
  at: number,
  lowest: number,
  budget: NameBudget,
): Result<number, string> {
  if (at + 1 >= bytes.length) return err('truncated compression pointer');
  const target = ((bytes[at]! & 0x3f) << 8) | bytes[at + 1]!;
  if (target < budget.firstTarget) return err('compression pointer into the header');
  if (target >= lowest) return err('compression pointer does not point backwards');
  return ok(target);
}

/**
 * Reads a name from wire data at `offset`, following compression pointers (RFC 1035 §4.1.4) only
 * backwards, never into the header, at most MAX_POINTER_HOPS of them, and spending steps from
 * `budget` (pass one budget for every name of a message). Returns the canonical name and the
 * offset after the name's in-place bytes.
 */
export function nameFromWire(
  bytes: Uint8Array,
  offset: number,
  lowercase = true,
  budget: NameBudget = bufferNameBudget(bytes.length),
): Result<{ name: string; end: number }, string> {
  let out = '';
  let at = offset;
  let end = -1;
  let wireLength = 1;
  let lowest = offset;
  let hops = 0;
  for (;;) {
    if (at >= bytes.length) return err('name runs past the end of the message');
    const len = bytes[at]!;
    if (len === 0) {
      if (end < 0) end = at + 1;
      break;
    }
    if (++budget.steps > budget.limit) return overBudget(budget);
    if ((len & 0xc0) === 0xc0) {
      if (at + 1 >= bytes.length) return err('truncated compression pointer');
      if (++hops > MAX_POINTER_HOPS)
        return err(`more than ${MAX_POINTER_HOPS} compression pointers in one name`);
      const target = ((len & 0x3f) << 8) | bytes[at + 1]!;
      if (target < budget.firstTarget) return err('compression pointer into the header');
      if (target >= lowest) return err('compression pointer does not point backwards');
      if (end < 0) end = at + 2;
      lowest = target;
      at = target;
      continue;
    }
    if ((len & 0xc0) !== 0) return err('unknown label type');
    wireLength += len + 1;
    if (wireLength > MAX_WIRE_NAME) return err('name longer than 255 octets');
    if (at + 1 + len > bytes.length) return err('label runs past the end of the message');
    out += labelToText(bytes, at + 1, at + 1 + len, lowercase) + '.';
    at += 1 + len;
  }
  return ok({ name: out === '' ? ROOT : out, end });
}

/**
 * Steps over a name without following its compression pointer: in place, a name is labels ending
 * in a root label or in one pointer. The pointer is checked (backwards, past the header) but its
 * target is not read, so skipping costs one step per in-place label or pointer.
 */
export function skipNameInPlace(
  bytes: Uint8Array,
  offset: number,
  budget: NameBudget,
): Result<number, string> {
  let at = offset;
  let wireLength = 1;
  for (;;) {
    if (at >= bytes.length) return err('name runs past the end of the message');
    const len = bytes[at]!;
    if (len === 0) return ok(at + 1);
    if (++budget.steps > budget.limit) return overBudget(budget);
    if ((len & 0xc0) === 0xc0) {
      const target = pointerTarget(bytes, at, offset, budget);
      return target.ok ? ok(at + 2) : target;
    }
    if ((len & 0xc0) !== 0) return err('unknown label type');
    wireLength += len + 1;
    if (wireLength > MAX_WIRE_NAME) return err('name longer than 255 octets');
    at += 1 + len;
  }
}

/** Index of the first unescaped dot in a canonical name, or -1 for the root. */
function firstSeparator(name: string): number {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c) {
      i += /\d/.test(name[i + 1] ?? '') ? 3 : 1;
    } else if (c === 0x2e) {
      return i;
    }
  }
  return -1;
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

/** Number of labels; the root has 0. */
export function labelCount(name: string): number {
  let n = 0;
  for (let at: string | null = name; at !== null && at !== ROOT; at = parentName(at)) n++;
  return n;
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
