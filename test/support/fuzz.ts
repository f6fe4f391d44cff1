/**
 * Mutated DNS queries for fuzzing the whole request path. Seeds are valid queries (every type the
 * zones serve, EDNS with ECS, padding, odd options, the spec fixtures); mutations flip bits,
 * overwrite header fields and counts, truncate, splice and grow.
 */
import { decodeBase64Url } from '../../src/http/doh/base64url';
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

export function mutate(seed: Uint8Array, random: () => number): Uint8Array {
  const int = (n: number) => Math.floor(random() * n);
  let b = seed.slice();
  const rounds = random() < 0.6 ? 1 : 2 + int(3);
  for (let r = 0; r < rounds; r++) {
    switch (int(8)) {
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
      default: // duplicate a tail (grows sections past their counts)
        b = Uint8Array.from([...b, ...b.subarray(int(b.length))]);
    }
  }
  return b;
}
