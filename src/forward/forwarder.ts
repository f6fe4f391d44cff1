/**
 * The forwarding resolver for one configuration: isolate LRU, then the shared Cache API, then the
 * upstreams; concurrent identical misses coalesced; stale answers (RFC 8767) when every upstream
 * fails. Clock, fetch and the shared cache are injected.
 */
import type { Handoff, Resolution } from '../resolver/context';
import { answerFrom, failureFrom } from './answer';
import { Coalescer } from './coalesce';
import type { ForwardConfig } from './config';
import { type CacheEntry, entryOf, freshnessOf } from './entry';
import { exchange } from './exchange';
import type { UpstreamFailure } from './failure';
import { Lru, type LruLimits } from './lru';
import { type Fetcher, sendQuery } from './send';
import { type SharedCache, sharedCacheUrl } from './shared-cache';
import { cacheKeyOf, type UpstreamQuery, upstreamBody, upstreamQueryOf } from './upstream-query';

export interface ForwardIo {
  readonly fetch: Fetcher;
  readonly now: () => number;
  readonly shared: SharedCache | null;
}

/** Per request: where the shared cache lives and how to finish writes after the response. */
export interface RequestIo {
  readonly origin: string;
  readonly waitUntil: (p: Promise<unknown>) => void;
  /** Aborts when the client goes away (the request's signal). */
  readonly signal?: AbortSignal;
}

/** What one upstream exchange produced; client-independent, so coalesced callers share it. */
type Outcome =
  | { readonly kind: 'answer'; readonly entry: CacheEntry }
  | { readonly kind: 'stale'; readonly entry: CacheEntry; readonly failures: readonly UpstreamFailure[] }
  | { readonly kind: 'failed'; readonly failures: readonly UpstreamFailure[] };

/** What an entry costs the LRU's byte bound: its bytes and overhead, and its key's characters. */
const cost = (key: string, entry: CacheEntry) => entry.size + 2 * key.length;

export const DEFAULT_LRU_LIMITS: LruLimits = { maxEntries: 10_000, maxBytes: 16 * 1024 * 1024 };

export class Forwarder {
  /** The isolate cache (public for tests and the bench, which count what it holds). */
  readonly cache: Lru<CacheEntry>;
  private readonly inflight = new Coalescer<Outcome>();
  /** Upstream exchanges started (for tests and the bench). */
  exchanges = 0;

  constructor(
    private readonly config: ForwardConfig,
    private readonly io: ForwardIo,
    limits: LruLimits = DEFAULT_LRU_LIMITS,
  ) {
    this.cache = new Lru(limits);
  }

  /** A fresh answer from isolate memory, synchronously; undefined on a miss. */
  cached(h: Handoff): Resolution | undefined {
    const entry = this.cache.get(cacheKeyOf(h, this.config.ecs));
    if (entry === undefined) return undefined;
    const now = this.io.now();
    if (freshnessOf(entry, now) !== 'fresh') return undefined;
    return answerFrom(h, { entry, now, stale: false, ecsForwarded: this.config.ecs });
  }

  async forward(h: Handoff, req: RequestIo): Promise<Resolution> {
    const hit = this.cached(h);
    if (hit !== undefined) return hit;
    const q = upstreamQueryOf(h, this.config.ecs);
    let outcome: Outcome;
    try {
      outcome = await this.inflight.run(q.key, () => this.fill(q, req), req.signal);
    } catch (e) {
      // Not expected: an exchange reports failures as values, and waiters outlive a cancelled starter.
      console.error('forward: exchange failed', e);
      outcome = { kind: 'failed', failures: [] };
    }
    const ecsForwarded = this.config.ecs;
    switch (outcome.kind) {
      case 'answer':
        return answerFrom(h, { entry: outcome.entry, now: this.io.now(), stale: false, ecsForwarded });
      case 'stale':
        return answerFrom(h, {
          entry: outcome.entry,
          now: this.io.now(),
          stale: true,
          ecsForwarded,
          failures: outcome.failures,
        });
      case 'failed':
        return failureFrom(h, outcome.failures);
    }
  }

  private async fill(q: UpstreamQuery, req: RequestIo): Promise<Outcome> {
    const url = sharedCacheUrl(req.origin, q.key);
    let stale = this.cache.get(q.key);
    const shared = await this.io.shared?.get(url).catch(() => null);
    if (shared) {
      const freshness = freshnessOf(shared, this.io.now());
      if (freshness === 'fresh') {
        this.cache.set(q.key, shared, cost(q.key, shared));
        return { kind: 'answer', entry: shared };
      }
      if (freshness === 'stale') stale ??= shared;
    }
    this.exchanges++;
    const body = upstreamBody(q);
    const result = await exchange(
      {
        upstreams: this.config.upstreams,
        mode: this.config.mode,
        budgetMs: this.config.timeoutMs,
        now: this.io.now,
        ...(req.signal ? { cancel: req.signal } : {}),
      },
      (upstream, timeoutMs, cancel) =>
        sendQuery(this.io.fetch, upstream, body, q.question, timeoutMs, cancel),
    );
    const now = this.io.now();
    if (result.ok) {
      const entry = entryOf(result.value, now);
      if (entry.ttl > 0) {
        this.cache.set(q.key, entry, cost(q.key, entry));
        if (this.io.shared) req.waitUntil(this.io.shared.put(url, entry, result.value.wire).catch(() => {}));
      }
      return { kind: 'answer', entry };
    }
    for (const f of result.error) console.warn(`forward: ${f.kind}${'host' in f ? ` from ${f.host}` : ''}`);
    if (stale !== undefined && freshnessOf(stale, now) !== 'expired') {
      return { kind: 'stale', entry: stale, failures: result.error };
    }
    return { kind: 'failed', failures: result.error };
  }
}
