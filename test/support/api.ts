/** Requests to the management API through the Worker's real fetch handler. */
import { env, exports } from 'cloudflare:workers';

export const BASE = 'http://edgesteer.test/api/v1';

export function authHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `Bearer ${env.ADMIN_TOKEN ?? ''}`, ...extra };
}

/** A request with the admin token; `body` strings are sent as is. */
export function api(
  path: string,
  init: RequestInit & { headers?: Record<string, string> } = {},
): Promise<Response> {
  return exports.default.fetch(
    new Request(`${BASE}${path}`, { ...init, headers: authHeaders(init.headers) }),
  );
}

export function putZoneFile(zone: string, text: string, query = ''): Promise<Response> {
  return api(`/zones/${zone}${query}`, {
    method: 'PUT',
    body: text,
    headers: { 'Content-Type': 'text/dns' },
  });
}

export function postChanges(
  zone: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return api(`/zones/${zone}/changes`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function rrset(action: string, name: string, type: string, ttl: number, values: string[]) {
  return {
    Action: action,
    ResourceRecordSet: {
      Name: name,
      Type: type,
      TTL: ttl,
      ResourceRecords: values.map((Value) => ({ Value })),
    },
  };
}
