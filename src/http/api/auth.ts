/**
 * Bearer-token auth for /api/v1 (RFC 6750). The token is compared with ADMIN_TOKEN through
 * equal-length SHA-256 digests and a constant-time compare, so neither the content nor the length
 * of the secret leaks through timing. Without ADMIN_TOKEN every request is refused. Tokens are
 * never logged.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app';
import { errorResponse } from './errors';

// Any visible ASCII (0x21–0x7E), not only RFC 6750's b64token alphabet: operators paste secrets
// from generators that use punctuation, and the digest compare below does not care what the bytes are.
const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;

export function bearerToken(header: string | undefined): string | null {
  const match = header === undefined ? null : BEARER.exec(header);
  return match?.[1] ?? null;
}

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
}

export async function tokensMatch(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/** Whether the request carries the admin token (never true while ADMIN_TOKEN is unset). */
export async function hasAdminToken(c: Context<AppEnv>): Promise<boolean> {
  const expected = c.env.ADMIN_TOKEN;
  const given = bearerToken(c.req.header('Authorization'));
  return expected !== undefined && expected !== '' && given !== null && (await tokensMatch(given, expected));
}

export const requireBearer: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!(await hasAdminToken(c))) {
    return errorResponse({ kind: 'unauthorized', tokenGiven: c.req.header('Authorization') !== undefined });
  }
  await next();
};
