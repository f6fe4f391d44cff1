/** Client networks as ClientLocation carries them: full-length address bytes, bits past the prefix zero. */

import type { ClientSubnet } from '../dns/message';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../dns/rdata/addresses';

export interface ClientNetwork {
  readonly family: 4 | 6;
  readonly address: Uint8Array;
  readonly length: number;
}

/** The ECS prefix as a network: ADDRESS padded to 4 or 16 bytes. */
export function networkFromSubnet(subnet: ClientSubnet): ClientNetwork {
  const family = subnet.family === 1 ? 4 : 6;
  const address = new Uint8Array(family === 4 ? 4 : 16);
  address.set(subnet.address.subarray(0, address.length));
  return { family, address: maskAddress(address, subnet.sourcePrefix), length: subnet.sourcePrefix };
}

/** A connecting address (`CF-Connecting-IP`) as /32 or /128; undefined when it does not parse. */
export function networkFromAddress(text: string): ClientNetwork | undefined {
  const trimmed = text.trim();
  const parsed = trimmed.includes(':') ? parseIPv6(trimmed) : parseIPv4(trimmed);
  if (!parsed.ok) return undefined;
  const family = parsed.value.length === 4 ? 4 : 6;
  return { family, address: parsed.value, length: family === 4 ? 32 : 128 };
}

/** Zeroes the bits past `length`, in place; returns the same array. */
export function maskAddress(address: Uint8Array, length: number): Uint8Array {
  for (let i = 0; i < address.length; i++) {
    const bits = length - i * 8;
    if (bits <= 0) address[i] = 0;
    else if (bits < 8) address[i]! &= (0xff << (8 - bits)) & 0xff;
  }
  return address;
}

/** `198.51.100.0/24`, `2001:db8::/32`. */
export function networkText(network: ClientNetwork): string {
  const text = network.family === 4 ? formatIPv4(network.address) : formatIPv6(network.address);
  return `${text}/${network.length}`;
}
