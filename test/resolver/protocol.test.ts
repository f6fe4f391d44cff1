/**
 * DNS message rules (docs/doh-protocol.md §9–§13) and the edgesteer fixtures F1–F20 (§17.2), run through
 * decode → resolve → encode. Replies are checked byte-level where the rule is about bytes.
 */
import packet from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { decodeQuery } from '../../src/dns/codec/decode';
import { decodeBase64Url } from '../../src/encoding/base64';
import { ask, queryBytes } from '../support/dns';
import { indexOf } from '../support/zones';

const zones = indexOf({
  'example.com.': `
$ORIGIN example.com.
$TTL 300
@    SOA ns1 hostmaster 1 7200 3600 1209600 300
@    NS  ns1
ns1  A   192.0.2.53
www  A   192.0.2.1
big  TXT ${Array.from({ length: 250 }, () => `"${'x'.repeat(255)}"`).join(' ')}
`,
});

const fixture = (b64: string) => decodeBase64Url(b64)!;

/** The reply's OPT record (dns-packet shape), if any. */
function optOf(reply: packet.Packet) {
  return reply.additionals?.find((a) => a.type === 'OPT') as
    | (packet.Answer & {
        options: { code: number; data?: Buffer }[];
        flags: number;
        extendedRcode: number;
        ednsVersion: number;
        udpPayloadSize: number;
      })
    | undefined;
}

/** Raw option list of the reply OPT, read from the wire (dns-packet interprets ECS loosely). */
function rawOptions(wire: Uint8Array): { code: number; data: Uint8Array }[] {
  const q = decodeQuery(Uint8Array.from([...wire.subarray(0, 2), wire[2]! & 0x7f, ...wire.subarray(3)]));
  if (!q.ok) throw new Error(q.error);
  return (q.value.edns?.options ?? []).map((o) => ({ code: o.code, data: o.data }));
}

describe('fixtures F1–F20 (docs/doh-protocol.md §17.2)', () => {
  it('F1 EDNS0 without options: NOERROR, OPT v0 with no options, advertises 1232', () => {
    const { reply, wire } = ask(
      zones,
      fixture('AAABAAABAAAAAAABA3d3dwdleGFtcGxlA2NvbQAAAQABAAApEAAAAAAAAAA'),
    );
    expect(reply.rcode).toBe('NOERROR');
    const opt = optOf(reply)!;
    expect(opt.ednsVersion).toBe(0);
    expect(opt.udpPayloadSize).toBe(1232);
    expect(rawOptions(wire)).toEqual([]);
  });

  it('F2 ECS 198.51.100.0/24 is echoed: family 1, source 24, address c6 33 64, scope 0 (simple answer)', () => {
    const { wire } = ask(
      zones,
      fixture('AAABAAABAAAAAAABA3d3dwdleGFtcGxlA2NvbQAAAQABAAApEAAAAAAAAAsACAAHAAEYAMYzZA'),
    );
    expect(rawOptions(wire)).toEqual([{ code: 8, data: Uint8Array.from([0, 1, 24, 0, 0xc6, 0x33, 0x64]) }]);
  });

  it('F3 ECS /0 (Firefox) is answered and echoed with scope 0', () => {
    const { reply, wire } = ask(
      zones,
      fixture('AAABAAABAAAAAAABA3d3dwdleGFtcGxlA2NvbQAAAQABAAApEAAAAAAAAAgACAAEAAEAAA'),
    );
    expect(reply.rcode).toBe('NOERROR');
    expect(rawOptions(wire)).toEqual([{ code: 8, data: Uint8Array.from([0, 1, 0, 0]) }]);
  });

  it('F4 ECS /24 with 4 address octets is FORMERR', () => {
    const { reply, wire } = ask(
      zones,
      fixture('AAABAAABAAAAAAABA3d3dwdleGFtcGxlA2NvbQAAAQABAAApEAAAAAAAAAwACAAIAAEYAMYzZAE'),
    );
    expect(reply.rcode).toBe('FORMERR');
    expect(rawOptions(wire)).toEqual([]);
  });

  it('F5 EDNS version 1 is BADVERS: header RCODE 0, extended RCODE 1, OPT v0, no answer, AA=0', () => {
    const { reply, wire } = ask(
      zones,
      fixture('AAABAAABAAAAAAABA3d3dwdleGFtcGxlA2NvbQAAAQABAAApEAAAAQAAAAA'),
    );
    expect(wire[3]! & 0x0f).toBe(0);
    const opt = optOf(reply)!;
    expect(opt.extendedRcode).toBe(1);
    expect(opt.ednsVersion).toBe(0);
    expect(reply.answers).toEqual([]);
    expect(reply.flag_aa).toBe(false);
    expect(rawOptions(wire)).toEqual([]);
  });

  it('F6 padded query gets a reply padded to a multiple of 468', () => {
    const { wire } = ask(
      zones,
      fixture(
        'AAABAAABAAAAAAABA3d3dwdleGFtcGxlA2NvbQAAAQABAAApEAAAAAAAAFQADABQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      ),
    );
    expect(wire.length % 468).toBe(0);
    const padding = rawOptions(wire).find((o) => o.code === 12)!;
    expect(padding.data.every((b) => b === 0)).toBe(true);
  });

  it('F7 ANY gives one HINFO "RFC8482" "" with TTL 3600 and AA=1', () => {
    const { reply } = ask(zones, fixture('AAABAAABAAAAAAAAB2V4YW1wbGUDY29tAAD_AAE'));
    expect(reply.flag_aa).toBe(true);
    expect(reply.answers).toHaveLength(1);
    expect(reply.answers?.[0]).toMatchObject({ type: 'HINFO', ttl: 3600, data: { cpu: 'RFC8482', os: '' } });
  });

  it('F8 question echoed byte for byte; QNAME-owned records in its case', () => {
    const q = fixture('AAABAAABAAAAAAAAA1d3VwdFeEFtUGxFA0NvTQAAAQAB');
    const { wire, reply } = ask(zones, q);
    expect(wire.subarray(12, q.length)).toEqual(q.subarray(12));
    expect(reply.answers?.[0]?.name).toBe('WwW.ExAmPlE.CoM');
  });

  it.each([
    ['F9 QDCOUNT=2', 'AAABAAACAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQABB2V4YW1wbGUDY29tAAABAAE'],
    ['F19 QDCOUNT=0', 'AAABAAAAAAAAAAAA'],
  ])('%s is FORMERR without a question', (_, b64) => {
    const { reply } = ask(zones, fixture(b64));
    expect(reply.rcode).toBe('FORMERR');
    expect(reply.questions).toEqual([]);
  });

  it('F10 OPCODE 15 is NOTIMP with no records and AA=0', () => {
    const { reply, wire } = ask(zones, fixture('AAB5AAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAABgAB'));
    expect(reply.rcode).toBe('NOTIMP');
    expect((wire[2]! >> 3) & 0xf).toBe(15);
    expect(reply.flag_aa).toBe(false);
    expect(reply.answers).toEqual([]);
    expect(reply.authorities).toEqual([]);
  });

  it('F11 QR=1 in the request does not decode as a query (→ HTTP 400)', () => {
    expect(decodeQuery(fixture('AACBAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB')).ok).toBe(false);
  });

  it('F12 two OPT records is FORMERR', () => {
    expect(
      ask(zones, fixture('AAABAAABAAAAAAACA3d3dwdleGFtcGxlA2NvbQAAAQABAAApEAAAAAAAAAAAACkQAAAAAAAAAA')).reply
        .rcode,
    ).toBe('FORMERR');
  });

  it('F13 unknown option 100 is answered and not echoed', () => {
    const { reply, wire } = ask(
      zones,
      fixture('AAABAAABAAAAAAABA3d3dwdleGFtcGxlA2NvbQAAAQABAAApEAAAAAAAAAQAZAAA'),
    );
    expect(reply.rcode).toBe('NOERROR');
    expect(rawOptions(wire)).toEqual([]);
  });

  it('F14 unknown EDNS flag bits are cleared', () => {
    const { reply } = ask(zones, fixture('AAABAAABAAAAAAABA3d3dwdleGFtcGxlA2NvbQAAAQABAAApEAAAAABAAAA'));
    expect(optOf(reply)!.flags).toBe(0);
  });

  it('F15 DO=1 is copied; no RRSIG; AD=0', () => {
    const { reply } = ask(zones, fixture('AAABAAABAAAAAAABA3d3dwdleGFtcGxlA2NvbQAAAQABAAApEAAAAIAAAAA'));
    expect(optOf(reply)!.flags).toBe(packet.DNSSEC_OK);
    expect(reply.flag_ad).toBe(false);
    expect(reply.answers?.every((a) => a.type === 'A')).toBe(true);
  });

  it('F16 ECS FAMILY 3 is FORMERR', () => {
    expect(
      ask(zones, fixture('AAABAAABAAAAAAABA3d3dwdleGFtcGxlA2NvbQAAAQABAAApEAAAAAAAAAgACAAEAAMAAA')).reply
        .rcode,
    ).toBe('FORMERR');
  });

  it('F17 private ECS 10.1.2.0/24 is answered; scope 0 as location did not matter', () => {
    const { reply, wire } = ask(
      zones,
      fixture('AAABAAABAAAAAAABA3d3dwdleGFtcGxlA2NvbQAAAQABAAApEAAAAAAAAAsACAAHAAEYAAoBAg'),
    );
    expect(reply.rcode).toBe('NOERROR');
    expect(rawOptions(wire)).toEqual([{ code: 8, data: Uint8Array.from([0, 1, 24, 0, 10, 1, 2]) }]);
  });

  it('F18 ID 0xABCD echoed; no OPT without OPT in the query', () => {
    const { reply } = ask(zones, fixture('q80BAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB'));
    expect(reply.id).toBe(0xabcd);
    expect(optOf(reply)).toBeUndefined();
  });

  it('F20 version.bind TXT CH is REFUSED', () => {
    const { reply } = ask(zones, fixture('AAABAAABAAAAAAAAB3ZlcnNpb24EYmluZAAAEAAD'));
    expect(reply.rcode).toBe('REFUSED');
    expect(reply.flag_aa).toBe(false);
  });
});

describe('header and EDNS rules', () => {
  const ecs = (family: number, source: number, scope: number, addr: number[]) => ({
    code: 8,
    data: Buffer.from([0, family, source, scope, ...addr]),
  });

  it.each([
    ['bits set beyond SOURCE', ecs(1, 23, 0, [198, 51, 101])],
    ['SOURCE > 32 for IPv4', ecs(1, 33, 0, [1, 2, 3, 4, 5])],
    ['SCOPE ≠ 0 in a query', ecs(1, 24, 8, [198, 51, 100])],
    ['IPv6 /56 with 8 octets', ecs(2, 56, 0, [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0])],
    ['shorter than 4 octets', { code: 8, data: Buffer.from([0, 1, 24]) }],
  ])('ECS %s is FORMERR (RFC 7871 §6)', (_, option) => {
    const { reply } = ask(zones, queryBytes('www.example.com', 'A', { edns: { options: [option] } }));
    expect(reply.rcode).toBe('FORMERR');
  });

  it('two ECS options are FORMERR', () => {
    const o = ecs(1, 24, 0, [198, 51, 100]);
    expect(ask(zones, queryBytes('www.example.com', 'A', { edns: { options: [o, o] } })).reply.rcode).toBe(
      'FORMERR',
    );
  });

  it('IPv6 ECS 2001:db8::/56 is echoed unchanged with scope 0', () => {
    const o = ecs(2, 56, 0, [0x20, 1, 0xd, 0xb8, 0, 0, 0]);
    const { wire } = ask(zones, queryBytes('www.example.com', 'A', { edns: { options: [o] } }));
    expect(rawOptions(wire)).toEqual([{ code: 8, data: Uint8Array.from(o.data) }]);
  });

  it('ECS and padding together: ECS first, padding last, total a multiple of 468', () => {
    const o = ecs(1, 24, 0, [198, 51, 100]);
    const { wire } = ask(
      zones,
      queryBytes('www.example.com', 'A', { edns: { options: [o, { code: 12, data: Buffer.alloc(10) }] } }),
    );
    expect(rawOptions(wire).map((x) => x.code)).toEqual([8, 12]);
    expect(wire.length % 468).toBe(0);
  });

  it('NSID, EXPIRE and ECS /0 together are answered normally (RFC 8906 §8.2.10)', () => {
    const options = [
      { code: 3, data: Buffer.alloc(0) },
      { code: 9, data: Buffer.alloc(0) },
      ecs(1, 0, 0, []),
    ];
    const { reply, wire } = ask(zones, queryBytes('www.example.com', 'A', { edns: { options } }));
    expect(reply.rcode).toBe('NOERROR');
    expect(rawOptions(wire).map((x) => x.code)).toEqual([8]);
  });

  it('RD and CD copied, Z cleared, TC never set, RA=0 without forwarding', () => {
    const q = queryBytes('www.example.com', 'A', { rd: false });
    q[3] = q[3]! | 0x10 | 0x40; // CD and Z
    const { wire } = ask(zones, q);
    expect(wire[2]! & 0x01).toBe(0); // RD
    expect(wire[2]! & 0x02).toBe(0); // TC
    expect(wire[3]! & 0x10).toBe(0x10); // CD
    expect(wire[3]! & 0x40).toBe(0); // Z
    expect(wire[3]! & 0x80).toBe(0); // RA
  });

  it.each([
    ['AXFR', 'REFUSED'],
    ['IXFR', 'REFUSED'],
    ['OPT', 'NOTIMP'],
    ['TSIG', 'NOTIMP'],
    ['TKEY', 'NOTIMP'],
    ['UNKNOWN_254', 'NOTIMP'],
    ['UNKNOWN_253', 'NOTIMP'],
  ])('QTYPE %s → %s (§10.8)', (type, rcode) => {
    expect(ask(zones, queryBytes('example.com', type)).reply.rcode).toBe(rcode);
  });

  it.each(['CH', 'HS', 'ANY'])('QCLASS %s → REFUSED', (qclass) => {
    expect(ask(zones, queryBytes('www.example.com', 'A', { qclass })).reply.rcode).toBe('REFUSED');
  });

  it('a reply over 65,535 octets becomes SERVFAIL, never TC (RFC 8484 §6)', async () => {
    const { encodeResponse } = await import('../../src/dns/codec/encode');
    const q = decodeQuery(queryBytes('big.example.com', 'TXT'))!;
    if (!q.ok) throw new Error();
    const { resolve } = await import('../../src/resolver/pipeline');
    const r = resolve(q.value, zones, { recursionAvailable: false });
    const doubled = { ...r.response, answer: [...r.response.answer, ...r.response.answer] };
    expect(encodeResponse(doubled)).toBeNull();
  });
});
