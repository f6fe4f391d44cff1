/**
 * How a check is probed (docs/routing-semantics.md §5.1): fetch() to the FQDN, HTTP/1.1 over connect()
 * to the IP, or a bare connect() for TCP; the Host header, path and deadline.
 */
import { err, ok, type Result } from '../result';
import { PROBE_DEADLINE_MS, type ProbeSpec, type ProbeType } from './probe-types';

export type HttpPlan =
  | { readonly kind: 'fetch'; readonly url: string; readonly host: string; readonly deadlineMs: number }
  | {
      readonly kind: 'socket';
      readonly hostname: string;
      readonly port: number;
      readonly host: string;
      readonly path: string;
      readonly deadlineMs: number;
    };

export interface TcpPlan {
  readonly hostname: string;
  readonly port: number;
  readonly deadlineMs: number;
}

const isTls = (type: ProbeType): boolean => type === 'HTTPS' || type === 'HTTPS_STR_MATCH';
export const isMatch = (type: ProbeType): boolean => type === 'HTTP_STR_MATCH' || type === 'HTTPS_STR_MATCH';

export function defaultPort(type: ProbeType): number | undefined {
  if (type === 'TCP') return undefined;
  return isTls(type) ? 443 : 80;
}

/** `ResourcePath` with a leading `/` (query string kept); "/" when absent. */
export function requestPath(resourcePath: string | undefined): string {
  if (resourcePath === undefined || resourcePath === '') return '/';
  return resourcePath.startsWith('/') ? resourcePath : `/${resourcePath}`;
}

const bracketed = (host: string): string =>
  host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;

/** Host header: FQDN, else IP; `:port` unless 80 for HTTP or 443 for HTTPS. */
export function hostHeader(spec: ProbeSpec, port: number): string {
  const name = bracketed(spec.fullyQualifiedDomainName ?? spec.ipAddress ?? '');
  return port === defaultPort(spec.type) ? name : `${name}:${port}`;
}

export function planHttp(spec: ProbeSpec): Result<HttpPlan, string> {
  if (spec.type === 'TCP') return err('not an HTTP check');
  const port = spec.port ?? defaultPort(spec.type) ?? 80;
  const deadlineMs = isMatch(spec.type) ? PROBE_DEADLINE_MS.match : PROBE_DEADLINE_MS.http;
  const host = hostHeader(spec, port);
  const path = requestPath(spec.resourcePath);
  if (isTls(spec.type) || spec.ipAddress === undefined) {
    const fqdn = spec.fullyQualifiedDomainName;
    if (fqdn === undefined) return err(`${spec.type} needs FullyQualifiedDomainName`);
    const scheme = isTls(spec.type) ? 'https' : 'http';
    return ok({ kind: 'fetch', url: `${scheme}://${bracketed(fqdn)}:${port}${path}`, host, deadlineMs });
  }
  return ok({ kind: 'socket', hostname: spec.ipAddress, port, host, path, deadlineMs });
}

export function planTcp(spec: ProbeSpec): Result<TcpPlan, string> {
  const hostname = spec.ipAddress ?? spec.fullyQualifiedDomainName;
  if (hostname === undefined) return err('TCP needs IPAddress or FullyQualifiedDomainName');
  if (spec.port === undefined) return err('TCP needs Port');
  return ok({ hostname, port: spec.port, deadlineMs: PROBE_DEADLINE_MS.tcp });
}
