/**
 * Zone → BIND zone-file text that parseZoneFile reads back to the same zone.
 *
 * Layout: `$ORIGIN` the apex, `$TTL` the most common TTL (ties → the lowest), the apex SOA, the
 * apex NS, then every other record set in canonical name order (RFC 4034 §6.1) and by type number.
 * One record per line; owners relative to the origin (`@` for the apex); a TTL only where it
 * differs from `$TTL`; RDATA in canonical presentation form (absolute names, quoted strings).
 */
import { RRTYPE, typeToString } from '../../dns/constants';
import { ROOT } from '../../dns/name';
import type { RecordSet, Zone } from '../model';
import { canonicalOrderKey, compareCanonical } from './name-order';

/** Longest owner column before alignment gives up. */
const MAX_OWNER_COLUMN = 40;

function mostCommonTtl(sets: readonly RecordSet[]): number | undefined {
  const counts = new Map<number, number>();
  for (const set of sets) counts.set(set.ttl, (counts.get(set.ttl) ?? 0) + 1);
  let best: number | undefined;
  let bestCount = 0;
  for (const [ttl, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && ttl < best)) {
      best = ttl;
      bestCount = count;
    }
  }
  return best;
}

/** `@`, a name relative to the origin, or the absolute name when it is not below the origin. */
function relativeOwner(name: string, origin: string): string {
  if (name === origin) return '@';
  if (origin === ROOT) return name.slice(0, -1);
  return name.endsWith(`.${origin}`) ? name.slice(0, -origin.length - 1) : name;
}

function apexRank(set: RecordSet, apex: string): number {
  if (set.name !== apex) return 2;
  if (set.type === RRTYPE.SOA) return 0;
  return set.type === RRTYPE.NS ? 1 : 2;
}

/** Record sets in zone-file order: apex SOA, apex NS, then canonical name order and type. */
export function zoneFileOrder(zone: Zone): RecordSet[] {
  const keyed = zone.recordSets.map((set) => ({
    set,
    rank: apexRank(set, zone.name),
    key: canonicalOrderKey(set.name),
  }));
  keyed.sort((a, b) => a.rank - b.rank || compareCanonical(a.key, b.key) || a.set.type - b.set.type);
  return keyed.map((k) => k.set);
}

export function toZoneFile(zone: Zone): string {
  const sets = zoneFileOrder(zone);
  const defaultTtl = mostCommonTtl(sets);
  const lines = [`$ORIGIN ${zone.name}`];
  if (defaultTtl !== undefined) lines.push(`$TTL ${defaultTtl}`);
  const rows = sets.map((set) => ({
    owner: relativeOwner(set.name, zone.name),
    ttl: set.ttl === defaultTtl ? '' : String(set.ttl),
    type: typeToString(set.type),
    values: set.values,
  }));
  const width = (pick: (row: (typeof rows)[number]) => string, max = Number.POSITIVE_INFINITY): number =>
    Math.min(
      max,
      rows.reduce((w, row) => Math.max(w, pick(row).length), 0),
    );
  const ownerWidth = width((r) => r.owner, MAX_OWNER_COLUMN);
  const ttlWidth = width((r) => r.ttl);
  const typeWidth = width((r) => r.type);
  for (const row of rows) {
    const head = [row.owner.padEnd(ownerWidth), ...(ttlWidth > 0 ? [row.ttl.padStart(ttlWidth)] : [])];
    for (const value of row.values) {
      lines.push(`${head.join(' ')} IN ${row.type.padEnd(typeWidth)} ${value}`);
    }
  }
  return lines.join('\n') + '\n';
}
