/**
 * Query decoder. Strict and bounded: it walks every section so a message that does not parse as
 * DNS is refused (HTTP 400) before any protocol rule runs, and it keeps the question's bytes as
 * received so replies echo them exactly (RFC 1034 §3.1, 0x20 case included).
 *
 * Only the question and the OPT record matter; records in a query's Answer, Authority and
 * Additional sections are ignored (docs/doh-protocol.md §9), so their names are skipped in place and
 * their compression pointers checked but never followed: decoding reads each octet at most once,
 * whatever pointers the query holds (issue 9, the compression-pointer bomb).
 */
import { err, ok, type Result } from '../../result';
import { RRTYPE } from '../constants';
import type { Query, QueryEdns, Question } from '../message';
import { labelToText, ROOT } from '../name';
import { messageNameBudget, type NameBudget, nameFromWire, skipNameInPlace } from '../wire-name';

const HEADER_SIZE = 12;

/** Why bytes are not a DNS query (every one maps to HTTP 400). */
export type DecodeError = string;

function u16(b: Uint8Array, at: number): number {
  return (b[at]! << 8) | b[at + 1]!;
}

/**
 * Reads the question name (canonical, lowercase). Compression is refused in the question: a
 * pointer there could only point into the header.
 */
function readQuestionName(
  bytes: Uint8Array,
  offset: number,
  budget: NameBudget,
): Result<{ name: string; end: number }, DecodeError> {
  let name = '';
  let at = offset;
  let wireLength = 1;
  for (;;) {
    if (at >= bytes.length) return err('question name runs past the end of the message');
    const len = bytes[at]!;
    if (len === 0) break;
    if (len > 63) return err('compression or unknown label type in the question name');
    budget.steps++;
    wireLength += len + 1;
    if (wireLength > 255) return err('question name longer than 255 octets');
    if (at + 1 + len > bytes.length) return err('question name runs past the end of the message');
    name += labelToText(bytes, at + 1, at + 1 + len, true) + '.';
    at += 1 + len;
  }
  return ok({ name: name === '' ? ROOT : name, end: at + 1 });
}

/**
 * A decoded question. The sender's spelling (JSON replies and traces only) is worded on first use,
 * from the question's own bytes: a query allocates no closure for it.
 */
class WireQuestion implements Question {
  constructor(
    readonly name: string,
    readonly type: number,
    readonly qclass: number,
    readonly wire: Uint8Array,
  ) {}

  get nameAsSent(): string {
    const n = nameFromWire(this.wire, 0, false);
    return n.ok ? n.value.name : ROOT;
  }
}

function readOptions(
  bytes: Uint8Array,
  start: number,
  end: number,
): Result<QueryEdns['options'], DecodeError> {
  const options: { code: number; data: Uint8Array }[] = [];
  let at = start;
  while (at < end) {
    if (at + 4 > end) return err('truncated EDNS option header');
    const code = u16(bytes, at);
    const len = u16(bytes, at + 2);
    if (at + 4 + len > end) return err('EDNS option runs past the OPT record');
    options.push({ code, data: bytes.subarray(at + 4, at + 4 + len) });
    at += 4 + len;
  }
  return ok(options);
}

/**
 * Decodes a DoH request body into a Query. QR=1 (a response, not a query) is refused. `budget`
 * counts the names' steps (one per label or pointer in place); tests pass one to observe it.
 */
export function decodeQuery(
  bytes: Uint8Array,
  budget: NameBudget = messageNameBudget(bytes.length, false),
): Result<Query, DecodeError> {
  if (bytes.length < HEADER_SIZE) return err('message shorter than a DNS header');
  const id = u16(bytes, 0);
  const flags = u16(bytes, 2);
  if (flags & 0x8000) return err('QR=1: the message is a response, not a query');
  const qdcount = u16(bytes, 4);
  const counts = [u16(bytes, 6), u16(bytes, 8), u16(bytes, 10)] as const;

  let at = HEADER_SIZE;
  let question: Question | null = null;
  for (let i = 0; i < qdcount; i++) {
    const start = at;
    let end: number;
    if (i === 0) {
      const q = readQuestionName(bytes, at, budget);
      if (!q.ok) return q;
      end = q.value.end;
      if (end + 4 > bytes.length) return err('question runs past the end of the message');
      // A view, not a copy: the query's bytes live as long as the query does.
      const wire = bytes.subarray(start, end + 4);
      question = new WireQuestion(q.value.name, u16(bytes, end), u16(bytes, end + 2), wire);
    } else {
      const s = skipNameInPlace(bytes, at, budget);
      if (!s.ok) return s;
      end = s.value;
      if (end + 4 > bytes.length) return err('question runs past the end of the message');
    }
    at = end + 4;
  }

  let optCount = 0;
  let edns: QueryEdns | null = null;
  for (let section = 0; section < 3; section++) {
    for (let i = 0; i < counts[section]!; i++) {
      const ownerStart = at;
      const s = skipNameInPlace(bytes, at, budget);
      if (!s.ok) return s;
      at = s.value;
      if (at + 10 > bytes.length) return err('resource record header runs past the end of the message');
      const type = u16(bytes, at);
      const rdlength = u16(bytes, at + 8);
      const rdataStart = at + 10;
      if (rdataStart + rdlength > bytes.length) return err('RDATA runs past the end of the message');
      if (section === 2 && type === RRTYPE.OPT) {
        optCount++;
        if (edns === null) {
          const options = readOptions(bytes, rdataStart, rdataStart + rdlength);
          if (!options.ok) return options;
          edns = {
            udpSize: u16(bytes, at + 2),
            version: bytes[at + 5]!,
            dnssecOk: (bytes[at + 6]! & 0x80) !== 0,
            ownerIsRoot: bytes[ownerStart] === 0,
            options: options.value,
          };
        }
      }
      at = rdataStart + rdlength;
    }
  }
  if (at !== bytes.length) return err(`${bytes.length - at} bytes after the last record`);

  return ok({
    id,
    opcode: (flags >> 11) & 0xf,
    rd: (flags & 0x0100) !== 0,
    cd: (flags & 0x0010) !== 0,
    qdcount,
    question,
    optCount,
    edns,
  });
}
