/**
 * Caching through the Worker's fetch: hits and misses, negative caching (RFC 2308), coalescing of
 * concurrent identical misses, out-of-zone CNAME targets and delegations with RD=1 (§14.5–§14.6).
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryBytes } from '../support/dns';
import { askWorker, forwardingEnv, scenarioId, seenBy, setScenario } from '../support/forward';
import { publishZones } from '../support/publish';

const ZONE = `$ORIGIN chain-fwd.test.
$TTL 600
@       SOA ns hm 1 1 1 1 60
@       NS  ns
ns      A   192.0.2.1
alias   CNAME far.away-fwd.test.
sub     NS  ns.sub
ns.sub  A   192.0.2.9
`;

beforeAll(() => publishZones(env, { 'chain-fwd.test.': ZONE }));

describe('caching forwarded answers', () => {
  it('a second identical query is a cache hit: one upstream request, same answer', async () => {
    const id = scenarioId('hit');
    const e = forwardingEnv([id]);
    const first = await askWorker(e, queryBytes(`${id}.fwd.test`, 'A', { id: 1 }));
    const second = await askWorker(e, queryBytes(`${id.toUpperCase()}.FWD.test`, 'A', { id: 2 }));
    expect(await seenBy(id)).toHaveLength(1);
    expect(second.reply).toMatchObject({ id: 2, rcode: 'NOERROR' });
    expect(second.reply.questions![0]!.name).toBe(`${id.toUpperCase()}.FWD.test`);
    const ttl = (r: typeof first) => (r.reply.answers![0] as { ttl: number }).ttl;
    expect(ttl(second)).toBeLessThanOrEqual(ttl(first));
    expect(second.res.headers.get('Cache-Control')).toMatch(/^max-age=(300|299)$/);
  });

  it('DO and CD are part of the key: a DO=1 query is a miss after a DO=0 one', async () => {
    const id = scenarioId('do');
    const e = forwardingEnv([id]);
    await askWorker(e, queryBytes(`${id}.fwd.test`, 'A'));
    await askWorker(e, queryBytes(`${id}.fwd.test`, 'A', { edns: { do: true } }));
    expect(await seenBy(id)).toHaveLength(2);
  });

  it('NXDOMAIN is cached for the negative TTL min(SOA TTL, MINIMUM) (RFC 2308 §5)', async () => {
    const id = scenarioId('nx');
    await setScenario(id, { behaviour: 'nxdomain' });
    const e = forwardingEnv([id]);
    const first = await askWorker(e, queryBytes(`${id}.fwd.test`, 'A'));
    await askWorker(e, queryBytes(`${id}.fwd.test`, 'A'));
    expect(first.reply.rcode).toBe('NXDOMAIN');
    expect(first.reply.authorities![0]).toMatchObject({ type: 'SOA', ttl: 60 });
    expect(first.res.headers.get('Cache-Control')).toBe('max-age=60');
    expect(await seenBy(id)).toHaveLength(1);
  });

  it('coalesces 200 concurrent identical misses into one upstream request', async () => {
    const id = scenarioId('herd');
    await setScenario(id, { behaviour: 'answer', delayMs: 200 });
    const e = forwardingEnv([id]);
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) => askWorker(e, queryBytes(`${id}.fwd.test`, 'A', { id: i }))),
    );
    expect(replies.every((r, i) => r.reply.rcode === 'NOERROR' && r.reply.id === i)).toBe(true);
    expect(await seenBy(id)).toHaveLength(1);
  });
});

describe('hosted data that leads outside (docs/doh-protocol.md §14.5, §14.6)', () => {
  it('RD=1: an out-of-zone CNAME target is resolved upstream and appended', async () => {
    const id = scenarioId('target');
    const { reply, res } = await askWorker(forwardingEnv([id]), queryBytes('Alias.chain-fwd.test', 'A'));
    expect(reply.answers!.map((a) => [a.name, a.type])).toEqual([
      ['Alias.chain-fwd.test', 'CNAME'],
      ['far.away-fwd.test', 'A'],
    ]);
    expect(reply.flags! & 0x0400).toBe(0); // AA=0: not all of it is ours
    expect(res.headers.get('Cache-Control')).toBe('max-age=300');
    expect((await seenBy(id))[0]!.questions![0]!.name).toBe('far.away-fwd.test');
  });

  it('RD=0: the chain as far as hosted data goes', async () => {
    const id = scenarioId('rd0');
    const { reply } = await askWorker(
      forwardingEnv([id]),
      queryBytes('alias.chain-fwd.test', 'A', { rd: false }),
    );
    expect(reply.answers!.map((a) => a.type)).toEqual(['CNAME']);
    expect(await seenBy(id)).toHaveLength(0);
  });

  it('RD=1: a delegated name is forwarded instead of referred; RD=0 gets the referral', async () => {
    const id = scenarioId('deleg');
    const e = forwardingEnv([id]);
    const forwarded = await askWorker(e, queryBytes('www.sub.chain-fwd.test', 'A'));
    expect(forwarded.reply.answers![0]).toMatchObject({ data: '198.51.100.7' });
    const referral = await askWorker(e, queryBytes('www.sub.chain-fwd.test', 'A', { rd: false }));
    expect(referral.reply.authorities![0]).toMatchObject({ type: 'NS', name: 'sub.chain-fwd.test' });
  });
});

describe('the shared Cache API level (per colo)', () => {
  it('a fresh isolate cache (other forwarder) finds the answer in the Cache API', async () => {
    const [first, second] = [scenarioId('colo-a'), scenarioId('colo-b')];
    const name = `${first}.shared.fwd.test`;
    await askWorker(forwardingEnv([first]), queryBytes(name, 'A'));
    const { reply } = await askWorker(forwardingEnv([second]), queryBytes(name, 'A'));
    expect(reply.answers![0]).toMatchObject({ data: '198.51.100.7' });
    expect([(await seenBy(first)).length, (await seenBy(second)).length]).toEqual([1, 0]);
  });
});
