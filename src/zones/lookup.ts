/**
 * Lookup inside one zone (RFC 1034 §4.3.2 step 3, RFC 4592 wildcards, RFC 8020 empty
 * non-terminals). The outcome is a value; resolver/authoritative.ts turns outcomes into answers.
 */
import { RRTYPE } from '../dns/constants';
import type { ResourceRecord } from '../dns/message';
import { isSubdomain, parentName } from '../dns/name';
import { nameFromWire } from '../dns/wire-name';
import { type RRset, rrsetOf, type ZoneData, type ZoneNode } from './zone-index';

export type LookupOutcome =
  /** The RRset of QTYPE at the name (or synthesized from a wildcard, then owned by QNAME). */
  | { readonly kind: 'answer'; readonly rrset: RRset }
  /** A CNAME at the name and QTYPE is something else: the chain continues at its target. */
  | { readonly kind: 'cname'; readonly rrset: RRset }
  /** The name exists but has no RRset of QTYPE (RFC 2308 §2.2). */
  | { readonly kind: 'nodata' }
  /** The name does not exist (RFC 2308 §2.1). */
  | { readonly kind: 'nxdomain' }
  /** The name is at or below a zone cut: refer to the child's servers. */
  | {
      readonly kind: 'delegation';
      readonly cut: string;
      readonly ns: RRset;
      readonly glue: readonly ResourceRecord[];
    }
  /** QTYPE ANY at an existing name without a CNAME (RFC 8482 §4.2). */
  | { readonly kind: 'any' };

const NODATA: LookupOutcome = { kind: 'nodata' };
const NXDOMAIN: LookupOutcome = { kind: 'nxdomain' };
const ANY: LookupOutcome = { kind: 'any' };

function fromNode(node: ZoneNode, qtype: number): LookupOutcome {
  let cname: RRset | undefined;
  for (const rrset of node.rrsets) {
    if (rrset.type === qtype && qtype !== RRTYPE.ANY) return { kind: 'answer', rrset };
    if (rrset.type === RRTYPE.CNAME) cname = rrset;
  }
  if (qtype === RRTYPE.ANY) return cname ? { kind: 'answer', rrset: cname } : ANY;
  if (cname !== undefined) return { kind: 'cname', rrset: cname };
  return NODATA;
}

/** The topmost zone cut at or above `name`; DS at the cut itself is answered by the parent. */
function cutFor(zone: ZoneData, name: string, qtype: number): string | null {
  if (zone.cuts === null) return null;
  let found: string | null = null;
  for (let at: string | null = name; at !== null && at !== zone.name; at = parentName(at)) {
    if (zone.cuts.has(at) && !(at === name && qtype === RRTYPE.DS)) found = at;
  }
  return found;
}

function glueFor(zone: ZoneData, ns: RRset): ResourceRecord[] {
  const glue: ResourceRecord[] = [];
  for (const rdata of ns.rdata) {
    const t = nameFromWire(rdata, 0);
    if (!t.ok || !isSubdomain(t.value.name, zone.name)) continue;
    const node = zone.nodes.get(t.value.name);
    if (node === undefined) continue;
    for (const type of [RRTYPE.A, RRTYPE.AAAA]) {
      const rrset = rrsetOf(node, type);
      if (rrset === undefined) continue;
      for (const rd of rrset.rdata) glue.push({ name: t.value.name, type, ttl: rrset.ttl, rdata: rd });
    }
  }
  return glue;
}

/** Looks `name` (canonical, inside `zone`) up for `qtype`. */
export function lookup(zone: ZoneData, name: string, qtype: number): LookupOutcome {
  const cut = cutFor(zone, name, qtype);
  if (cut !== null) {
    const ns = rrsetOf(zone.nodes.get(cut)!, RRTYPE.NS)!;
    return { kind: 'delegation', cut, ns, glue: glueFor(zone, ns) };
  }
  const node = zone.nodes.get(name);
  if (node !== undefined) return fromNode(node, qtype);
  // Closest encloser, then the source of synthesis `*.<closest encloser>` (RFC 4592 §3.3.1).
  let encloser = parentName(name);
  while (encloser !== null && !zone.nodes.has(encloser)) encloser = parentName(encloser);
  if (encloser === null) return NXDOMAIN;
  const wildcard = zone.nodes.get(`*.${encloser === '.' ? '' : encloser}`);
  return wildcard === undefined ? NXDOMAIN : fromNode(wildcard, qtype);
}
