/**
 * Answers from hosted zones: lookup outcomes mapped to RCODE, AA and sections in one exhaustive
 * switch, following CNAME chains inside and across hosted zones (RFC 1034 §4.3.2, RFC 6604).
 */
import { RCODE, RRTYPE } from '../dns/constants';
import type { ResourceRecord } from '../dns/message';
import { assertNever } from '../result';
import { lookup } from '../zones/lookup';
import { findZone, type RRset } from '../zones/zone-index';
import { type QueryContext, type Resolution, reply } from './context';

/** More CNAMEs than this in one answer, or a loop, is SERVFAIL (doh-protocol.md §14.5). */
export const MAX_CNAME_CHAIN = 8;

/** RFC 8482 §4.2 answer to ANY: HINFO "RFC8482" "" with gdnsd's TTL. */
const ANY_HINFO_RDATA = Uint8Array.of(7, 0x52, 0x46, 0x43, 0x38, 0x34, 0x38, 0x32, 0);
const ANY_HINFO_TTL = 3600;

function pushRRset(into: ResourceRecord[], owner: string, rrset: RRset): void {
  for (const rdata of rrset.rdata) into.push({ name: owner, type: rrset.type, ttl: rrset.ttl, rdata });
}

/** The authoritative answer, or undefined when QNAME is in no hosted zone. */
export function answerAuthoritative(ctx: QueryContext): Resolution | undefined {
  const qtype = ctx.query.question!.type;
  let name = ctx.query.question!.name;
  let zone = findZone(ctx.zones, name);
  if (zone === null) return undefined;

  const answer: ResourceRecord[] = [];
  const visited = new Set<string>();
  for (;;) {
    const outcome = lookup(zone, name, qtype);
    switch (outcome.kind) {
      case 'answer':
        pushRRset(answer, name, outcome.rrset);
        return reply(ctx, { rcode: RCODE.NOERROR, aa: true, answer });
      case 'any':
        answer.push({ name, type: RRTYPE.HINFO, ttl: ANY_HINFO_TTL, rdata: ANY_HINFO_RDATA });
        return reply(ctx, { rcode: RCODE.NOERROR, aa: true, answer });
      case 'nodata':
        return reply(ctx, { rcode: RCODE.NOERROR, aa: true, answer, authority: [zone.negativeSoa] });
      case 'nxdomain':
        return reply(ctx, { rcode: RCODE.NXDOMAIN, aa: true, answer, authority: [zone.negativeSoa] });
      case 'delegation': {
        // A chain that leaves our authority ends with what we hold; a direct hit is a referral.
        if (answer.length > 0) return reply(ctx, { rcode: RCODE.NOERROR, aa: true, answer });
        const authority: ResourceRecord[] = [];
        pushRRset(authority, outcome.cut, outcome.ns);
        return reply(ctx, { rcode: RCODE.NOERROR, aa: false, authority, additional: outcome.glue });
      }
      case 'cname': {
        pushRRset(answer, name, outcome.rrset);
        visited.add(name);
        if (answer.length > MAX_CNAME_CHAIN || visited.has(outcome.target)) {
          return reply(ctx, { rcode: RCODE.SERVFAIL, aa: false });
        }
        name = outcome.target;
        zone = findZone(ctx.zones, name);
        // Target outside every hosted zone: the chain as far as hosted data goes (§14.5).
        if (zone === null) return reply(ctx, { rcode: RCODE.NOERROR, aa: true, answer });
        break;
      }
      default:
        return assertNever(outcome);
    }
  }
}
