/**
 * `X-Edgesteer-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>.<body>">`, keyed with the
 * subscription's secret (UTF-8), through Web Crypto. The time is signed with the body, so a
 * receiver can refuse a replayed request older than a few minutes (the scheme Stripe uses).
 */
import { bytesToHex } from '../encoding/hex';

const encoder = new TextEncoder();

export async function signatureHeader(secret: string, body: string, unixSeconds: number): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${unixSeconds}.${body}`));
  return `t=${unixSeconds},v1=${bytesToHex(new Uint8Array(mac))}`;
}
