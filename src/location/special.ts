/**
 * Private and reserved address blocks that never locate a client (docs/doh-protocol.md §12; RFC 7871
 * §10, §11.3; RFC 6890). The documentation blocks 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24
 * and 2001:db8::/32 are deliberately absent: edgesteer counts them as public so tests and examples
 * can drive location with them.
 */

interface SpecialBlock {
  readonly text: string;
  readonly address: readonly number[];
  readonly length: number;
}

const block = (text: string, address: readonly number[], length: number): SpecialBlock => ({
  text,
  address,
  length,
});

const v6 = (...groups: number[]): number[] => {
  const bytes = new Array<number>(16).fill(0);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
};

export const SPECIAL_BLOCKS_V4: readonly SpecialBlock[] = [
  block('0.0.0.0/8', [0, 0, 0, 0], 8),
  block('10.0.0.0/8', [10, 0, 0, 0], 8),
  block('100.64.0.0/10', [100, 64, 0, 0], 10),
  block('127.0.0.0/8', [127, 0, 0, 0], 8),
  block('169.254.0.0/16', [169, 254, 0, 0], 16),
  block('172.16.0.0/12', [172, 16, 0, 0], 12),
  block('192.0.0.0/24', [192, 0, 0, 0], 24),
  block('192.168.0.0/16', [192, 168, 0, 0], 16),
  block('198.18.0.0/15', [198, 18, 0, 0], 15),
  block('224.0.0.0/4', [224, 0, 0, 0], 4),
  block('240.0.0.0/4', [240, 0, 0, 0], 4),
];

export const SPECIAL_BLOCKS_V6: readonly SpecialBlock[] = [
  block('::/128', v6(), 128),
  block('::1/128', v6(0, 0, 0, 0, 0, 0, 0, 1), 128),
  block('::ffff:0:0/96', v6(0, 0, 0, 0, 0, 0xffff), 96),
  block('100::/64', v6(0x0100), 64),
  block('fc00::/7', v6(0xfc00), 7),
  block('fe80::/10', v6(0xfe80), 10),
  block('ff00::/8', v6(0xff00), 8),
];

/** True when the first `length` bits of `address` equal those of `prefix`. */
export function samePrefix(address: Uint8Array, prefix: ArrayLike<number>, length: number): boolean {
  const whole = length >> 3;
  for (let i = 0; i < whole; i++) if (address[i] !== prefix[i]) return false;
  const rest = length & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((address[whole] ?? 0) & mask) === ((prefix[whole] ?? 0) & mask);
}

/**
 * The special-purpose block (address/length text and length) that wholly contains the prefix
 * `address/prefixLength`, or undefined when the prefix is public or only partly special (e.g.
 * 0.0.0.0/0, 10.0.0.0/7). `address` may be truncated to ⌈prefixLength/8⌉ octets, as in ECS.
 */
export function specialPurposeMatch(
  family: 4 | 6,
  address: Uint8Array,
  prefixLength: number,
): { readonly text: string; readonly length: number } | undefined {
  for (const candidate of family === 4 ? SPECIAL_BLOCKS_V4 : SPECIAL_BLOCKS_V6) {
    if (prefixLength >= candidate.length && samePrefix(address, candidate.address, candidate.length)) {
      return candidate;
    }
  }
  return undefined;
}

/** Length of the special-purpose block that wholly contains the prefix (10.1.2.0/24 → 8), else undefined. */
export function specialPurposeBlock(
  family: 4 | 6,
  address: Uint8Array,
  prefixLength: number,
): number | undefined {
  return specialPurposeMatch(family, address, prefixLength)?.length;
}
