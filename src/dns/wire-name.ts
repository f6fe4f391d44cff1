/**
 * Names in wire format (RFC 1035 §3.1, §4.1.4), decompressed with a bounded amount of work.
 *
 * A naive decompressor lets one 64 KB message cost ~100 ms (issue 9): one record holds a chain of
 * 8,000 backward pointers and 4,000 records are owned by pointers to its end. Three bounds:
 * - a name follows at most MAX_POINTER_HOPS pointers, only backwards and never into the header;
 * - the names of one message share a memo: an offset already read, reached through a pointer or
 *   in place, is not read again, so each offset is read at most once per case mode (owners
 *   lowercased, RDATA names as sent): at most one step per octet and mode;
 * - they share a step budget too, max(1,024, 2 × octets) steps (131,070 for 65,535 octets), a
 *   step being a label read or a pointer followed: the bound in the code, whatever the memo does.
 */
import { err, ok, type Result } from '../result';
import { labelToText, MAX_WIRE_NAME, ROOT } from './name';

/**
 * Most compression pointers one name may follow. A name has at most 127 labels (255 octets), and
 * an honest encoder points at most once per label, so a longer chain is a loop or an attack.
 */
export const MAX_POINTER_HOPS = 127;

/** Decoding steps a message may spend on its names, per octet of the message. */
const STEPS_PER_OCTET = 2;
/** Floor of the budget, so short messages (and RDATA read alone) never feel it. */
const MIN_STEPS = 1024;

/** A name read from an offset: what a later pointer to that offset gets without reading again. */
interface Suffix {
  readonly name: string;
  readonly wireLength: number;
  readonly hops: number;
  /** Target of the suffix's first pointer, -1 without one: reused only when it is below `lowest`. */
  readonly firstTarget: number;
}

/** What one message may spend on its names, shared by every name read from it. */
export interface NameBudget {
  /** Steps spent so far: one per label read, one per compression pointer followed. */
  steps: number;
  readonly limit: number;
  /** Lowest offset a pointer may target: 12 in a whole message, so never into the header. */
  readonly firstTarget: number;
  /** Names read so far by offset × 2 + (lowercased ? 1 : 0); null when not memoized. */
  memo: Map<number, Suffix> | null;
}

/**
 * The budget (and memo) for the names of one whole DNS message of `messageLength` octets;
 * `remember` false for a decoder that never follows pointers (queries), which needs no memo.
 */
export function messageNameBudget(messageLength: number, remember = true): NameBudget {
  return {
    steps: 0,
    limit: Math.max(MIN_STEPS, STEPS_PER_OCTET * messageLength),
    firstTarget: 12,
    memo: remember ? new Map() : null,
  };
}

/** The budget for one name in a lone RDATA or name buffer: no header, nothing to remember. */
const bufferNameBudget = (length: number): NameBudget => ({
  steps: 0,
  limit: Math.max(MIN_STEPS, STEPS_PER_OCTET * length),
  firstTarget: 0,
  memo: null,
});

const overBudget = (budget: NameBudget) => err(`names need more than ${budget.limit} decoding steps`);
const TOO_MANY_HOPS = `more than ${MAX_POINTER_HOPS} compression pointers in one name`;

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
  const mode = lowercase ? 1 : 0;
  const memo = budget.memo;
  // Offsets read here, each with the name length, wire length and hops before it and the target
  // when it is a pointer (else -1): the suffixes this walk leaves in the memo.
  const visited: number[] = [];
  let out = '';
  let at = offset;
  let end = -1;
  let wireLength = 1;
  let lowest = offset;
  let hops = 0;
  let tail = -1; // firstTarget of a reused suffix
  let reused = false;
  for (;;) {
    if (at >= bytes.length) return err('name runs past the end of the message');
    const len = bytes[at]!;
    if (len === 0) break;
    // Reached through a pointer or in place, an offset already read is not read again; a fresh
    // walk from here would check its first pointer against `lowest`, so the reuse does too.
    const known = memo?.get(at * 2 + mode);
    if (known !== undefined && known.firstTarget < lowest) {
      hops += known.hops;
      if (hops > MAX_POINTER_HOPS) return err(TOO_MANY_HOPS);
      wireLength += known.wireLength - 1;
      if (wireLength > MAX_WIRE_NAME) return err('name longer than 255 octets');
      if (known.name !== ROOT) out += known.name;
      tail = known.firstTarget;
      reused = true;
      break;
    }
    if (++budget.steps > budget.limit) return overBudget(budget);
    if ((len & 0xc0) === 0xc0) {
      if (++hops > MAX_POINTER_HOPS) return err(TOO_MANY_HOPS);
      const target = pointerTarget(bytes, at, lowest, budget);
      if (!target.ok) return target;
      if (memo !== null) visited.push(at, out.length, wireLength, hops - 1, target.value);
      if (end < 0) end = at + 2;
      lowest = at = target.value;
      continue;
    }
    if ((len & 0xc0) !== 0) return err('unknown label type');
    if (memo !== null) visited.push(at, out.length, wireLength, hops, -1);
    wireLength += len + 1;
    if (wireLength > MAX_WIRE_NAME) return err('name longer than 255 octets');
    if (at + 1 + len > bytes.length) return err('label runs past the end of the message');
    out += labelToText(bytes, at + 1, at + 1 + len, lowercase) + '.';
    at += 1 + len;
  }
  if (end < 0) end = at + 1;
  // A name that is one pointer to a name already read (most owners in a reply) is not remembered:
  // a pointer to it costs one step more, and remembering it would cost a memo entry per record.
  const onePointer = reused && visited.length === 5 && visited[4]! >= 0;
  for (let i = onePointer ? -1 : visited.length - 5; i >= 0; i -= 5) {
    if (visited[i + 4]! >= 0) tail = visited[i + 4]!;
    const suffix = out.slice(visited[i + 1]!);
    memo!.set(visited[i]! * 2 + mode, {
      name: suffix === '' ? ROOT : suffix,
      wireLength: wireLength - visited[i + 2]! + 1,
      hops: hops - visited[i + 3]!,
      firstTarget: tail,
    });
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
