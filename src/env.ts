/**
 * Bindings and configuration. Bindings are declared in wrangler.toml; vars arrive as strings and are
 * parsed once into `Config` with one table of defaults.
 *
 * The Durable Object namespaces are untyped: each object's client (e.g. control/client.ts) gets
 * its stub typed by its class through durable/stub.ts, which says why.
 */
export interface Env {
  /** Compiled snapshots for the query path (see README, storage keys). */
  readonly SNAPSHOTS: KVNamespace;
  /** The control-plane Durable Object (one instance, named "primary"). */
  readonly CONTROL: DurableObjectNamespace;
  /** Health statuses (one instance, "primary"); publishes health/current. */
  readonly HEALTH: DurableObjectNamespace;
  /** Measured latency (one instance, "primary"); publishes latency/current. */
  readonly LATENCY: DurableObjectNamespace;
  /** The probe scheduler (one instance, "primary"), ticked by the cron trigger. */
  readonly PROBES: DurableObjectNamespace;
  /** Prober shards, one per checker region, interval and slice of the checks. */
  readonly PROBERS: DurableObjectNamespace;
  /** Default checker regions for checks without `Regions` (comma-separated; default all eight). */
  readonly HEALTH_REGIONS?: string;
  /** "false": health-check writes wait for the next cron minute to start their probes. */
  readonly HEALTH_TICK_ON_WRITE?: string;
  /** Webhook subscriptions and their delivery outbox (one instance, "primary"). */
  readonly WEBHOOKS: DurableObjectNamespace;
  /** Bearer token for /api/v1 (a Worker secret; .dev.vars locally). */
  readonly ADMIN_TOKEN?: string;
  readonly SNAPSHOT_REFRESH_SECONDS?: string;
  /** Forwarding vars, parsed with their defaults in forward/config.ts (README, Forwarding). */
  readonly FORWARDING?: string;
  readonly UPSTREAMS?: string;
  readonly FORWARD_MODE?: string;
  readonly FORWARD_TIMEOUT_MS?: string;
  readonly FORWARD_ECS?: string;
  readonly FORWARD_ALLOW_INSECURE_UPSTREAMS?: string;
  /** "true": health checks and webhooks may target private/reserved addresses (outbound/targets.ts). */
  readonly OUTBOUND_ALLOW_PRIVATE?: string;
  /** Every hostname the Worker is served on (comma-separated): never a target, never an upstream. */
  readonly SERVED_HOSTNAMES?: string;
  /**
   * "true": the reverse proxy fetches IP members by address (local tests). Off on Cloudflare, where
   * fetch to a bare IP is restricted (README, Reverse proxy): members need hostnames there.
   */
  readonly ORIGIN_DIRECT_IP?: string;
  /**
   * Edge latency sampling (latency/edge-sampling.ts): seconds between two samples of one colo ×
   * region in one isolate (default 60; 0 or "off": no sampling), and between batch sends (default 30).
   */
  readonly LATENCY_SAMPLE_SECONDS?: string;
  readonly LATENCY_SAMPLE_FLUSH_SECONDS?: string;
  /**
   * Client beacons (latency/client-beacons.ts): the HMAC key that signs beacon tokens (a secret, at
   * least 32 characters; unset: /beacon.js and /beacon/* answer 404), and the seconds between two
   * accepted reports from one /24 or /48 in one isolate (default 300).
   */
  readonly CLIENT_BEACON_SECRET?: string;
  readonly CLIENT_BEACON_SECONDS?: string;
}

export interface Config {
  /** How old an isolate's snapshot may get before a background refresh starts. */
  readonly snapshotRefreshMs: number;
}

const DEFAULTS: Config = {
  snapshotRefreshMs: 5_000,
};

function positiveNumber(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

let cached: { env: Env; config: Config } | undefined;

/** Parsed configuration; computed once per Env object. */
export function configOf(env: Env): Config {
  if (cached?.env === env) return cached.config;
  const seconds = positiveNumber(env.SNAPSHOT_REFRESH_SECONDS);
  const config: Config = {
    snapshotRefreshMs: seconds === undefined ? DEFAULTS.snapshotRefreshMs : seconds * 1000,
  };
  cached = { env, config };
  return config;
}
