/**
 * The shared fuzz test: ≥ 10,000 mutated queries through the Worker's fetch, half GET and half
 * POST. Every response must be 200 (a decodable query: a well-formed reply with the same ID) or a
 * 4xx; never a 5xx, never an exception (console.error is how the resolver reports one). The same
 * mutations (pointer chains, loops and deep chains among them), made replies, go through the
 * upstream-reply decoder: it never throws and never spends more than its name budget.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import packet from 'dns-packet';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeReply } from '../../src/dns/codec/decode-reply';
import { messageNameBudget } from '../../src/dns/wire-name';
import { encodeBase64Url } from '../../src/encoding/base64';
import worker from '../../src/index';
import { compressionBomb } from '../support/compression-bomb';
import { mutate, seedQueries } from '../support/fuzz';
import { HTTP_TEST_ZONE } from '../support/http-zone';
import { publishZones } from '../support/publish';
import { seeded } from '../support/random';

const ITERATIONS = 10_000;
const SEED = 0x5eed_2026;

beforeAll(() => publishZones(env, { 'example.com.': HTTP_TEST_ZONE }));
afterEach(() => vi.restoreAllMocks());

describe('fuzz', () => {
  it(`${ITERATIONS} mutated queries: zero 5xx, zero exceptions, every 200 well-formed`, async () => {
    const errors = vi.spyOn(console, 'error');
    const random = seeded(SEED);
    const seeds = seedQueries([
      'www.example.com',
      'cname.example.com',
      'x.sub.example.com',
      'nope.example.com',
      'elsewhere.org',
      'WwW.ExAmPlE.cOm',
    ]);
    const statuses = new Map<number, number>();
    for (let i = 0; i < ITERATIONS; i++) {
      const body = mutate(seeds[Math.floor(random() * seeds.length)]!, random);
      const request =
        i % 2 === 0
          ? new Request(`https://doh.test/dns-query?dns=${encodeBase64Url(body)}`)
          : new Request('https://doh.test/dns-query', {
              method: 'POST',
              body,
              headers: { 'Content-Type': 'application/dns-message' },
            });
      const ctx = createExecutionContext();
      const res = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, env, ctx);
      await waitOnExecutionContext(ctx);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const payload = new Uint8Array(await res.arrayBuffer());
      if (res.status === 200) {
        const reply = packet.decode(Buffer.from(payload));
        expect(reply.type).toBe('response');
        expect(reply.id).toBe((body[0]! << 8) | body[1]!);
      } else {
        expect([400, 413]).toContain(res.status);
      }
    }
    console.log('fuzz status counts', Object.fromEntries(statuses));
    expect(errors).not.toHaveBeenCalled();
    // Both paths were exercised: some mutations still decode, others do not.
    expect(statuses.get(200)).toBeGreaterThan(ITERATIONS / 10);
    expect(statuses.get(400)).toBeGreaterThan(ITERATIONS / 10);
  }, 120_000);

  it(`${ITERATIONS} mutated replies through the upstream decoder: no exception, within the budget`, () => {
    const random = seeded(SEED + 1);
    const seeds = [
      ...seedQueries(['www.example.com', 'WwW.ExAmPlE.cOm']),
      compressionBomb({ chain: 126, owners: 50 }),
      compressionBomb({ chain: 200, owners: 10, section: 1 }),
    ].map((q) => Uint8Array.from([...q.subarray(0, 2), q[2]! | 0x80, ...q.subarray(3)]));
    const outcomes = { decoded: 0, refused: 0, hopCap: 0, backwards: 0, overBudget: 0 };
    let mostSteps = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const body = mutate(seeds[Math.floor(random() * seeds.length)]!, random);
      const budget = messageNameBudget(body.length);
      const reply = decodeReply(body, budget);
      if (reply.ok) outcomes.decoded++;
      else if (reply.error.includes('decoding steps')) outcomes.overBudget++;
      else {
        outcomes.refused++;
        if (reply.error.includes('more than 127 compression pointers')) outcomes.hopCap++;
        if (reply.error.includes('does not point backwards')) outcomes.backwards++;
      }
      expect(budget.steps).toBeLessThanOrEqual(budget.limit + 1);
      if (body.length > 0) mostSteps = Math.max(mostSteps, budget.steps / body.length);
    }
    console.log('reply fuzz outcomes', outcomes, 'most steps per octet', mostSteps.toFixed(2));
    expect(outcomes.decoded).toBeGreaterThan(ITERATIONS / 10);
    expect(outcomes.refused).toBeGreaterThan(ITERATIONS / 10);
    // The pointer mutations reach the hop cap (deep chains) and the backwards rule (loops).
    expect(outcomes.hopCap).toBeGreaterThan(0);
    expect(outcomes.backwards).toBeGreaterThan(0);
  });
});
