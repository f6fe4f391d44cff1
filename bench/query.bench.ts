/**
 * Per-query cost of the query path (decode → resolve → encode) beside the floor: dns-packet
 * decoding the same query and encoding the same reply. Also lookup cost from 100 to 100,000
 * records and the time to load a 100,000-record snapshot.
 */
import packet from 'dns-packet';
import { compileRecordSet, snapshotText, zoneFragment } from '../src/control/publish/compile';
import { decodeQuery } from '../src/dns/codec/decode';
import { encodeResponse } from '../src/dns/codec/encode';
import { RRTYPE } from '../src/dns/constants';
import { resolve } from '../src/resolver/pipeline';
import type { RecordSet } from '../src/zones/model';
import type { ConfigSnapshot } from '../src/zones/snapshot';
import { buildZoneIndex, type ZoneIndex } from '../src/zones/zone-index';
import { queryBytes } from '../test/support/dns';
import { indexOf } from '../test/support/zones';
import { measure, report, type Target, timeOnce } from './harness';

const SETTINGS = { recursionAvailable: false };

const EXAMPLE = `
$ORIGIN example.com.
$TTL 300
@       SOA   ns1 hostmaster 1 7200 3600 1209600 300
@       NS    ns1
@       NS    ns2
ns1     A     192.0.2.53
ns2     A     192.0.2.54
www     A     192.0.2.1
www     A     192.0.2.2
*.apps  A     192.0.2.80
chain1  CNAME chain2
chain2  CNAME www
a.b     A     192.0.2.3
`;

/** Zone apex per size, all the same length, so every size answers an equally long name. */
const apexOf = (size: number) => `z${String(size).padStart(7, '0')}.test.`;
/** Host names h0000000 … of equal length, for the same reason. */
const hostOf = (i: number) => `h${String(i).padStart(7, '0')}`;

/** A zone of `size` A records, as the control plane would publish it. */
function bigZoneText(size: number): string {
  const apex = apexOf(size);
  const sets: RecordSet[] = [
    {
      name: apex,
      type: RRTYPE.SOA,
      ttl: 300,
      values: [`ns1.${apex} hostmaster.${apex} 1 7200 3600 1209600 300`],
    },
    { name: apex, type: RRTYPE.NS, ttl: 300, values: [`ns1.${apex}`] },
  ];
  for (let i = 0; i < size; i++) {
    sets.push({
      name: `${hostOf(i)}.${apex}`,
      type: RRTYPE.A,
      ttl: 300,
      values: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`],
    });
  }
  const compiled = sets.map((s) => {
    const c = compileRecordSet(s);
    if (!c.ok) throw new Error(c.error.join());
    return c.value;
  });
  return snapshotText(1, new Date(0).toISOString(), [zoneFragment(apex, compiled)]);
}

/** Our cost and the dns-packet floor for one query against one index. */
function compare(name: string, zones: ZoneIndex, qname: string, qtype: string) {
  const query = queryBytes(qname, qtype);
  const ours = () => {
    const q = decodeQuery(query);
    if (!q.ok) throw new Error(q.error);
    return encodeResponse(resolve(q.value, zones, SETTINGS).response);
  };
  const replyBytes = ours()!;
  const queryBuf = Buffer.from(query);
  const replyObject = packet.decode(Buffer.from(replyBytes));
  const floor = () => {
    packet.decode(queryBuf);
    return packet.encode(replyObject);
  };
  return { name, ours: measure(name, ours).micros, floor: measure(`${name} floor`, floor).micros };
}

const fmt = (n: number) => n.toFixed(2);

export default function run(): boolean {
  const example = indexOf({ 'example.com.': EXAMPLE });
  const sizes = [100, 1_000, 10_000, 100_000];
  const big = new Map<number, { text: string; index: ZoneIndex }>();
  for (const size of sizes) {
    const text = bigZoneText(size);
    big.set(size, { text, index: buildZoneIndex(JSON.parse(text) as ConfigSnapshot) });
  }

  const cases = [
    compare('simple A (2 records)', example, 'www.example.com', 'A'),
    compare('wildcard A', example, 'host.apps.example.com', 'A'),
    compare('CNAME chain (2 CNAMEs + 2 A)', example, 'chain1.example.com', 'A'),
    compare('NXDOMAIN (+SOA)', example, 'x.b.example.com', 'A'),
    compare(
      'A in a 100,000-record zone',
      big.get(100_000)!.index,
      `${hostOf(50_000)}.${apexOf(100_000)}`,
      'A',
    ),
  ];
  const ok1 = report(
    'Per-query cost, µs (decode + resolve + encode; floor = dns-packet decode + encode of the same messages)',
    [
      ['query', 'edgesteer µs', 'floor µs', 'ratio'],
      ...cases.map((c) => [c.name, fmt(c.ours), fmt(c.floor), `${fmt(c.ours / c.floor)}×`]),
    ],
    [
      {
        what: 'simple answer ≤ 2× the dns-packet floor',
        met: cases[0]!.ours <= 2 * cases[0]!.floor,
        detail: `${fmt(cases[0]!.ours)} µs vs floor ${fmt(cases[0]!.floor)} µs (${fmt(cases[0]!.ours / cases[0]!.floor)}×)`,
      },
    ],
  );

  // Sizes are measured interleaved over several rounds and each keeps its fastest batch: the
  // question is whether the lookup itself grows with the zone, not how noisy the machine is.
  const runners = sizes.map((size) => {
    const { index } = big.get(size)!;
    const q = queryBytes(`${hostOf(Math.floor(size / 2))}.${apexOf(size)}`, 'A');
    return () => {
      const d = decodeQuery(q);
      if (!d.ok) throw new Error(d.error);
      return encodeResponse(resolve(d.value, index, SETTINGS).response);
    };
  });
  const flat = sizes.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < 5; round++) {
    runners.forEach((fn, i) => {
      flat[i] = Math.min(flat[i]!, measure(`${sizes[i]}`, fn, { batches: 9, minMs: 100 }).bestMicros);
    });
  }
  const base = flat[0]!;
  const worst = Math.max(...flat.map((m) => Math.abs(m / base - 1)));
  const ok2 = report(
    'Lookup cost by zone size, µs per query (fastest batch of 5 interleaved rounds)',
    [
      ['records', 'µs', 'vs 100'],
      ...sizes.map((s, i) => [
        s.toLocaleString('en'),
        fmt(flat[i]!),
        `${flat[i]! >= base ? '+' : ''}${fmt((flat[i]! / base - 1) * 100)}%`,
      ]),
    ],
    [
      {
        what: 'lookup cost flat within ±25% from 100 to 100,000 records',
        met: worst <= 0.25,
        detail: `largest deviation ${fmt(worst * 100)}%`,
      },
    ],
  );

  const text = big.get(100_000)!.text;
  const loads: number[] = [];
  for (let i = 0; i < 5; i++)
    loads.push(timeOnce(() => buildZoneIndex(JSON.parse(text) as ConfigSnapshot)).ms);
  loads.sort((a, b) => a - b);
  const load = loads[2]!;
  const targets: Target[] = [
    {
      what: '100,000-record snapshot loads in ≤ 500 ms',
      met: load <= 500,
      detail: `${fmt(load)} ms (JSON.parse + index), ${(text.length / 1e6).toFixed(1)} MB snapshot`,
    },
  ];
  const ok3 = report(
    'Snapshot load',
    [
      ['records', 'snapshot MB', 'median ms of 5'],
      ['100,000', (text.length / 1e6).toFixed(1), fmt(load)],
    ],
    targets,
  );
  return ok1 && ok2 && ok3;
}
