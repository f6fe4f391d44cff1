import { describe, expect, it } from 'vitest';
import { parseIPv4, parseIPv6 } from '../../src/dns/rdata/addresses';
import { SPECIAL_BLOCKS_V4, SPECIAL_BLOCKS_V6, specialPurposeBlock } from '../../src/location/special';

const prefix = (cidr: string): [4 | 6, Uint8Array, number] => {
  const [text, length] = cidr.split('/') as [string, string];
  const parsed = text.includes(':') ? parseIPv6(text) : parseIPv4(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return [parsed.value.length === 4 ? 4 : 6, parsed.value, Number(length)];
};

// docs/doh-protocol.md §12: the complete list, each block by itself and a prefix inside it.
describe('specialPurposeBlock: every private/reserved block (docs/doh-protocol.md §12)', () => {
  it.each([
    ['0.0.0.0/8', 8],
    ['0.1.2.0/24', 8],
    ['10.0.0.0/8', 8],
    ['10.1.2.0/24', 8],
    ['100.64.0.0/10', 10],
    ['100.127.255.0/24', 10],
    ['127.0.0.0/8', 8],
    ['127.0.0.1/32', 8],
    ['169.254.0.0/16', 16],
    ['169.254.1.0/24', 16],
    ['172.16.0.0/12', 12],
    ['172.31.255.0/24', 12],
    ['192.0.0.0/24', 24],
    ['192.0.0.8/29', 24],
    ['192.168.0.0/16', 16],
    ['192.168.1.0/24', 16],
    ['198.18.0.0/15', 15],
    ['198.19.255.0/24', 15],
    ['224.0.0.0/4', 4],
    ['239.255.255.0/24', 4],
    ['240.0.0.0/4', 4],
    ['255.255.255.255/32', 4],
    ['::/128', 128],
    ['::1/128', 128],
    ['::ffff:0:0/96', 96],
    ['::ffff:192.0.2.0/120', 96],
    ['100::/64', 64],
    ['100::1:0/112', 64],
    ['fc00::/7', 7],
    ['fd12:3456::/32', 7],
    ['fe80::/10', 10],
    ['febf:ffff::/32', 10],
    ['ff00::/8', 8],
    ['ff02::/16', 8],
  ])('%s → /%i', (cidr, length) => {
    expect(specialPurposeBlock(...prefix(cidr))).toBe(length);
  });

  it.each([
    // documentation blocks count as public (edgesteer decides)
    ['192.0.2.0/24'],
    ['198.51.100.0/24'],
    ['203.0.113.0/24'],
    ['2001:db8::/32'],
    ['2001:db8:1234::/48'],
    // public neighbours and prefixes only partly inside a block
    ['0.0.0.0/0'],
    ['10.0.0.0/7'],
    ['11.0.0.0/8'],
    ['100.128.0.0/10'],
    ['172.32.0.0/12'],
    ['192.0.1.0/24'],
    ['198.20.0.0/16'],
    ['223.255.255.0/24'],
    ['1.1.1.0/24'],
    ['::/0'],
    ['::/127'],
    ['::2/128'],
    ['100::/63'],
    ['2a00:1450::/32'],
    ['fe00::/7'],
  ])('%s is public', (cidr) => {
    expect(specialPurposeBlock(...prefix(cidr))).toBeUndefined();
  });

  it('accepts ECS-truncated addresses (⌈SOURCE/8⌉ octets)', () => {
    expect(specialPurposeBlock(4, Uint8Array.of(10, 1, 2), 24)).toBe(8);
    expect(specialPurposeBlock(6, Uint8Array.of(0xfe, 0x80), 16)).toBe(10);
  });

  it('lists exactly the §12 blocks', () => {
    expect(SPECIAL_BLOCKS_V4.map((b) => b.text)).toHaveLength(11);
    expect(SPECIAL_BLOCKS_V6.map((b) => b.text)).toEqual([
      '::/128',
      '::1/128',
      '::ffff:0:0/96',
      '100::/64',
      'fc00::/7',
      'fe80::/10',
      'ff00::/8',
    ]);
  });
});
