/**
 * Origins (origin steering): a hostname edgesteer serves as a reverse proxy, keyed by that host,
 * with the in-zone name whose routed answer is the origin and how requests reach it. Pure rules,
 * every problem at once, with paths into the request body (`/Retry/Attempts`). Whether OriginName
 * lies inside a hosted zone needs the stored zones: resources/table.ts checks that at write time.
 */
import { parseAbsoluteName } from '../../dns/name';
import { err, ok, type Result } from '../../result';
import type { Problem } from '../../validation/problem';
import { HOP_BY_HOP_HEADERS, type SnapshotOrigin } from '../../zones/snapshot';

/** An origin as stored: the snapshot's fields, keyed by `id` (the host) like every resource. */
export interface Origin extends Omit<SnapshotOrigin, 'host'> {
  readonly id: string;
}

/** A bound on origins, so the snapshot and the proxy's table stay small. */
export const MAX_ORIGINS = 100;
export const MAX_ADD_HEADERS = 20;
export const MAX_HEADER_VALUE_LENGTH = 1024;
const MAX_HOST_LENGTH = 253;

export const TIMEOUT_MS = { min: 100, max: 30_000, default: 5000 } as const;
export const ATTEMPTS = { min: 1, max: 5, default: 3 } as const;
export const BUDGET_MS = { min: 100, max: 60_000, default: 10_000 } as const;

const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** RFC 9110 §5.6.2 token. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Visible ASCII, space and tab inside; no CR, LF or NUL (RFC 9110 §5.5). */
const HEADER_VALUE = /^[\x21-\x7e]([\t\x20-\x7e]*[\x21-\x7e])?$/;
/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) and those the fetch to the origin owns (Host, the body's
 * framing): setting them would break the connection rather than inform the origin.
 */
const RESERVED_HEADERS = new Set([...HOP_BY_HOP_HEADERS, 'host', 'content-length']);

/** The host of a path (`WWW.Example.com.`) in canonical form (`www.example.com`). */
export function normalizeHost(text: string): string {
  const lower = text.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Why a (normalised) host is not a hostname edgesteer can serve, or undefined. */
export function hostProblem(host: string): Problem | undefined {
  const bad = (why: string): Problem => ({ path: 'id', message: `"${host}" is not a hostname: ${why}` });
  if (host.length === 0) return bad('empty');
  if (host.length > MAX_HOST_LENGTH) return bad(`longer than ${MAX_HOST_LENGTH} characters`);
  if (!host.split('.').every((label) => HOST_LABEL.test(label))) {
    return bad('each label is 1–63 of a–z, 0–9 and -, not starting or ending with -');
  }
  return undefined;
}

function integerProblem(
  path: string,
  value: number,
  range: { readonly min: number; readonly max: number },
): Problem | undefined {
  if (Number.isInteger(value) && value >= range.min && value <= range.max) return undefined;
  const field = path.split('/').pop() ?? path;
  return { path, message: `${field} must be an integer from ${range.min} to ${range.max} (got ${value})` };
}

function headerProblems(headers: Origin['addHeaders']): Problem[] {
  const problems: Problem[] = [];
  if (headers.length > MAX_ADD_HEADERS) {
    problems.push({ path: '/AddHeaders', message: `${headers.length} headers; at most ${MAX_ADD_HEADERS}` });
  }
  const seen = new Map<string, number>();
  headers.forEach(({ name, value }, i) => {
    const at = `/AddHeaders/${i}`;
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name)) {
      problems.push({ path: `${at}/Name`, message: `"${name}" is not a header name` });
    } else if (RESERVED_HEADERS.has(lower)) {
      problems.push({
        path: `${at}/Name`,
        message: `${name} is a hop-by-hop or connection header; it cannot be set`,
      });
    } else if (seen.has(lower)) {
      problems.push({ path: `${at}/Name`, message: `${name} is already at /AddHeaders/${seen.get(lower)}` });
    } else seen.set(lower, i);
    if (value.length > MAX_HEADER_VALUE_LENGTH) {
      problems.push({
        path: `${at}/Value`,
        message: `Value is ${value.length} characters; at most ${MAX_HEADER_VALUE_LENGTH}`,
      });
    } else if (value !== '' && !HEADER_VALUE.test(value)) {
      problems.push({
        path: `${at}/Value`,
        message: 'Value must be visible ASCII, spaces and tabs, with no space at either end',
      });
    }
  });
  return problems;
}

/** The origin in canonical form (OriginName canonical, with its trailing dot), or every problem. */
export function checkOrigin(origin: Origin): Result<Origin, Problem[]> {
  const problems: Problem[] = [];
  const idProblem = hostProblem(origin.id);
  if (idProblem !== undefined) problems.push(idProblem);
  const name = parseAbsoluteName(origin.originName);
  if (!name.ok) problems.push({ path: '/OriginName', message: `OriginName: ${name.error}` });
  const { scheme, port, timeoutMs, retry, cacheMode, hostHeader } = origin;
  if (scheme !== 'https' && scheme !== 'http') {
    problems.push({ path: '/Scheme', message: 'Scheme must be "https" or "http"' });
  }
  const checks = [
    port === undefined ? undefined : integerProblem('/Port', port, { min: 1, max: 65_535 }),
    integerProblem('/TimeoutMs', timeoutMs, TIMEOUT_MS),
    integerProblem('/Retry/Attempts', retry.attempts, ATTEMPTS),
    integerProblem('/Retry/BudgetMs', retry.budgetMs, BUDGET_MS),
  ];
  for (const problem of checks) if (problem !== undefined) problems.push(problem);
  if (cacheMode !== 'origin' && cacheMode !== 'bypass') {
    problems.push({ path: '/CacheMode', message: 'CacheMode must be "origin" or "bypass"' });
  }
  if (hostHeader !== 'origin' && hostHeader !== 'client') {
    problems.push({ path: '/HostHeader', message: 'HostHeader must be "origin" or "client"' });
  }
  problems.push(...headerProblems(origin.addHeaders));
  if (problems.length > 0 || !name.ok) return err(problems);
  return ok({
    id: origin.id,
    originName: name.value,
    scheme,
    ...(port === undefined ? {} : { port }),
    timeoutMs,
    retry: { attempts: retry.attempts, budgetMs: retry.budgetMs, on5xx: retry.on5xx },
    cacheMode,
    addHeaders: origin.addHeaders.map((h) => ({ name: h.name, value: h.value })),
    passClientIp: origin.passClientIp,
    hostHeader,
  });
}

/** The snapshot's form: the same fields, `host` first (zones/snapshot.ts SnapshotOrigin). */
export function publishedOrigin({ id, ...rest }: Origin): SnapshotOrigin {
  return { host: id, ...rest };
}
