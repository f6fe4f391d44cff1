/**
 * The request to one origin member: its URL (`scheme://address:port/path?query`, or the hostname a
 * CNAME left hosted data for), and the client's headers minus hop-by-hop ones (RFC 9110 §7.6.1),
 * plus what the origin's settings add. The admin token is never passed on: it only asks edgesteer
 * for its debug header.
 *
 * The Host the origin sees: a Worker's fetch takes Host from the URL (workerd ignores a Host header
 * set on it, and Cloudflare lets a Worker name a host only if the request really goes there). So
 * `hostHeader: 'client'` to a hostname member fetches the client's URL with `cf.resolveOverride`
 * set to the member (Cloudflare honours it only when both names are in the Worker's zone); to an IP
 * member the origin sees the address. X-Forwarded-Host always carries the client's Host.
 */
import { HOP_BY_HOP_HEADERS, type SnapshotOrigin } from '../zones/snapshot';
import type { OriginTarget } from './resolve-origin';

/** Headers with the hop-by-hop ones removed, including those the Connection header names. */
export function endToEndHeaders(source: Headers): Headers {
  const headers = new Headers(source);
  const named = (source.get('connection') ?? '').split(',').map((n) => n.trim().toLowerCase());
  for (const name of [...HOP_BY_HOP_HEADERS, ...named]) if (name !== '') headers.delete(name);
  return headers;
}

/** `host[:port]` with the port left out when it is the scheme's default. */
function authority(host: string, scheme: 'http' | 'https', port: number | undefined): string {
  const defaultPort = scheme === 'https' ? 443 : 80;
  return port === undefined || port === defaultPort ? host : `${host}:${port}`;
}

function memberHost(target: OriginTarget): string {
  return target.kind === 'host'
    ? target.hostname
    : target.family === 6
      ? `[${target.address}]`
      : target.address;
}

/** Where to send the attempt, and the `cf.resolveOverride` that keeps the client's Host. */
export function originUrl(
  origin: SnapshotOrigin,
  target: OriginTarget,
  clientUrl: URL,
): { readonly url: string; readonly resolveOverride?: string } {
  const path = `${clientUrl.pathname}${clientUrl.search}`;
  if (origin.hostHeader === 'client' && target.kind === 'host') {
    const url = `${origin.scheme}://${authority(clientUrl.hostname, origin.scheme, origin.port)}${path}`;
    return { url, resolveOverride: target.hostname };
  }
  return { url: `${origin.scheme}://${authority(memberHost(target), origin.scheme, origin.port)}${path}` };
}

/** What the client sent that is passed on: headers already chosen, the body when there is one. */
export interface ClientRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  /** The client's address (CF-Connecting-IP as received), or null. */
  readonly clientIp: string | null;
  /** Whether `Authorization` carried the admin token (then it is not passed on). */
  readonly adminToken: boolean;
}

export function originHeaders(origin: SnapshotOrigin, client: ClientRequest): Headers {
  const headers = endToEndHeaders(client.headers);
  if (client.adminToken) headers.delete('authorization');
  headers.delete('cf-connecting-ip');
  headers.delete('x-forwarded-for');
  if (origin.passClientIp && client.clientIp !== null) {
    const before = client.headers.get('x-forwarded-for');
    headers.set('x-forwarded-for', before ? `${before}, ${client.clientIp}` : client.clientIp);
    // The platform may drop or replace it on a subrequest (workerd drops it); XFF always arrives.
    headers.set('cf-connecting-ip', client.clientIp);
  }
  headers.delete('host'); // from the URL (see above)
  headers.set('x-forwarded-host', client.url.host);
  headers.set('x-forwarded-proto', client.url.protocol.replace(':', ''));
  for (const { name, value } of origin.addHeaders) headers.set(name, value);
  return headers;
}
