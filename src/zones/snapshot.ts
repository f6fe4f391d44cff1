import type { HealthCheckConfig } from '../health/check-config';
import type { FailureMode, Routing } from './model';

/**
 * The compiled configuration snapshot: what the control plane publishes to KV and the query path
 * loads into isolate memory. RDATA is wire form (base64) so loading does no presentation parsing.
 */

export const SNAPSHOT_FORMAT = 1;

export interface ConfigSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  /** Monotonic config version; every committed change batch increments it. */
  readonly version: number;
  /** ISO time of the commit that produced this version. */
  readonly committedAt: string;
  readonly zones: readonly SnapshotZone[];
  /** IP-based routing: operator CIDR collections (Route 53 CidrCollection). */
  readonly cidrCollections?: readonly SnapshotCidrCollection[];
  /** Operator-defined latency/geoproximity regions, beside the built-in cloud regions. */
  readonly regions?: readonly SnapshotRegion[];
  /** Health-check definitions (docs/routing-semantics.md §6.4), sorted by id; EnableSNI left out. */
  readonly healthChecks?: readonly { readonly id: string; readonly config: HealthCheckConfig }[];
  /** Proxied hostnames (origin steering), sorted by host. */
  readonly origins?: readonly SnapshotOrigin[];
}

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1, RFC 9112 §9.6): the proxy strips them both ways, and an
 * origin's `addHeaders` may not name them.
 */
export const HOP_BY_HOP_HEADERS: readonly string[] = [
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

/**
 * A hostname edgesteer serves as a reverse proxy: each request resolves `originName` through the
 * policy engine from the edge's own position (the colo) and is fetched from the member chosen,
 * with failover to the next choice inside the request.
 */
export interface SnapshotOrigin {
  /** The proxied hostname: lowercase, no trailing dot (`www.example.com`). */
  readonly host: string;
  /** Canonical name in a hosted zone (`origin.example.com.`) whose A/AAAA, through CNAMEs, aliases and routing, is the origin. */
  readonly originName: string;
  readonly scheme: 'https' | 'http';
  /** Absent: the scheme's default port. */
  readonly port?: number;
  /** One attempt's deadline: connect to response headers. */
  readonly timeoutMs: number;
  /** Attempts in all (1 = no retry), and the time all of them share. */
  readonly retry: { readonly attempts: number; readonly budgetMs: number; readonly on5xx: boolean };
  /** `origin`: cache as the origin's Cache-Control says (Cache API); `bypass`: never cache. */
  readonly cacheMode: 'origin' | 'bypass';
  /** Request headers set on the way to the origin. */
  readonly addHeaders: readonly { readonly name: string; readonly value: string }[];
  /** Send the client's address to the origin (`X-Forwarded-For`, `CF-Connecting-IP` as received). */
  readonly passClientIp: boolean;
  /** The Host the origin sees: the member's own hostname, or the client's. */
  readonly hostHeader: 'origin' | 'client';
}

export interface SnapshotCidrCollection {
  readonly id: string;
  readonly name: string;
  readonly locations: readonly { readonly name: string; readonly cidrs: readonly string[] }[];
}

export interface SnapshotRegion {
  readonly id: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly name?: string;
  /** Where edge samplers measure this region's latency (http: or https:); absent: none set. */
  readonly beaconUrl?: string;
}

export interface SnapshotZone {
  /** Canonical apex name. */
  readonly name: string;
  readonly rrsets: readonly SnapshotRRset[];
}

/**
 * One record set: a simple RRset, or one member of a routed record group (same name and type,
 * told apart by `setId`). Members of a group are adjacent in `rrsets`.
 */
export interface SnapshotRRset {
  /** Canonical owner name. */
  readonly name: string;
  readonly type: number;
  /** TTL; for an alias, unused (the target's TTL answers). */
  readonly ttl: number;
  /** Wire RDATA of each record, base64; empty for an alias. */
  readonly rdata: readonly string[];
  readonly setId?: string;
  readonly routing?: Routing;
  /** Alias target: a canonical name in a hosted zone. */
  readonly alias?: { readonly name: string; readonly evaluateTargetHealth: boolean };
  readonly healthCheckId?: string;
  /** Present only when `closed` (open is the default). */
  readonly failureMode?: FailureMode;
}

/** KV key of the pointer to the current config snapshot. */
export const CONFIG_POINTER_KEY = 'config/current';

/** A published snapshot blob: `config/v/<version>`. */
export interface SnapshotRef {
  readonly version: number;
  readonly key: string;
}

/**
 * The value of `config/current`, written after the blob it names. `previous` lists the older blobs
 * still kept (newest first), for a reader that cannot read `key` yet; `zones` lists the hosted
 * apexes, so a reader that can read no blob at all still knows which names it must not forward
 * (absent when there are too many to list in a value read every few seconds).
 */
export interface ConfigPointer extends SnapshotRef {
  readonly committedAt: string;
  readonly previous?: readonly SnapshotRef[];
  readonly zones?: readonly string[];
}
