/**
 * Field readers for HealthCheckConfig JSON (check-config.ts): typed values out of untrusted JSON, every
 * problem collected with its path; the endpoint, status-code, header, region and child rules.
 */
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../dns/rdata/addresses';
import { hostTargetProblem, type OutboundPolicy } from '../outbound/targets';
import { err, ok, type Result } from '../result';
import { describe, isArray, isObject, type JsonObject } from '../validation/json';
import type { Problem } from '../validation/problem';
import { checkIdProblem } from './check-status';

/** Route 53's checker regions (§5.4). */
export const CHECKER_REGIONS = [
  'us-east-1',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'sa-east-1',
] as const;

export const MAX_CHILDREN = 255;
export const MAX_SEARCH_STRING = 255;
export const MAX_RESOURCE_PATH = 255;
export const MAX_FQDN = 255;
export const MAX_STATUS_RANGES = 8;
export const MAX_HEADERS = 8;
const MAX_HEADER_VALUE = 1024;

export interface HeaderField {
  readonly Name: string;
  readonly Value: string;
}

/** Headers the probe owns: Host by §5.1, the rest frame the HTTP/1.1 request. */
const RESERVED_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
const FQDN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const STATUS_RANGE = /^([1-5]\d\d)(?:-([1-5]\d\d))?$/;

/** The canonical address, or why a checker cannot probe it (§5.1; outbound/targets.ts). */
export function targetAddress(text: string, port: number, outbound: OutboundPolicy): Result<string, string> {
  const v6 = text.includes(':');
  const parsed = v6 ? parseIPv6(text) : parseIPv4(text);
  if (!parsed.ok) return err(`"${text}" is not an IPv4 or IPv6 address`);
  const canonical = v6 ? formatIPv6(parsed.value) : formatIPv4(parsed.value);
  const refused = hostTargetProblem(canonical, port, outbound);
  return refused === null ? ok(canonical) : err(`${refused}; checkers cannot reach it`);
}

/** Host-name syntax (letters, digits, hyphens; ≤ 255), lowercase without a trailing dot. */
export function fqdnProblem(text: string): string | undefined {
  const bare = text.endsWith('.') ? text.slice(0, -1) : text;
  const labels = bare.toLowerCase().split('.');
  if (text.length > MAX_FQDN) return `FullyQualifiedDomainName is longer than ${MAX_FQDN} characters`;
  if (!labels.every((l) => FQDN_LABEL.test(l)) || /^\d+$/.test(labels[labels.length - 1] ?? '')) {
    return `"${text}" is not a host name (labels of 1–63 letters, digits and hyphens; use IPAddress for an address)`;
  }
  return undefined;
}

/** A status code range ("200-399", "204") in canonical text, or why not. */
function statusRange(value: unknown): Result<string, string> {
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
  const match = typeof text === 'string' ? STATUS_RANGE.exec(text) : null;
  if (match === null)
    return err(`expected a status code or range like "200-399", got ${JSON.stringify(value)}`);
  const low = Number(match[1]);
  const high = match[2] === undefined ? low : Number(match[2]);
  if (high < low) return err(`"${text}": the range ends before it starts`);
  return ok(high === low ? String(low) : `${low}-${high}`);
}

/** Reads typed fields of one JSON object, collecting problems. */
export class FieldReader {
  constructor(
    readonly json: JsonObject,
    readonly at: string,
    readonly problems: Problem[],
  ) {}

  problem(field: string, message: string): void {
    this.problems.push({ path: `${this.at}/${field}`, message });
  }

  has(field: string): boolean {
    return this.json[field] !== undefined;
  }

  string(field: string): string | undefined {
    const value = this.json[field];
    if (value === undefined || typeof value === 'string') return value;
    this.problem(field, `expected a string, got ${describe(value)}`);
    return undefined;
  }

  boolean(field: string): boolean | undefined {
    const value = this.json[field];
    if (value === undefined || typeof value === 'boolean') return value;
    this.problem(field, `expected true or false, got ${describe(value)}`);
    return undefined;
  }

  integer(field: string, min: number, max: number): number | undefined {
    const value = this.json[field];
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    this.problem(field, `${field} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return undefined;
  }

  array(field: string, max: number, what: string): readonly unknown[] | undefined {
    const value = this.json[field];
    if (value === undefined) return undefined;
    if (!isArray(value)) {
      this.problem(field, `expected an array, got ${describe(value)}`);
      return undefined;
    }
    if (value.length > max) this.problem(field, `${value.length} ${what}; at most ${max}`);
    return value;
  }
}

export function readRegions(r: FieldReader): string[] | undefined {
  const list = r.array('Regions', CHECKER_REGIONS.length, 'regions');
  if (list === undefined) return undefined;
  const seen = new Set<string>();
  list.forEach((item, i) => {
    if (typeof item !== 'string' || !(CHECKER_REGIONS as readonly string[]).includes(item)) {
      r.problem(`Regions/${i}`, `expected one of ${CHECKER_REGIONS.join(', ')}, got ${JSON.stringify(item)}`);
    } else if (seen.has(item)) r.problem(`Regions/${i}`, `${item} is listed twice`);
    else seen.add(item);
  });
  if (list.length < 3)
    r.problem('Regions', `at least 3 checker regions when Regions is given, got ${list.length}`);
  return [...seen];
}

export function readStatusCodes(r: FieldReader): string[] | undefined {
  const list = r.array('ExpectedStatusCodes', MAX_STATUS_RANGES, 'status code ranges');
  if (list === undefined) return undefined;
  if (list.length === 0) r.problem('ExpectedStatusCodes', 'at least one status code or range');
  return list.flatMap((item, i) => {
    const range = statusRange(item);
    if (range.ok) return [range.value];
    r.problem(`ExpectedStatusCodes/${i}`, range.error);
    return [];
  });
}

export function readHeaders(r: FieldReader): HeaderField[] | undefined {
  const list = r.array('Headers', MAX_HEADERS, 'headers');
  if (list === undefined) return undefined;
  const seen = new Set<string>();
  return list.flatMap((item, i) => {
    const at = `Headers/${i}`;
    if (!isObject(item) || typeof item['Name'] !== 'string' || typeof item['Value'] !== 'string') {
      r.problem(at, 'expected {"Name": "…", "Value": "…"}');
      return [];
    }
    const name = item['Name'];
    const value = item['Value'];
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name)) r.problem(`${at}/Name`, `"${name}" is not a header name`);
    else if (RESERVED_HEADERS.has(lower))
      r.problem(`${at}/Name`, `${name} is set by the probe and cannot be overridden`);
    else if (seen.has(lower)) r.problem(`${at}/Name`, `${name} is given twice`);
    seen.add(lower);
    if (value.length > MAX_HEADER_VALUE || /[\r\n\0]/.test(value)) {
      r.problem(
        `${at}/Value`,
        `a header value has at most ${MAX_HEADER_VALUE} characters and no line breaks`,
      );
    }
    return [{ Name: name, Value: value }];
  });
}

export function readChildren(r: FieldReader): string[] | undefined {
  const list = r.array('ChildHealthChecks', MAX_CHILDREN, 'child health checks');
  if (list === undefined) return undefined;
  const seen = new Set<string>();
  return list.flatMap((item, i) => {
    const at = `ChildHealthChecks/${i}`;
    if (typeof item !== 'string') {
      r.problem(at, `expected a health-check id, got ${describe(item)}`);
      return [];
    }
    const problem = checkIdProblem(item, `${r.at}/${at}`);
    if (problem !== null) r.problems.push(problem);
    else if (seen.has(item)) r.problem(at, `${item} is listed twice`);
    seen.add(item);
    return [item];
  });
}
