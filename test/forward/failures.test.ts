/**
 * Upstream failures (docs/doh-protocol.md §15): SERVFAIL with an Extended DNS Error naming the cause
 * (RFC 8914), Cache-Control no-store, HTTP 200; failover in fallback and race mode; the time budget.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryBytes } from '../support/dns';
import {
  askWorker,
  extendedErrors,
  forwardingEnv,
  scenarioId,
  seenBy,
  sentBy,
  setScenario,
} from '../support/forward';
import { publishZones } from '../support/publish';
import type { Scenario } from '../support/upstream-server';

const EDNS = { edns: {} };

beforeAll(() =>
  publishZones(env, {
    'hosted-fwd.test.':
      '$ORIGIN hosted-fwd.test.\n$TTL 60\n@ SOA ns hm 1 1 1 1 60\n@ NS ns\nns A 192.0.2.1\n',
  }),
);

describe('a failing upstream → SERVFAIL + EDE, no-store, HTTP 200', () => {
  const cases: [string, Scenario, number, RegExp][] = [
    ['HTTP 500', { behaviour: 'status', status: 500 }, 23, /answered HTTP 500/],
    ['wrong media type', { behaviour: 'media-type' }, 23, /answered text\/html/],
    ['garbage body', { behaviour: 'garbage' }, 23, /undecodable reply/],
    [
      'compression-pointer bomb (8,000-pointer chain, 4,000 owners)',
      { behaviour: 'compression-bomb' },
      23,
      /undecodable reply: record owner: more than 127 compression pointers in one name/,
    ],
    ['another question', { behaviour: 'mismatch' }, 23, /answered another query/],
    ['SERVFAIL', { behaviour: 'servfail' }, 22, /answered SERVFAIL/],
    ['timeout', { behaviour: 'answer', delayMs: 3000 }, 22, /timed out after 300 ms/],
  ];
  it.each(cases)('%s', async (_, scenario, code, text) => {
    const id = scenarioId('fail');
    await setScenario(id, scenario);
    const e = forwardingEnv([id], { FORWARD_TIMEOUT_MS: '300' });
    const { res, reply } = await askWorker(e, queryBytes(`${id}.fwd.test`, 'A', EDNS));
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(reply.rcode).toBe('SERVFAIL');
    expect(extendedErrors(reply)).toEqual([{ code, text: expect.stringMatching(text) }]);
  });

  // The upstream's reply is read through the bounded body reader (src/body-reader.ts): past 65,535
  // octets the read is cancelled, so a hostile upstream cannot make the isolate buffer its body.
  it.each([
    ['chunked, no Content-Length', {}],
    ['a Content-Length over 65,535', { declaredLength: 256 * 1024 * 1024 }],
  ] as const)('an endless reply body (%s) is cut off at 65,535 octets', async (_, extra) => {
    const id = scenarioId('endless');
    await setScenario(id, { behaviour: 'endless', ...extra });
    const e = forwardingEnv([id], { FORWARD_TIMEOUT_MS: '2000' });
    const { reply } = await askWorker(e, queryBytes(`${id}.fwd.test`, 'A', EDNS));
    expect(reply.rcode).toBe('SERVFAIL');
    expect(extendedErrors(reply)).toEqual([
      { code: 23, text: expect.stringMatching(/undecodable reply: over 65,535 octets/) },
    ]);
    // What the upstream got to write: the 64 KB the reader took plus the socket buffers, far from
    // the 256 MB it would have written to a reader that gathers the whole body.
    expect(await sentBy(id)).toBeLessThan(32 * 1024 * 1024);
  });

  it('SERVFAIL is not cached: each query asks again', async () => {
    const id = scenarioId('nocache');
    await setScenario(id, { behaviour: 'servfail' });
    const e = forwardingEnv([id]);
    await askWorker(e, queryBytes(`${id}.fwd.test`, 'A'));
    await askWorker(e, queryBytes(`${id}.fwd.test`, 'A'));
    expect(await seenBy(id)).toHaveLength(2);
  });
});

describe('failover', () => {
  it('fallback: the next upstream answers when the first fails; both EDE-free', async () => {
    const [bad, good] = [scenarioId('down'), scenarioId('up')];
    await setScenario(bad, { behaviour: 'status', status: 502 });
    const { reply } = await askWorker(forwardingEnv([bad, good]), queryBytes(`${bad}.fwd.test`, 'A', EDNS));
    expect(reply.rcode).toBe('NOERROR');
    expect(extendedErrors(reply)).toEqual([]);
    expect([(await seenBy(bad)).length, (await seenBy(good)).length]).toEqual([1, 1]);
  });

  it('fallback: every upstream failing names each one, in order', async () => {
    const [a, b] = [scenarioId('a'), scenarioId('b')];
    await setScenario(a, { behaviour: 'status', status: 500 });
    await setScenario(b, { behaviour: 'media-type' });
    const { reply } = await askWorker(forwardingEnv([a, b]), queryBytes(`${a}.fwd.test`, 'A', EDNS));
    expect(extendedErrors(reply).map((x) => x.text)).toEqual([
      expect.stringContaining('HTTP 500'),
      expect.stringContaining('text/html'),
    ]);
  });

  it('race: a slow first upstream does not hold up a fast second one', async () => {
    const [slow, fast] = [scenarioId('slow'), scenarioId('fast')];
    await setScenario(slow, { behaviour: 'answer', delayMs: 4000 });
    const started = Date.now();
    const e = forwardingEnv([slow, fast], { FORWARD_MODE: 'race', FORWARD_TIMEOUT_MS: '5000' });
    const { reply } = await askWorker(e, queryBytes(`${slow}.fwd.test`, 'A'));
    expect(reply.rcode).toBe('NOERROR');
    // Well before the slow upstream could answer (margins for a loaded machine, not a speed test).
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('every upstream down: the answer arrives within the budget, shared between them', async () => {
    const [a, b] = [scenarioId('hang-a'), scenarioId('hang-b')];
    await setScenario(a, { behaviour: 'answer', delayMs: 5000 });
    await setScenario(b, { behaviour: 'answer', delayMs: 5000 });
    const started = Date.now();
    const e = forwardingEnv([a, b], { FORWARD_TIMEOUT_MS: '400' });
    const { reply } = await askWorker(e, queryBytes(`${a}.fwd.test`, 'A', EDNS));
    expect(reply.rcode).toBe('SERVFAIL');
    // Far below the 5 s the upstreams hang for (margin for a loaded machine's late timers).
    expect(Date.now() - started).toBeLessThan(2000);
    // The first upstream gets half the budget; the second what is left of it, never more.
    const errors = extendedErrors(reply);
    expect(errors).toEqual([
      { code: 22, text: expect.stringMatching(/timed out after 200 ms$/) },
      { code: 22, text: expect.stringMatching(/timed out after \d+ ms$/) },
    ]);
    expect(Number(/after (\d+) ms$/.exec(errors[1]!.text)![1])).toBeLessThanOrEqual(200);
  });
});

describe('configuration problems are reported, not thrown', () => {
  it('an invalid UPSTREAMS: SERVFAIL naming the variable; hosted zones still answer', async () => {
    const e = forwardingEnv([], {
      UPSTREAMS: 'https://1.1.1.1/dns-query',
      FORWARD_ALLOW_INSECURE_UPSTREAMS: 'false',
    });
    const out = await askWorker(e, queryBytes('elsewhere.fwd.test', 'A', EDNS));
    expect(out.reply.rcode).toBe('SERVFAIL');
    expect(extendedErrors(out.reply)[0]!.text).toBe(
      'forwarding is misconfigured: UPSTREAMS entry 1: IP literal host',
    );
    const hosted = await askWorker(e, queryBytes('ns.hosted-fwd.test', 'A'));
    expect(hosted.reply.rcode).toBe('NOERROR');
  });

  it("an upstream on edgesteer's own host is refused (loop)", async () => {
    const e = forwardingEnv([], { UPSTREAMS: 'https://doh.test/dns-query' });
    const { reply } = await askWorker(e, queryBytes('loop.fwd.test', 'A', EDNS));
    expect(reply.rcode).toBe('SERVFAIL');
    expect(extendedErrors(reply)[0]!.text).toContain("points at edgesteer's own host");
  });

  it('an upstream on another hostname edgesteer is served on (SERVED_HOSTNAMES) is a loop too', async () => {
    const e = forwardingEnv(['served'], { SERVED_HOSTNAMES: 'dns.example.net,127.0.0.1' });
    const { reply } = await askWorker(e, queryBytes('served.fwd.test', 'A', EDNS));
    expect(reply.rcode).toBe('SERVFAIL');
    expect(extendedErrors(reply)[0]!.text).toBe(
      "forwarding is misconfigured: UPSTREAMS entry 1: points at edgesteer's own host (SERVED_HOSTNAMES)",
    );
    expect(await seenBy('served')).toEqual([]);
  });
});
