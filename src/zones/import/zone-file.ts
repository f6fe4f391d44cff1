/**
 * BIND zone files (RFC 1035 §5 master format) → Zone, or every problem found, each with its line.
 *
 * Directives: `$ORIGIN` (relative to the current origin allowed), `$TTL` (RFC 2308, units
 * allowed), `$GENERATE` (BIND semantics, see generate.ts); `$INCLUDE` is refused, since an import
 * is one self-contained text.
 *
 * Default TTL of a record written without one, in order:
 *   1. the `$TTL` in force (RFC 2308 §4);
 *   2. else the last TTL written explicitly on an earlier record (RFC 1035 §5.1);
 *   3. else, for the SOA itself, its MINIMUM field; for other records the apex SOA's MINIMUM
 *      (BIND's fallback, without its warning);
 *   4. else a problem.
 * Records of one name and type form one set: duplicates are dropped, and when TTLs differ the
 * first record's TTL wins (RFC 2181 §5.2, as BIND does).
 *
 * Bounds: 32 MiB of text, 1,000,000 records, 64 KiB lines (lexer.ts), 1,000 problems reported.
 */
import { RRTYPE, typeToString } from '../../dns/constants';
import { parseAbsoluteName, parseName } from '../../dns/name';
import { canonicalRdataText, type Token } from '../../dns/rdata';
import { err, ok, type Result } from '../../result';
import type { Problem } from '../../validation/problem';
import { ProblemList } from '../../validation/problem-list';
import type { Zone } from '../model';
import { expandRdata, expandTemplate, parseRange, rangeSize } from './generate';
import { type Entry, lexZoneFile } from './lexer';
import { parseRecordHead } from './record-head';
import { RecordSetBuilder } from './record-sets';
import { parseTtl } from './ttl';
import { checkZoneShape, ownerProblem, typeProblem } from './zone-checks';

export const MAX_ZONE_FILE_BYTES = 32 * 1024 * 1024;
export const MAX_ZONE_FILE_RECORDS = 1_000_000;

interface Reader {
  readonly zone: string;
  readonly sets: RecordSetBuilder;
  readonly problems: ProblemList;
  origin: string;
  /** `$TTL` in force. */
  defaultTtl: number | undefined;
  /** Last TTL written on a record (or taken from the SOA), used when there is no `$TTL`. */
  lastTtl: number | undefined;
  /** Owner of the previous record, inherited by blank-owner lines. */
  lastOwner: string | undefined;
  records: number;
  /** Line of the entry being read. */
  line: number;
  /** Set when a bound is hit: reading stops. */
  stopped: boolean;
}

/** MINIMUM, the last field of a canonical SOA value. */
function soaMinimum(value: string): number | undefined {
  const minimum = Number(value.slice(value.lastIndexOf(' ') + 1));
  return Number.isInteger(minimum) ? minimum : undefined;
}

function utf8Length(text: string): number {
  return text.length * 3 <= MAX_ZONE_FILE_BYTES ? text.length : new TextEncoder().encode(text).length;
}

export function parseZoneFile(text: string, zoneName: string): Result<Zone, Problem[]> {
  const zone = parseAbsoluteName(zoneName);
  if (!zone.ok) return err([{ path: 'zone', message: `bad zone name: ${zone.error}` }]);
  if (text.length > MAX_ZONE_FILE_BYTES || utf8Length(text) > MAX_ZONE_FILE_BYTES) {
    return err([{ path: 'line 1', message: `zone file larger than ${MAX_ZONE_FILE_BYTES} bytes` }]);
  }
  const reader: Reader = {
    zone: zone.value,
    sets: new RecordSetBuilder(),
    problems: new ProblemList(),
    origin: zone.value,
    defaultTtl: undefined,
    lastTtl: undefined,
    lastOwner: undefined,
    records: 0,
    line: 0,
    stopped: false,
  };
  const report = (line: number, message: string): void => reader.problems.add(`line ${line}`, message);
  for (const entry of lexZoneFile(text, report)) {
    readEntry(reader, entry);
    if (reader.stopped || reader.problems.full) break;
  }
  const soa = reader.sets.values(reader.zone, RRTYPE.SOA)[0];
  const sets = reader.sets.build(soa === undefined ? undefined : soaMinimum(soa), reader.problems);
  checkZoneShape(reader.zone, sets, reader.problems);
  if (!reader.problems.empty) return err(reader.problems.items);
  return ok({ name: reader.zone, recordSets: sets.map((s) => s.set) });
}

/** Reads one entry; a problem comes back as its message (reported at the entry's line). */
function readEntry(reader: Reader, entry: Entry): void {
  const first = entry.tokens[0]!;
  reader.line = entry.line;
  const isDirective = !entry.blankOwner && !first.quoted && first.text.startsWith('$');
  const problem = isDirective ? readDirective(reader, entry) : readRecord(reader, entry);
  if (problem !== undefined) reader.problems.add(`line ${entry.line}`, problem);
}

function readDirective(reader: Reader, entry: Entry): string | undefined {
  const [directive, ...args] = entry.tokens;
  switch (directive!.text.toUpperCase()) {
    case '$ORIGIN': {
      if (args.length !== 1) return '$ORIGIN takes one domain name';
      const origin = parseName(args[0]!.text, reader.origin);
      if (!origin.ok) return `$ORIGIN: ${origin.error}`;
      reader.origin = origin.value;
      return undefined;
    }
    case '$TTL': {
      if (args.length !== 1) return '$TTL takes one TTL';
      const ttl = parseTtl(args[0]!.text);
      if (!ttl.ok) return `$TTL: ${ttl.error}`;
      reader.defaultTtl = ttl.value;
      return undefined;
    }
    case '$INCLUDE':
      return '$INCLUDE is not supported: paste the included file in its place';
    case '$GENERATE':
      return readGenerate(reader, args);
    default:
      return `unknown directive ${directive!.text}`;
  }
}

function readRecord(reader: Reader, entry: Entry): string | undefined {
  let owner = reader.lastOwner;
  let from = 0;
  if (!entry.blankOwner) {
    const name = parseName(entry.tokens[0]!.text, reader.origin);
    if (!name.ok) return name.error;
    owner = name.value;
    reader.lastOwner = owner;
    from = 1;
  }
  if (owner === undefined) return 'no owner name, and no earlier record to take it from';
  const head = parseRecordHead(entry.tokens, from);
  if (!head.ok) return head.error;
  return addRecord(reader, owner, head.value.ttl, head.value.type, entry.tokens.slice(head.value.next));
}

function readGenerate(reader: Reader, args: readonly Token[]): string | undefined {
  const [rangeToken, ownerToken] = args;
  if (rangeToken === undefined || ownerToken === undefined) {
    return '$GENERATE needs a range, an owner, a type and RDATA';
  }
  const range = parseRange(rangeToken.text);
  if (!range.ok) return range.error;
  const head = parseRecordHead(args, 2);
  if (!head.ok) return `$GENERATE: ${head.error}`;
  const { ttl, type, next } = head.value;
  const rdata = args.slice(next);
  if (rdata.length === 0) return '$GENERATE: missing RDATA';
  if (reader.records + rangeSize(range.value) > MAX_ZONE_FILE_RECORDS) return tooManyRecords(reader);
  const { start, stop, step } = range.value;
  for (let it = start; it <= stop; it += step) {
    const ownerText = expandTemplate(ownerToken.text, it);
    if (!ownerText.ok) return `$GENERATE owner: ${ownerText.error}`;
    const owner = parseName(ownerText.value, reader.origin);
    if (!owner.ok) return `$GENERATE owner: ${owner.error}`;
    const tokens = expandRdata(rdata, it);
    if (!tokens.ok) return `$GENERATE RDATA: ${tokens.error}`;
    const problem = addRecord(reader, owner.value, ttl, type, tokens.value);
    if (problem !== undefined) return `$GENERATE iteration ${it}: ${problem}`;
  }
  return undefined;
}

function tooManyRecords(reader: Reader): string {
  reader.stopped = true;
  return `more than ${MAX_ZONE_FILE_RECORDS} records; split the zone`;
}

/** Validates one record and adds it to its set, or says why not. */
function addRecord(
  reader: Reader,
  owner: string,
  explicitTtl: number | undefined,
  type: number,
  rdata: readonly Token[],
): string | undefined {
  const problem = ownerProblem(owner, reader.zone) ?? typeProblem(type);
  if (problem !== undefined) return problem;
  const value = canonicalRdataText(type, rdata, reader.origin);
  if (!value.ok) return `${typeToString(type)}: ${value.error}`;
  if (reader.records >= MAX_ZONE_FILE_RECORDS) return tooManyRecords(reader);
  reader.records++;
  if (explicitTtl !== undefined) reader.lastTtl = explicitTtl;
  let ttl = explicitTtl ?? reader.defaultTtl ?? reader.lastTtl;
  if (ttl === undefined && type === RRTYPE.SOA) {
    ttl = soaMinimum(value.value);
    reader.lastTtl = ttl;
  }
  reader.sets.add(owner, type, ttl, value.value, `line ${reader.line}`);
  return undefined;
}
