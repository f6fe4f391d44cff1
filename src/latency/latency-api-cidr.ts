/**
 * Networks in latency tables: `address/prefix` with every host bit zero, IPv4 or IPv6, returned
 * in one canonical text (RFC 5952 for IPv6) so `2001:DB8::/32` and `2001:db8:0::/32` are one key.
 */
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../dns/rdata/addresses';
import { err, ok, type Result } from '../result';

const CIDR = /^([0-9A-Fa-f:.]+)\/(0|[1-9]\d{0,2})$/;

function maskHostBits(bytes: Uint8Array, prefix: number): Uint8Array {
  const masked = bytes.slice();
  for (let i = 0; i < masked.length; i++) {
    const keep = Math.min(8, Math.max(0, prefix - i * 8));
    masked[i] = masked[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return masked;
}

export function parseCidr(text: string): Result<string, string> {
  const match = CIDR.exec(text);
  if (match === null) return err('expected address/prefix, e.g. 198.51.100.0/24 or 2001:db8::/32');
  const address = match[1] ?? '';
  const prefix = Number(match[2]);
  const v6 = address.includes(':');
  const parsed = v6 ? parseIPv6(address) : parseIPv4(address);
  if (!parsed.ok) return err(parsed.error);
  const bits = parsed.value.length * 8;
  if (prefix > bits) return err(`prefix /${prefix} is longer than ${bits} bits`);
  const format = v6 ? formatIPv6 : formatIPv4;
  const network = maskHostBits(parsed.value, prefix);
  if (network.some((byte, i) => byte !== parsed.value[i])) {
    return err(`host bits are set; the network is ${format(network)}/${prefix}`);
  }
  return ok(`${format(network)}/${prefix}`);
}
