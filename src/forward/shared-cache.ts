/**
 * The second cache level: the Cache API (`caches.default`), shared by the isolates of one colo.
 * Entries are the upstream's reply bytes under a synthetic GET URL on the Worker's own origin,
 * kept for the freshness lifetime plus the stale window (RFC 8767). Inert on workers.dev.
 */
import { decodeReply } from '../dns/codec/decode-reply';
import { type CacheEntry, entryOf, STALE_WINDOW_S } from './entry';

export interface SharedCache {
  get(url: string): Promise<CacheEntry | null>;
  put(url: string, entry: CacheEntry, wire: Uint8Array): Promise<void>;
}

const STORED_AT = 'X-Edgesteer-Stored-At';
/** Reserved path: the Worker serves nothing here, so keys never collide with real URLs. */
const PREFIX = '/.edgesteer/forward-cache/v1/';

/** The synthetic key for a forwarding cache key on this origin. */
export function sharedCacheUrl(origin: string, key: string): string {
  return `${origin}${PREFIX}${encodeURIComponent(key)}`;
}

export function cacheApiStore(cache: Cache): SharedCache {
  return {
    async get(url) {
      const res = await cache.match(url);
      if (res === undefined) return null;
      const storedAt = Number(res.headers.get(STORED_AT));
      const reply = decodeReply(new Uint8Array(await res.arrayBuffer()));
      if (!reply.ok || !Number.isFinite(storedAt)) return null;
      return entryOf(reply.value, storedAt);
    },
    async put(url, entry, wire) {
      const headers = {
        'Content-Type': 'application/dns-message',
        'Cache-Control': `max-age=${entry.ttl + STALE_WINDOW_S}`,
        [STORED_AT]: String(entry.storedAt),
      };
      await cache.put(url, new Response(wire, { headers }));
    },
  };
}
