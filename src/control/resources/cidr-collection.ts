/**
 * CIDR collections for IP-based routing (docs/routing-semantics.md §4.8), shaped like Route 53's
 * CidrCollection: a name and locations, each a name and CIDR blocks. Pure rules, every problem at
 * once, with paths into the request body (`/Locations/0/CidrList/3`):
 *
 * - Name 1–64 of A–Z, a–z, 0–9, `_` and `-`; LocationName 1–16 of the same;
 * - IPv4 blocks /1–/24, IPv6 /1–/48, host bits zero; written back in canonical form
 *   (`2001:db8::/32`);
 * - a block belongs to one location, once; at most 1,000 blocks per collection.
 */
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../../dns/rdata/addresses';
import { err, ok, type Result } from '../../result';
import type { Problem } from '../../validation/problem';
import { COLLECTION_ID, LOCATION_NAME } from '../../zones/routing-rules';
import type { SnapshotCidrCollection } from '../../zones/snapshot';

export type CidrCollection = SnapshotCidrCollection;

export const MAX_CIDR_COLLECTIONS = 5;
export const MAX_BLOCKS_PER_COLLECTION = 1000;
const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** A block in canonical text, or why it is not one Route 53 accepts. */
function canonicalCidr(text: string): Result<string, string> {
  const slash = text.indexOf('/');
  if (slash < 0) return err(`"${text}" is not a CIDR block (address/length)`);
  const lengthText = text.slice(slash + 1);
  const v6 = text.includes(':');
  const address = v6 ? parseIPv6(text.slice(0, slash)) : parseIPv4(text.slice(0, slash));
  if (!address.ok) return err(`"${text}": ${address.error}`);
  const max = v6 ? 48 : 24;
  const length = /^\d{1,3}$/.test(lengthText) ? Number(lengthText) : Number.NaN;
  if (!(length >= 1 && length <= max)) {
    return err(`"${text}": the prefix length must be from 1 to ${max} for IPv${v6 ? 6 : 4}`);
  }
  const bytes = address.value;
  for (let bit = length; bit < bytes.length * 8; bit++) {
    if ((bytes[bit >> 3]! >> (7 - (bit & 7))) & 1) {
      return err(`"${text}" has bits set after the prefix length /${length}`);
    }
  }
  return ok(`${v6 ? formatIPv6(bytes) : formatIPv4(bytes)}/${length}`);
}

export function collectionIdProblem(id: string): Problem | undefined {
  return COLLECTION_ID.test(id)
    ? undefined
    : { path: 'id', message: `"${id}" is not a collection id (1–64 of A–Z, a–z, 0–9, _ and -)` };
}

/** The collection with canonical blocks, or every problem with it. */
export function normalizeCidrCollection(collection: CidrCollection): Result<CidrCollection, Problem[]> {
  const problems: Problem[] = [];
  const idProblem = collectionIdProblem(collection.id);
  if (idProblem !== undefined) problems.push(idProblem);
  if (!COLLECTION_NAME.test(collection.name)) {
    problems.push({ path: '/Name', message: 'Name must be 1–64 of A–Z, a–z, 0–9, _ and -' });
  }
  const locationAt = new Map<string, number>();
  const blockAt = new Map<string, string>();
  let blocks = 0;
  const locations = collection.locations.map((location, i) => {
    const at = `/Locations/${i}`;
    if (!LOCATION_NAME.test(location.name)) {
      problems.push({
        path: `${at}/LocationName`,
        message: 'LocationName must be 1–16 of A–Z, a–z, 0–9, _ and -',
      });
    }
    const first = locationAt.get(location.name);
    if (first !== undefined) {
      problems.push({
        path: `${at}/LocationName`,
        message: `location ${location.name} is already at /Locations/${first}`,
      });
    } else locationAt.set(location.name, i);
    if (location.cidrs.length === 0)
      problems.push({ path: `${at}/CidrList`, message: 'a location needs at least one CIDR block' });
    blocks += location.cidrs.length;
    const cidrs = location.cidrs.map((text, j) => {
      const block = canonicalCidr(text);
      if (!block.ok) {
        problems.push({ path: `${at}/CidrList/${j}`, message: block.error });
        return text;
      }
      const earlier = blockAt.get(block.value);
      if (earlier !== undefined) {
        problems.push({
          path: `${at}/CidrList/${j}`,
          message: `${block.value} is already at ${earlier}; a block belongs to one location`,
        });
      } else blockAt.set(block.value, `${at}/CidrList/${j}`);
      return block.value;
    });
    return { name: location.name, cidrs };
  });
  if (blocks > MAX_BLOCKS_PER_COLLECTION) {
    problems.push({
      path: '/Locations',
      message: `${blocks} CIDR blocks; at most ${MAX_BLOCKS_PER_COLLECTION} per collection`,
    });
  }
  return problems.length > 0 ? err(problems) : ok({ id: collection.id, name: collection.name, locations });
}
