import { describe, expect, it } from 'vitest';
import { signatureHeader } from '../../src/webhooks/signature';

describe('X-Edgesteer-Signature', () => {
  it('is t=<seconds>,v1=<hex HMAC-SHA256 over "<t>.<body>"> (vector from openssl dgst -sha256 -hmac)', async () => {
    expect(await signatureHeader('whsec-0123456789abcdef', '{"id":"hc-1"}', 1_700_000_000)).toBe(
      't=1700000000,v1=a59f908c6761c3bbabc6ae9f4027e2d3c2eff43c89cd466edd26d50f5b81a37f',
    );
  });

  it('changes with the time, the body and the secret', async () => {
    const base = await signatureHeader('secret-secret-16', 'body', 1);
    expect(await signatureHeader('secret-secret-16', 'body', 2)).not.toBe(base.replace('t=1', 't=2'));
    expect(await signatureHeader('secret-secret-16', 'body!', 1)).not.toBe(base);
    expect(await signatureHeader('secret-secret-17', 'body', 1)).not.toBe(base);
  });
});
