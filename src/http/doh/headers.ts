/** Response headers shared by every DoH and JSON reply (docs/doh-protocol.md §4, §5, §7). */

export const DNS_MESSAGE = 'application/dns-message';
export const DNS_JSON = 'application/dns-json';

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Length, Cache-Control',
};

export function preflight(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS_HEADERS,
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type, Accept',
      'Access-Control-Max-Age': '86400',
    },
  });
}

/** A non-2xx DoH response: short text reason, never cached. */
export function httpProblem(status: number, reason: string, extra: Record<string, string> = {}): Response {
  return new Response(`${reason}\n`, {
    status,
    headers: {
      ...CORS_HEADERS,
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      ...extra,
    },
  });
}

/** A JSON API error: 400 with `{"error": reason}`. */
export function jsonProblem(reason: string, contentType: string): Response {
  return new Response(JSON.stringify({ error: reason }), {
    status: 400,
    headers: { ...CORS_HEADERS, 'Content-Type': contentType, 'Cache-Control': 'no-store' },
  });
}

/** Media type of a Content-Type header: lowercased, parameters dropped. */
export function mediaType(header: string | null): string {
  return (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
}
