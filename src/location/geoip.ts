/**
 * The bundled IP → country tables (src/location/data/*.bin, built by `npm run build:geoip` from
 * the CC0 @ip-location-db/geo-whois-asn-country data). Parsed on first use, once per isolate.
 */
import IPV4_TABLE from './data/ipv4.bin';
import IPV6_TABLE from './data/ipv6.bin';
import { type CountryMatch, type GeoTable, lookupIn, parseGeoTable } from './geoip-table';

let ipv4: GeoTable | undefined;
let ipv6: GeoTable | undefined;

export function geoTable(family: 4 | 6): GeoTable {
  if (family === 4) {
    ipv4 ??= parseGeoTable(IPV4_TABLE, 4);
    return ipv4;
  }
  ipv6 ??= parseGeoTable(IPV6_TABLE, 6);
  return ipv6;
}

/**
 * Country of a 4- or 16-byte address, and the shortest prefix length whose aligned block around it
 * is all that country (IPv6: at most 64, the table's granularity). Callers cap `scope` at SOURCE.
 */
export function lookupCountry(address: Uint8Array): CountryMatch | undefined {
  if (address.length === 4) return lookupIn(geoTable(4), address);
  if (address.length === 16) return lookupIn(geoTable(6), address);
  return undefined;
}
