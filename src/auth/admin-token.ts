/**
 * The admin token check (RFC 6750 bearer), shared by the management API and DoH's `explain=1`. The
 * token is compared with ADMIN_TOKEN through equal-length SHA-256 digests and a constant-time
 * compare, so neither the content nor the length of the secret leaks through timing. Without
 * ADMIN_TOKEN nothing matches. Tokens are never logged.
 */
import type { Env } from '../env';

// Any visible ASCII (0x21–0x7E), not only RFC 6750's b64token alphabet: operators paste secrets
// from generators that use punctuation, and the digest compare below does not care what the bytes are.
const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;

function bearerToken(header: string | undefined): string | null {
  const match = header === undefined ? null : BEARER.exec(header);
  return match?.[1] ?? null;
}

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
}

async function tokensMatch(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/** Whether `authorization` carries the admin token (never true while ADMIN_TOKEN is unset). */
export async function isAdminToken(env: Env, authorization: string | null | undefined): Promise<boolean> {
  const expected = env.ADMIN_TOKEN;
  const given = bearerToken(authorization ?? undefined);
  return expected !== undefined && expected !== '' && given !== null && (await tokensMatch(given, expected));
}
