/**
 * Forwarding configuration from Worker vars, parsed once per set of values with one table of
 * defaults. Every problem is collected (not just the first); an invalid configuration does not
 * throw: hosted zones keep answering and queries that need an upstream get SERVFAIL with an
 * Extended DNS Error naming the variable (README, Forwarding).
 */
import type { Env } from '../env';
import { bareHostname, servedHostnames } from '../outbound/targets';

export type ForwardMode = 'fallback' | 'race';

export interface Upstream {
  readonly url: string;
  /** Lowercased hostname, for EXTRA-TEXT and logs. */
  readonly host: string;
  /** Hostname and port as in the URL (default port omitted), for the loop check. */
  readonly authority: string;
}

export interface ForwardConfig {
  readonly upstreams: readonly Upstream[];
  readonly mode: ForwardMode;
  /** Total time budget per query, shared by the upstreams tried. */
  readonly timeoutMs: number;
  /** Send the client's ECS upstream, truncated to /24 (IPv4) and /56 (IPv6). */
  readonly ecs: boolean;
}

export type ForwardSettings =
  | { readonly kind: 'off' }
  | { readonly kind: 'invalid'; readonly problems: readonly string[] }
  | { readonly kind: 'on'; readonly config: ForwardConfig };

export const DEFAULT_UPSTREAMS = 'https://cloudflare-dns.com/dns-query,https://dns.google/dns-query';

const DEFAULTS = {
  FORWARDING: 'on',
  UPSTREAMS: DEFAULT_UPSTREAMS,
  FORWARD_MODE: 'fallback',
  FORWARD_TIMEOUT_MS: '2000',
  FORWARD_ECS: 'off',
  FORWARD_ALLOW_INSECURE_UPSTREAMS: 'false',
  SERVED_HOSTNAMES: '',
} as const satisfies Record<keyof ForwardVars, string>;

export type ForwardVars = Pick<
  Env,
  | 'FORWARDING'
  | 'UPSTREAMS'
  | 'FORWARD_MODE'
  | 'FORWARD_TIMEOUT_MS'
  | 'FORWARD_ECS'
  | 'FORWARD_ALLOW_INSECURE_UPSTREAMS'
  | 'SERVED_HOSTNAMES'
>;

/** Workers allow six open connections per invocation; more upstreams could only queue. */
const MAX_UPSTREAMS = 6;
const TIMEOUT_RANGE = [100, 30_000] as const;
const SWITCHES: Readonly<Record<string, boolean>> = { on: true, true: true, off: false, false: false };
const IPV4_LITERAL = /^\d{1,3}(\.\d{1,3}){3}$/;

function upstreamProblems(raw: string, insecure: boolean, problems: string[]): Upstream[] {
  const entries = raw.split(',').map((s) => s.trim());
  if (entries.length > MAX_UPSTREAMS) problems.push(`UPSTREAMS: at most ${MAX_UPSTREAMS} upstreams`);
  const upstreams: Upstream[] = [];
  for (const [i, entry] of entries.entries()) {
    const where = `UPSTREAMS entry ${i + 1}`;
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      problems.push(`${where}: not a URL`);
      continue;
    }
    const host = url.hostname.toLowerCase();
    if (!insecure) {
      if (url.protocol !== 'https:') problems.push(`${where}: must be https://`);
      // Workers refuse fetch() to IP literals (error 1003): use cloudflare-dns.com or dns.google.
      if (IPV4_LITERAL.test(host) || host.startsWith('[')) problems.push(`${where}: IP literal host`);
    } else if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      problems.push(`${where}: must be http:// or https://`);
    }
    if (url.username !== '' || url.password !== '') problems.push(`${where}: credentials in the URL`);
    if (upstreams.some((u) => u.url === url.href)) problems.push(`${where}: listed twice`);
    upstreams.push({ url: url.href, host, authority: url.host.toLowerCase() });
  }
  return upstreams;
}

function switchOf(name: keyof ForwardVars, raw: string, problems: string[]): boolean {
  const value = SWITCHES[raw.trim().toLowerCase()];
  if (value === undefined) problems.push(`${name}: expected on or off`);
  return value ?? false;
}

/** Parses the forwarding vars; every problem is reported. */
export function parseForwardSettings(vars: ForwardVars): ForwardSettings {
  const v = (name: keyof ForwardVars) => vars[name] ?? DEFAULTS[name];
  const problems: string[] = [];
  if (!switchOf('FORWARDING', v('FORWARDING'), problems) && problems.length === 0) return { kind: 'off' };
  const insecure = switchOf(
    'FORWARD_ALLOW_INSECURE_UPSTREAMS',
    v('FORWARD_ALLOW_INSECURE_UPSTREAMS'),
    problems,
  );
  const upstreams = upstreamProblems(v('UPSTREAMS'), insecure, problems);
  const mode = v('FORWARD_MODE').trim();
  if (mode !== 'fallback' && mode !== 'race') problems.push('FORWARD_MODE: expected fallback or race');
  const timeoutMs = Number(v('FORWARD_TIMEOUT_MS'));
  if (!Number.isInteger(timeoutMs) || timeoutMs < TIMEOUT_RANGE[0] || timeoutMs > TIMEOUT_RANGE[1]) {
    problems.push(
      `FORWARD_TIMEOUT_MS: expected whole milliseconds from ${TIMEOUT_RANGE[0]} to ${TIMEOUT_RANGE[1]}`,
    );
  }
  const ecs = switchOf('FORWARD_ECS', v('FORWARD_ECS'), problems);
  const served = new Set(servedHostnames(v('SERVED_HOSTNAMES')));
  upstreams.forEach((u, i) => {
    if (served.has(bareHostname(u.host))) {
      problems.push(`UPSTREAMS entry ${i + 1}: points at edgesteer's own host (SERVED_HOSTNAMES)`);
    }
  });
  if (problems.length > 0) return { kind: 'invalid', problems };
  return { kind: 'on', config: { upstreams, mode: mode as ForwardMode, timeoutMs, ecs } };
}

/**
 * An upstream on edgesteer's own host would forward to itself forever (docs/doh-protocol.md §15).
 * `ownAuthority` is the request URL's host[:port]; another port on the same host is another server.
 * Every other hostname the Worker is served on is in SERVED_HOSTNAMES, refused by
 * parseForwardSettings whatever the port (Cloudflare serves a hostname on several ports).
 */
export function loopProblem(config: ForwardConfig, ownAuthority: string): string | null {
  const own = ownAuthority.toLowerCase();
  const i = config.upstreams.findIndex((u) => u.authority === own);
  return i < 0 ? null : `UPSTREAMS entry ${i + 1}: points at edgesteer's own host`;
}
