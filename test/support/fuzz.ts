/**
 * Mutated DNS queries for fuzzing the whole request path. Seeds are valid queries (every type the
 * zones serve, EDNS with ECS, padding, odd options, the spec fixtures); mutations flip bits,
 * overwrite header fields and counts, truncate, splice and grow, and add compression-pointer
 * chains, loops and deep chains (issue 9).
 */
import { decodeBase64Url } from '../../src/encoding/base64';
import { queryBytes } from './dns';

const FIXTURES = [
  'AAABAAABAAAAAAABA3d3dwdleGFtcGxlA2NvbQAAAQABAAApEAAAAAAAAAsACAAHAAEYAMYzZA',
  'AAABAAABAAAAAAABA3d3dwdleGFtcGxlA2NvbQAAAQABAAApEAAAAAAAAAgACAAEAAEAAA',
  'AAABAAABAAAAAAABA3d3dwdleGFtcGxlA2NvbQAAAQABAAApEAAAAQAAAAA',
  'AAABAAABAAAAAAAAB2V4YW1wbGUDY29tAAD_AAE',
  'AAABAAACAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQABB2V4YW1wbGUDY29tAAABAAE',
  'AAB5AAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAABgAB',
  'AAABAAABAAAAAAACA3d3dwdleGFtcGxlA2NvbQAAAQABAAApEAAAAAAAAAAAACkQAAAAAAAAAA',
  'AAABAAABAAAAAAABA3d3dwdleGFtcGxlA2NvbQAAAQABAAApEAAAAAAAAFQADABQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
].map((b) => decodeBase64Url(b)!);

export function seedQueries(names: readonly string[]): Uint8Array[] {
  const types = [
    'A',
    'AAAA',
    'CNAME',
    'MX',
    'TXT',
    'NS',
    'SOA',
    'SRV',
    'CAA',
    'DS',
    'ANY',
    'UNKNOWN_65',
    'UNKNOWN_64',
  ];
  const seeds = [...FIXTURES];
  for (const name of names) {
    for (const type of types) {
      seeds.push(queryBytes(name, type));
      seeds.push(
        queryBytes(name, type, {
          edns: {
            do: true,
            options: [
              { code: 8, data: Buffer.from([0, 1, 24, 0, 198, 51, 100]) },
              { code: 12, data: Buffer.alloc(8) },
            ],
          },
        }),
      );
    }
  }
  return seeds;
}

const pointerTo = (target: number) => [0xc0 | ((target >> 8) & 0x3f), target & 0xff];

/**
 * Appends one record whose RDATA is a chain of compression pointers, then records owned by
 * pointers into the chain, and counts them in a random section. `deep`: each pointer points at
 * the one before it (up to 300 hops, past the 127 cap); otherwise at random earlier offsets,
 * the header included.
 */
function appendPointerChain(
  b: Uint8Array<ArrayBuffer>,
  int: (n: number) => number,
  deep: boolean,
): Uint8Array<ArrayBuffer> {
  if (b.length < 12) return b;
  const hops = 1 + int(deep ? 300 : 40);
  const out = [...b, 0xc0, 12, 0xff, 0, 0, 1, 0, 0, 0, 0, (2 * hops) >> 8, (2 * hops) & 0xff];
  const chain: number[] = [];
  for (let i = 0; i < hops; i++) {
    chain.push(out.length);
    out.push(...pointerTo(deep && i > 0 ? chain[i - 1]! : int(out.length)));
  }
  const owners = int(60);
  for (let i = 0; i < owners; i++) out.push(...pointerTo(chain[int(hops)]!), 0, 10, 0, 1, 0, 0, 0, 0, 0, 0);
  const at = 6 + 2 * int(3);
  const count = (((out[at]! << 8) | out[at + 1]!) + 1 + owners) & 0xffff;
  out[at] = count >> 8;
  out[at + 1] = count & 0xff;
  return Uint8Array.from(out);
}

/** Two pointers pointing at each other, somewhere past the header. */
function pointerLoop(b: Uint8Array, int: (n: number) => number): void {
  if (b.length < 16) return;
  const p = 12 + int(b.length - 15);
  const q = p + 2 + int(b.length - p - 3);
  b.set(pointerTo(q), p);
  b.set(pointerTo(p), q);
}

export function mutate(seed: Uint8Array, random: () => number): Uint8Array {
  const int = (n: number) => Math.floor(random() * n);
  let b = seed.slice();
  const rounds = random() < 0.6 ? 1 : 2 + int(3);
  for (let r = 0; r < rounds; r++) {
    switch (int(11)) {
      case 0: // flip bits
        for (let i = 0, n = 1 + int(4); i < n && b.length > 0; i++) b[int(b.length)]! ^= 1 << int(8);
        break;
      case 1: // random byte
        if (b.length > 0) b[int(b.length)] = int(256);
        break;
      case 2: // header counts and flags
        if (b.length >= 12) {
          const at = 2 + 2 * int(5);
          b[at] = int(256);
          b[at + 1] = [0, 1, 2, 255][int(4)]!;
        }
        break;
      case 3: // truncate
        b = b.slice(0, int(b.length + 1));
        break;
      case 4: // insert random bytes
        {
          const at = int(b.length + 1);
          const extra = Uint8Array.from({ length: 1 + int(8) }, () => int(256));
          b = Uint8Array.from([...b.subarray(0, at), ...extra, ...b.subarray(at)]);
        }
        break;
      case 5: // delete a run
        {
          const at = int(b.length + 1);
          b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + 1 + int(6))]);
        }
        break;
      case 6: // compression pointer somewhere
        if (b.length > 13) {
          const at = 12 + int(b.length - 13);
          b[at] = 0xc0 | int(64);
          b[at + 1] = int(256);
        }
        break;
      case 8: // a chain of random backward (or header) pointers, and owners pointing into it
        b = appendPointerChain(b, int, false);
        break;
      case 9: // a deep chain: each pointer at the one before
        b = appendPointerChain(b, int, true);
        break;
      case 10: // a pointer loop
        pointerLoop(b, int);
        break;
      default: // duplicate a tail (grows sections past their counts)
        b = Uint8Array.from([...b, ...b.subarray(int(b.length))]);
    }
  }
  return b;
}
