/**
 * Caching proxied GET responses in the Cache API (`caches.default`, per colo) when the origin's
 * `cacheMode` is `origin`: stored only when the origin's Cache-Control allows a shared cache to keep
 * it, and keyed by the client-facing URL, not the member's, so a failover to another member still
 * hits what the first one served.
 */

/** The cache key: the URL the client asked for, as a bare GET. */
export function cacheKeyOf(url: URL): Request {
  return new Request(url.toString(), { method: 'GET' });
}

function directives(cacheControl: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (cacheControl ?? '').split(',')) {
    const [name, value] = part.trim().toLowerCase().split('=', 2);
    if (name) out.set(name, (value ?? '').replace(/^"|"$/g, ''));
  }
  return out;
}

const positive = (value: string | undefined): boolean => value !== undefined && Number(value) > 0;

/**
 * A 200 the origin lets a shared cache keep (RFC 9111 §3): a positive s-maxage or max-age, no
 * no-store / no-cache / private, and no Set-Cookie (the Cache API would refuse or leak it).
 */
export function mayStore(response: Response): boolean {
  if (response.status !== 200 || response.headers.has('set-cookie')) return false;
  const cc = directives(response.headers.get('cache-control'));
  if (cc.has('no-store') || cc.has('no-cache') || cc.has('private')) return false;
  return positive(cc.get('s-maxage')) || positive(cc.get('max-age'));
}
