/**
 * EDNS Client Subnet (RFC 7871 §6), validated from the option's raw bytes: dns-packet and most
 * decoders copy whatever arrives, so every rule of docs/doh-protocol.md §12 is checked here.
 */
import { err, ok, type Result } from '../result';
import type { ClientSubnet } from './message';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './rdata/addresses';

/** Parses one ECS option payload as found in a query. */
export function parseClientSubnet(data: Uint8Array): Result<ClientSubnet, string> {
  if (data.length < 4) return err('ECS option shorter than 4 octets');
  const family = (data[0]! << 8) | data[1]!;
  const sourcePrefix = data[2]!;
  const scopePrefix = data[3]!;
  const address = data.subarray(4);
  if (family !== 1 && family !== 2) return err(`ECS FAMILY ${family} is neither 1 (IPv4) nor 2 (IPv6)`);
  const maxPrefix = family === 1 ? 32 : 128;
  if (sourcePrefix > maxPrefix) return err(`ECS SOURCE PREFIX-LENGTH ${sourcePrefix} exceeds ${maxPrefix}`);
  if (scopePrefix !== 0) return err('ECS SCOPE PREFIX-LENGTH must be 0 in queries');
  const octets = Math.ceil(sourcePrefix / 8);
  if (address.length !== octets) {
    return err(`ECS ADDRESS has ${address.length} octets; SOURCE /${sourcePrefix} needs ${octets}`);
  }
  if (octets > 0 && sourcePrefix % 8 !== 0) {
    const mask = 0xff >> (sourcePrefix % 8);
    if ((address[octets - 1]! & mask) !== 0)
      return err('ECS ADDRESS has bits set beyond SOURCE PREFIX-LENGTH');
  }
  return ok({ family, sourcePrefix, scopePrefix, address: address.slice() });
}

/** `address/prefix` text form used by the JSON API (`edns_client_subnet`). */
export function subnetToText(subnet: ClientSubnet, prefix: number): string {
  const full = new Uint8Array(subnet.family === 1 ? 4 : 16);
  full.set(subnet.address);
  return `${subnet.family === 1 ? formatIPv4(full) : formatIPv6(full)}/${prefix}`;
}

/** Parses the JSON API's `edns_client_subnet=a/p` into the ECS option a query would carry. */
export function subnetFromText(text: string): Result<ClientSubnet, string> {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!m) return err('edns_client_subnet must be address/prefix, e.g. 198.51.100.0/24');
  const prefix = Number(m[2]);
  const parsed = m[1]!.includes(':') ? parseIPv6(m[1]!) : parseIPv4(m[1]!);
  if (!parsed.ok) return err(`edns_client_subnet address "${m[1]}" is not an IP address`);
  const bytes = parsed.value;
  const family = bytes.length === 4 ? 1 : 2;
  if (prefix > bytes.length * 8) return err(`edns_client_subnet prefix /${prefix} is too long`);
  const octets = Math.ceil(prefix / 8);
  const address = bytes.slice(0, octets);
  if (octets > 0 && prefix % 8 !== 0) address[octets - 1]! &= (0xff << (8 - (prefix % 8))) & 0xff;
  return ok({ family, sourcePrefix: prefix, scopePrefix: 0, address });
}
