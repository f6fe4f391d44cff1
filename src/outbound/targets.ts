/**
 * Outbound targets (SSRF guards): where health probes and webhook deliveries may go. Refused are
 * addresses in private, loopback, link-local (cloud metadata included), CGNAT, multicast and other
 * reserved blocks (location/special.ts, plus IPv4 embedded in IPv4-mapped, NAT64 and 6to4 IPv6),
 * names that only mean something inside a network (`localhost`, `*.localhost`, a single label,
 * `.local`, `.internal`, `.home.arpa`), and edgesteer's own hostnames (SERVED_HOSTNAMES and the
 * request's own host). OUTBOUND_ALLOW_PRIVATE=true lifts the address and local-name rules for local
 * development and tests; the own-hostname rule always holds. Pure: checks text, never resolves it
 * (Workers' fetch() does not say which address a name resolved to; README, Security).
 */
import { parseIPv4, parseIPv6 } from '../dns/rdata/addresses';
import type { Env } from '../env';
import { samePrefix, specialPurposeMatch } from '../location/special';

export interface OutboundPolicy {
  /** OUTBOUND_ALLOW_PRIVATE=true: private/reserved addresses and local names are allowed. */
  readonly allowPrivate: boolean;
  /** SERVED_HOSTNAMES: lowercase, no trailing dot; refused on every port. */
  readonly ownHostnames: ReadonlySet<string>;
  /**
   * The host and port the API request came in on: refused on every port, or with allowPrivate
   * (local development, where receivers listen on other ports of 127.0.0.1) on this port only.
   */
  readonly requestHost?: { readonly hostname: string; readonly port: number };
}

export type OutboundVars = Pick<Env, 'OUTBOUND_ALLOW_PRIVATE' | 'SERVED_HOSTNAMES'>;

/** The closed policy: what production gets without vars. */
export const CLOSED_OUTBOUND: OutboundPolicy = { allowPrivate: false, ownHostnames: new Set() };

/** "Doh.Example.com.", "doh.example.com:443" → "doh.example.com"; "[::1]:8080" → "::1". */
export function bareHostname(text: string): string {
  let host = text.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') < 0 ? undefined : host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && host.indexOf(':') === colon) host = host.slice(0, colon);
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/** SERVED_HOSTNAMES (comma-separated) → lowercase hostnames; empty entries are skipped. */
export function servedHostnames(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map(bareHostname)
    .filter((host) => host !== '');
}

/** The port a URL names, or its scheme's default. */
const urlPort = (url: URL): number =>
  url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);

/**
 * The policy from the vars, with the host of `requestUrl` (the URL the API was called on) counted
 * as edgesteer's own. Anything but "true" keeps private targets closed.
 */
export function outboundPolicy(vars: OutboundVars, requestUrl?: string): OutboundPolicy {
  const url = requestUrl === undefined ? undefined : new URL(requestUrl);
  return {
    allowPrivate: vars.OUTBOUND_ALLOW_PRIVATE?.trim().toLowerCase() === 'true',
    ownHostnames: new Set(servedHostnames(vars.SERVED_HOSTNAMES)),
    ...(url === undefined
      ? {}
      : { requestHost: { hostname: bareHostname(url.hostname), port: urlPort(url) } }),
  };
}

function isOwn(host: string, port: number, policy: OutboundPolicy): boolean {
  const request = policy.requestHost;
  if (policy.ownHostnames.has(host)) return true;
  return request?.hostname === host && (!policy.allowPrivate || request.port === port);
}

/** IPv6 blocks whose addresses carry an IPv4 address in their last 32 bits. */
const EMBEDDING_V4: readonly { text: string; prefix: number[]; length: number }[] = [
  { text: '::ffff:0:0/96', prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], length: 96 },
  { text: '64:ff9b::/96', prefix: [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], length: 96 },
];
/**
 * Refused whole, beyond location/special.ts: deprecated IPv4-compatible addresses (RFC 4291
 * §2.5.5.1) and RFC 8215 local-use NAT64, which translates to whatever the local network chooses.
 */
const OUTBOUND_ONLY_V6: readonly { text: string; prefix: number[]; length: number }[] = [
  { text: '::/96', prefix: new Array<number>(12).fill(0), length: 96 },
  { text: '64:ff9b:1::/48', prefix: [0, 0x64, 0xff, 0x9b, 0, 1], length: 48 },
];

/** The reserved block an address lies in ("127.0.0.0/8", "64:ff9b::/96 embedding 10.0.0.0/8"), if any. */
function reservedBlock(address: Uint8Array): string | undefined {
  if (address.length === 4) return specialPurposeMatch(4, address, 32)?.text;
  for (const block of EMBEDDING_V4) {
    if (!samePrefix(address, block.prefix, block.length)) continue;
    const inner = specialPurposeMatch(4, address.subarray(12), 32);
    if (inner !== undefined) return `${block.text} embedding ${inner.text}`;
  }
  const special = specialPurposeMatch(6, address, 128)?.text;
  return special ?? OUTBOUND_ONLY_V6.find((block) => samePrefix(address, block.prefix, block.length))?.text;
}

const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa', '.localdomain'];

/**
 * Why a target (hostname or IP literal, any case, optional brackets; and the port it would be
 * reached on) is refused; null when allowed.
 */
export function hostTargetProblem(text: string, port: number, policy: OutboundPolicy): string | null {
  const host = bareHostname(text);
  if (isOwn(host, port, policy)) {
    return `${host} is edgesteer's own hostname (SERVED_HOSTNAMES or this request's host); it would call itself`;
  }
  if (policy.allowPrivate) return null;
  const address = host.includes(':') ? parseIPv6(host) : parseIPv4(host);
  if (address.ok) {
    const block = reservedBlock(address.value);
    return block === undefined
      ? null
      : `${host} is in ${block} (private, loopback, link-local or reserved); outbound requests cannot go there`;
  }
  if (host === 'localhost' || LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
    return `${host} is a local name; outbound requests cannot go there`;
  }
  if (!host.includes('.')) return `${host} has no dot: a local name; use a fully qualified domain name`;
  return null;
}

/** Why a URL's host is refused as a target; null when allowed (the URL is known to parse). */
export function urlTargetProblem(url: string, policy: OutboundPolicy): string | null {
  const parsed = new URL(url);
  return hostTargetProblem(parsed.hostname, urlPort(parsed), policy);
}
