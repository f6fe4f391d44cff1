/**
 * Forwarding through the Worker's fetch against the local upstream: the upstream query (spec §15),
 * the reply to the client, and what real clients send (§16).
 */
import packet from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { queryBytes } from '../support/dns';
import { askWorker, forwardingEnv, scenarioId, seenBy, setScenario } from '../support/forward';

const PADDING = 12;
const ECS = 8;

describe('forwarding a name outside every hosted zone (docs/doh-protocol.md §15)', () => {
  it('answers with the upstream sections, RA=1, the client ID and question case restored', async () => {
    const id = scenarioId('basic');
    const res = await askWorker(forwardingEnv([id]), queryBytes(`WwW.${id}.Fwd.TEST`, 'A', { id: 0xbeef }));
    expect(res.res.status).toBe(200);
    expect(res.res.headers.get('Cache-Control')).toBe('max-age=300');
    expect(res.reply).toMatchObject({ id: 0xbeef, rcode: 'NOERROR' });
    expect(res.reply.flags! & 0x0080).toBe(0x0080); // RA
    expect(res.reply.flags! & 0x0100).toBe(0x0100); // RD copied
    expect(res.reply.questions![0]!.name).toBe(`WwW.${id}.Fwd.TEST`);
    expect(res.reply.answers).toEqual([
      expect.objectContaining({ name: `WwW.${id}.Fwd.TEST`, type: 'A', ttl: 300, data: '198.51.100.7' }),
    ]);
    expect(res.reply.additionals ?? []).toEqual([]); // no OPT in the query, none in the reply
  });

  it('asks upstream with ID 0, RD=1, the name lowercased, DO and CD copied, OPT padded to 128, no ECS', async () => {
    const id = scenarioId('shape');
    const ecs = { code: ECS, data: Buffer.from([0, 1, 24, 0, 198, 51, 100]) };
    const q = queryBytes(`MiXeD.${id}.fwd.test`, 'AAAA', {
      id: 7,
      rd: false,
      edns: { do: true, options: [ecs] },
    });
    q[3]! |= 0x10; // CD
    const { reply } = await askWorker(forwardingEnv([id]), q);
    expect(reply.flags! & 0x0100).toBe(0); // RD=0 copied to the reply
    const [sent] = await seenBy(id);
    expect(sent).toMatchObject({ id: 0, questions: [{ name: `mixed.${id}.fwd.test`, type: 'AAAA' }] });
    expect(sent!.flags! & 0x0100).toBe(0x0100); // RD=1 whatever the client sent
    expect(sent!.flags! & 0x0010).toBe(0x0010); // CD copied
    const opt = sent!.additionals!.find((a) => a.type === 'OPT') as packet.OptAnswer & { flags: number };
    expect(opt.flags & packet.DNSSEC_OK).toBe(packet.DNSSEC_OK);
    expect(opt.options.map((o) => o.code)).toEqual([PADDING]);
    expect(packet.encode(sent!).length % 128).toBe(0);
    // The client's ECS is echoed with SCOPE 0 (docs/doh-protocol.md §12).
    const echo = (reply.additionals![0] as packet.OptAnswer).options.find((o) => o.code === ECS);
    expect(echo).toMatchObject({ sourcePrefixLength: 24, scopePrefixLength: 0, ip: '198.51.100.0' });
  });

  it('sends ECS truncated to /24 only when FORWARD_ECS=on', async () => {
    const id = scenarioId('ecs');
    const ecs = { code: ECS, data: Buffer.from([0, 1, 32, 0, 198, 51, 100, 77]) };
    await askWorker(
      forwardingEnv([id], { FORWARD_ECS: 'on' }),
      queryBytes(`${id}.fwd.test`, 'A', { edns: { options: [ecs] } }),
    );
    const [sent] = await seenBy(id);
    const opt = sent!.additionals!.find((a) => a.type === 'OPT') as packet.OptAnswer;
    expect(opt.options.find((o) => o.code === ECS)).toMatchObject({
      sourcePrefixLength: 24,
      ip: '198.51.100.0',
    });
  });

  it('FORWARDING=off: REFUSED, RA=0, nothing sent upstream', async () => {
    const id = scenarioId('off');
    const { reply } = await askWorker(
      forwardingEnv([id], { FORWARDING: 'off' }),
      queryBytes(`${id}.fwd.test`, 'A'),
    );
    expect(reply.rcode).toBe('REFUSED');
    expect(reply.flags! & 0x0080).toBe(0);
    expect(await seenBy(id)).toHaveLength(0);
  });
});

describe('what real clients send (docs/doh-protocol.md §16)', () => {
  it("Firefox's confirmation: example.com NS with OPT 4096 and ECS /0", async () => {
    const id = scenarioId('firefox');
    const ecs0 = { code: ECS, data: Buffer.from([0, 1, 0, 0]) };
    const { reply, res } = await askWorker(
      forwardingEnv([id]),
      queryBytes('example.com', 'NS', { edns: { options: [ecs0] } }),
    );
    expect(res.headers.get('Content-Type')).toBe('application/dns-message');
    expect(reply.rcode).toBe('NOERROR');
    expect(reply.answers).toEqual([expect.objectContaining({ type: 'NS', data: 'ns1.example.com' })]);
  });

  it("Chrome's probe: www.gstatic.com A with padding gets a padded answer", async () => {
    const id = scenarioId('chrome');
    const pad = { code: PADDING, data: Buffer.alloc(60) };
    const { reply, wire } = await askWorker(
      forwardingEnv([id]),
      queryBytes('www.gstatic.com', 'A', { edns: { options: [pad] } }),
    );
    expect(reply.answers).toEqual([
      expect.objectContaining({ name: 'www.gstatic.com', data: '198.51.100.7' }),
    ]);
    expect(wire.length % 468).toBe(0);
  });

  it('HTTPS (type 65) is forwarded and answered byte for byte', async () => {
    const id = scenarioId('https');
    const { reply } = await askWorker(forwardingEnv([id]), queryBytes(`${id}.fwd.test`, 'UNKNOWN_65'));
    expect(reply.answers![0]).toMatchObject({ type: 'UNKNOWN_65' });
    expect(Buffer.from((reply.answers![0] as { data: Buffer }).data).toString('hex')).toBe(
      '00010000010003026832',
    );
  });

  it('decompresses names in upstream RDATA (CNAME chain)', async () => {
    const id = scenarioId('cname');
    await setScenario(id, { behaviour: 'answer', cname: `target.${id}.fwd.test` });
    const { reply } = await askWorker(forwardingEnv([id]), queryBytes(`alias.${id}.fwd.test`, 'A'));
    expect(reply.answers!.map((a) => [a.type, (a as { data: unknown }).data])).toEqual([
      ['CNAME', `target.${id}.fwd.test`],
      ['A', '198.51.100.7'],
    ]);
  });
});
