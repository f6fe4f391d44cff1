/**
 * Decoding cost of compression-pointer bombs (issue 9) beside a normal query and the dns-packet
 * floor: the audit's 64 KB message (an 8,000-pointer chain, 4,000 owners pointing at its end) as a
 * query and as an upstream reply, and the two layouts that cost a naive decoder most in a
 * 65,535-octet reply (owners 127 hops deep, owners pointing at a 127-label name) beside an
 * ordinary reply of the same size and record count (every owner a pointer to the question).
 */
import packet from 'dns-packet';
import { decodeQuery } from '../src/dns/codec/decode';
import { decodeReply } from '../src/dns/codec/decode-reply';
import { compressionBomb } from '../test/support/compression-bomb';
import { queryBytes } from '../test/support/dns';
import { measure, report, timeOnce } from './harness';

const fmt = (n: number) => n.toFixed(2);
const TARGET_MICROS = 1000;

/** `a.a.…` with 127 labels (255 octets), A IN: the most labels one pointer can reach. */
const DEEP_QUESTION = Uint8Array.from([
  ...Array.from({ length: 127 }, () => [1, 0x61]).flat(),
  0,
  0,
  1,
  0,
  1,
]);

interface Row {
  readonly name: string;
  readonly bytes: number;
  readonly micros: number;
  readonly outcome: string;
  readonly floor: string;
}

function row(
  name: string,
  bytes: Uint8Array,
  decode: (b: Uint8Array) => { ok: boolean; error?: string },
): Row {
  const result = decode(bytes);
  const outcome = result.ok ? 'decoded' : `refused: ${result.error}`;
  // dns-packet follows every pointer: on the bombs it is timed (fastest of 3) rather than measured.
  const buf = Buffer.from(bytes);
  const floor = () => {
    try {
      packet.decode(buf);
      return '';
    } catch {
      return ', throws';
    }
  };
  const once = Math.min(...[0, 1, 2].map(() => timeOnce(floor).ms));
  const floorText =
    once < 1
      ? `${fmt(measure(`${name} floor`, floor).micros)}${floor()}`
      : `${fmt(once * 1000)} (once${floor()})`;
  return {
    name,
    bytes: bytes.length,
    micros: measure(name, () => decode(bytes)).micros,
    outcome,
    floor: floorText,
  };
}

export default function run(): boolean {
  const audit = { chain: 8000, owners: 4000 };
  const rows = [
    row('normal query (www.example.com A)', queryBytes('www.example.com', 'A'), decodeQuery),
    row("audit's bomb as a query", compressionBomb(audit), decodeQuery),
    row("audit's bomb as an upstream reply", compressionBomb({ ...audit, response: true }), decodeReply),
    row(
      'ordinary reply: 5,400 owners → question',
      compressionBomb({ chain: 0, response: true }),
      decodeReply,
    ),
    row('reply: 5,400 owners 127 hops deep', compressionBomb({ chain: 126, response: true }), decodeReply),
    row(
      'reply: 5,400 owners → 127-label name',
      compressionBomb({ chain: 0, question: DEEP_QUESTION, response: true }),
      decodeReply,
    ),
  ];
  const [, query, reply, ordinary, ...layouts] = rows as [Row, Row, Row, Row, Row, Row];
  const worst = layouts.reduce((a, b) => (b.micros > a.micros ? b : a));
  return report(
    'Decoding compression-pointer bombs, µs per message (floor = dns-packet decode of the same bytes)',
    [
      ['message', 'octets', 'edgesteer µs', 'floor µs', 'outcome'],
      ...rows.map((r) => [r.name, String(r.bytes), fmt(r.micros), r.floor, r.outcome]),
    ],
    [
      {
        what: "the audit's bomb decodes (query) or is refused (reply) in < 1 ms",
        met: Math.max(query.micros, reply.micros) < TARGET_MICROS,
        detail: `query ${fmt(query.micros)} µs, reply ${fmt(reply.micros)} µs`,
      },
      {
        what: 'deep-chain and deep-name replies ≤ 1.5× an ordinary reply of the same size',
        met: worst.micros <= 1.5 * ordinary.micros,
        detail: `${worst.name} ${fmt(worst.micros)} µs vs ${fmt(ordinary.micros)} µs (${fmt(worst.micros / ordinary.micros)}×)`,
      },
    ],
  );
}
