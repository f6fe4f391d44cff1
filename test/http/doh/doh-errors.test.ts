/**
 * An unexpected failure on the DoH routes is still a DNS answer (docs/doh-protocol.md §15): SERVFAIL for
 * a query that decoded, 400 for a request that could not be read, both with CORS and no-store;
 * never Hono's bare 500.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../../../src/encoding/base64';
import type { Env } from '../../../src/env';
import worker from '../../../src/index';
import { decodeReply, queryBytes } from '../../support/dns';

/**
 * An env whose FORWARDING var throws when read: a fault injected at the first step of answering
 * (the forwarding settings), after the query decoded, standing for any bug on the query path.
 */
const brokenEnv = new Proxy(env as Env, {
  get(target, key, receiver) {
    if (key === 'FORWARDING') throw new Error('injected fault');
    return Reflect.get(target, key, receiver);
  },
});

async function fetchWith(e: Env, request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, e, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

function expectCorsNoStore(res: Response): void {
  expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
  expect(res.headers.get('Cache-Control')).toBe('no-store');
}

describe('a failure while answering a decodable query', () => {
  const query = queryBytes('www.example.com', 'A');

  it('POST wire → 200 SERVFAIL with the query id and question', async () => {
    const res = await fetchWith(
      brokenEnv,
      new Request('https://doh.test/dns-query', {
        method: 'POST',
        body: query,
        headers: { 'Content-Type': 'application/dns-message' },
      }),
    );
    expect(res.status).toBe(200);
    expectCorsNoStore(res);
    const reply = decodeReply(new Uint8Array(await res.arrayBuffer()));
    expect(reply.rcode).toBe('SERVFAIL');
    expect(reply.id).toBe(decodeReply(query).id);
    expect(reply.questions).toEqual([{ name: 'www.example.com', type: 'A', class: 'IN' }]);
  });

  it('GET wire → 200 SERVFAIL', async () => {
    const res = await fetchWith(
      brokenEnv,
      new Request(`https://doh.test/dns-query?dns=${encodeBase64Url(query)}`),
    );
    expect(res.status).toBe(200);
    expectCorsNoStore(res);
    expect(decodeReply(new Uint8Array(await res.arrayBuffer())).rcode).toBe('SERVFAIL');
  });

  it('JSON → 200 with Status 2 (SERVFAIL)', async () => {
    const res = await fetchWith(
      brokenEnv,
      new Request('https://doh.test/resolve?name=www.example.com&type=A'),
    );
    expect(res.status).toBe(200);
    expectCorsNoStore(res);
    expect(await res.json()).toMatchObject({ Status: 2, Question: [{ name: 'www.example.com.', type: 1 }] });
  });
});

describe('a failure before a query could be read', () => {
  it('a POST body that errors mid-stream → 400 with CORS', async () => {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('client went away'));
      },
    });
    const res = await fetchWith(
      env as Env,
      new Request('https://doh.test/dns-query', {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/dns-message' },
      }),
    );
    expect(res.status).toBe(400);
    expectCorsNoStore(res);
    expect(await res.text()).toMatch(/could not be read/);
  });
});
