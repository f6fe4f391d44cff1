import { describe, expect, it } from 'vitest';
import { CLOSED_OUTBOUND, outboundPolicy } from '../../src/outbound/targets';
import { parseWebhookInput } from '../../src/webhooks/webhook-input';

/** Local receivers, as tests and `npm start` use them (OUTBOUND_ALLOW_PRIVATE=true). */
const LOCAL = outboundPolicy({ OUTBOUND_ALLOW_PRIVATE: 'true' });

const SECRET = 'whsec-a-secret-of-some-length';

describe('webhook body', () => {
  it('accepts a full body, and a URL alone', () => {
    const full = {
      Url: 'https://hooks.example.com/in?x=1',
      Secret: SECRET,
      HealthCheckIds: ['web-1', 'api_2'],
    };
    expect(parseWebhookInput({ ...full, Description: 'pager' }, CLOSED_OUTBOUND)).toEqual({
      ok: true,
      value: { url: full.Url, secret: SECRET, healthCheckIds: ['web-1', 'api_2'], description: 'pager' },
    });
    expect(parseWebhookInput({ Url: 'http://127.0.0.1:8080/hook' }, LOCAL)).toEqual({
      ok: true,
      value: { url: 'http://127.0.0.1:8080/hook' },
    });
    expect(parseWebhookInput({ Url: 'http://localhost/', Secret: null }, LOCAL)).toEqual({
      ok: true,
      value: { url: 'http://localhost/', secret: null },
    });
  });

  it('lists every problem with its JSON path', () => {
    const result = parseWebhookInput(
      {
        Url: 'ftp://files.example.com/',
        Secret: 'short',
        HealthCheckIds: ['ok-1', 'bad id', 7, 'ok-1'],
        Description: 'd'.repeat(257),
        url: 'https://misspelt.example/',
      },
      CLOSED_OUTBOUND,
    );
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.error;
    expect(problems.map((p) => p.path)).toEqual([
      '/url',
      '/Url',
      '/Secret',
      '/Description',
      '/HealthCheckIds/1',
      '/HealthCheckIds/2',
      '/HealthCheckIds/3',
    ]);
    expect(JSON.stringify(problems)).not.toContain('short');
  });

  it.each([
    [{}, '/Url', 'Url is required'],
    [{ Url: 42 }, '/Url', 'expected a string, got a number'],
    [{ Url: 'hooks.example.com/x' }, '/Url', 'expected an absolute http or https URL'],
    [{ Url: 'mailto:ops@example.com' }, '/Url', 'the scheme must be http or https'],
    [{ Url: `https://example.com/${'a'.repeat(2_030)}` }, '/Url', 'a URL has at most 2048 characters'],
    [{ Url: 'https://ops:hunter2@example.com/' }, '/Url', 'user:password@ is refused'],
    [{ Url: 'https://x.test/', Secret: 'x'.repeat(257) }, '/Secret', 'a secret has 16–256 characters'],
    [{ Url: 'https://x.test/', Secret: 12 }, '/Secret', 'expected a string'],
    [{ Url: 'https://x.test/', HealthCheckIds: 'web-1' }, '/HealthCheckIds', 'expected an array'],
    [{ Url: 'https://x.test/', HealthCheckIds: [] }, '/HealthCheckIds', 'at least one id'],
    [
      { Url: 'https://x.test/', HealthCheckIds: Array.from({ length: 101 }, (_, i) => `c${i}`) },
      '/HealthCheckIds',
      'at most 100',
    ],
  ])('%j → %s', (body, path, message) => {
    const result = parseWebhookInput(body, CLOSED_OUTBOUND);
    expect(result.ok ? [] : result.error).toEqual([{ path, message: expect.stringContaining(message) }]);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('refuses what is not an object', () => {
    expect(parseWebhookInput(['https://x.test/'], CLOSED_OUTBOUND)).toEqual({
      ok: false,
      error: [{ path: '', message: expect.stringContaining('got an array') }],
    });
  });
});
