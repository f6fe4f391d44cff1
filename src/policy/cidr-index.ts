/**
 * CIDR collections for IP-based routing (docs/routing-semantics.md §4.8), built once per config
 * snapshot. A collection holds at most 1,000 blocks, so a linear scan with bit arithmetic answers a
 * match in a few microseconds.
 */
import { parseIPv4, parseIPv6 } from '../dns/rdata/addresses';
import type { CidrMatch } from './types';

interface Block {
  readonly family: 4 | 6;
  readonly address: Uint8Array;
  readonly length: number;
  readonly location: string;
  readonly text: string;
}

export type CidrIndex = ReadonlyMap<string, readonly Block[]>;

/** A CIDR collection as a config snapshot lists it (zones/snapshot.ts SnapshotCidrCollection). */
export interface CidrCollectionSource {
  readonly id: string;
  readonly locations: readonly { readonly name: string; readonly cidrs: readonly string[] }[];
}

export interface ClientNetwork {
  readonly family: 4 | 6;
  readonly address: Uint8Array;
  readonly length: number;
}

export function parseCidr(text: string): { family: 4 | 6; address: Uint8Array; length: number } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = text.slice(0, slash);
  const length = Number(text.slice(slash + 1));
  const parsed = ip.includes(':') ? parseIPv6(ip) : parseIPv4(ip);
  if (!parsed.ok || !Number.isInteger(length) || length < 0 || length > parsed.value.length * 8)
    return undefined;
  return { family: parsed.value.length === 4 ? 4 : 6, address: parsed.value, length };
}

export function buildCidrIndex(collections: readonly CidrCollectionSource[] | undefined): CidrIndex {
  const index = new Map<string, Block[]>();
  for (const c of collections ?? []) {
    const blocks: Block[] = [];
    for (const loc of c.locations) {
      for (const text of loc.cidrs) {
        const b = parseCidr(text);
        if (b) blocks.push({ ...b, location: loc.name, text });
      }
    }
    blocks.sort((a, b) => b.length - a.length); // longest first: the first containing block wins
    index.set(c.id, blocks);
  }
  return index;
}

/** Number of leading bits two addresses of one family share. */
function commonPrefix(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! ^ b[i]!;
    if (x !== 0) return i * 8 + Math.clz32(x) - 24;
  }
  return a.length * 8;
}

/**
 * The longest block containing the client's network (a query prefix longer than or equal to the
 * block; a shorter one does not match), and the ECS scope: the shortest L ≥ the matched block's
 * length such that no other block of length ≤ SOURCE lies inside the client's /L.
 */
export function matchCidr(
  index: CidrIndex,
  collectionId: string,
  client: ClientNetwork | undefined,
): CidrMatch {
  const blocks = index.get(collectionId);
  if (blocks === undefined || client === undefined)
    return { location: undefined, block: undefined, scope: 0 };
  let matched: Block | undefined;
  for (const b of blocks) {
    if (b.family !== client.family || b.length > client.length) continue;
    if (commonPrefix(b.address, client.address) >= b.length) {
      matched = b;
      break;
    }
  }
  let scope = matched?.length ?? 0;
  for (const b of blocks) {
    if (b === matched || b.family !== client.family || b.length > client.length) continue;
    const shared = Math.min(commonPrefix(b.address, client.address), b.length);
    scope = Math.max(scope, shared + 1);
  }
  return { location: matched?.location, block: matched?.text, scope: Math.min(scope, client.length) };
}
