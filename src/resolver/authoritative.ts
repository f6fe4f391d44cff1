/**
 * Answers from hosted zones: lookup outcomes mapped to RCODE, AA and sections in one exhaustive
 * switch, following CNAME chains inside and across hosted zones (RFC 1034 §4.3.2, RFC 6604).
 * Routed groups go through their policy (policy/answer.ts, via resolver/routing.ts) wherever they
 * appear in the chain.
 */
import { RCODE, RRTYPE } from '../dns/constants';
import type { ResourceRecord } from '../dns/message';
import { nameFromWire } from '../dns/wire-name';
import type { AliasTooDeep } from '../policy/answer';
import { assertNever, ok, type Result } from '../result';
import { lookup } from '../zones/lookup';
import { findZone, type RRset, type ZoneData } from '../zones/zone-index';
import { handOff, mayRecurse, type QueryContext, type Resolution, reply } from './context';
import { Router } from './routing';

/** More CNAMEs than this in one answer, or a loop, is SERVFAIL (docs/doh-protocol.md §14.5). */
export const MAX_CNAME_CHAIN = 8;

/** RFC 8482 §4.2 answer to ANY: HINFO "RFC8482" "" with gdnsd's TTL. */
const ANY_HINFO_RDATA = Uint8Array.of(7, 0x52, 0x46, 0x43, 0x38, 0x34, 0x38, 0x32, 0);
const ANY_HINFO_TTL = 3600;

/** A CNAME chain too long or looping (§14.5), or aliases nested too deep (docs/routing-semantics.md §4.9). */
const SERVFAIL = { rcode: RCODE.SERVFAIL, aa: false } as const;

function plainRecords(owner: string, rrset: RRset): ResourceRecord[] {
  return rrset.rdata.map((rdata) => ({ name: owner, type: rrset.type, ttl: rrset.ttl, rdata }));
}

/** Tailoring and ECS scope gathered over every routed decision in the answer. */
class Decisions {
  tailored = false;
  scope = 0;
  private router: Router | undefined;

  constructor(private readonly ctx: QueryContext) {}

  /** The records of a group at `owner`; plain RRsets skip the router entirely. */
  records(owner: string, rrset: RRset): Result<ResourceRecord[], AliasTooDeep> {
    if (rrset.routed === null) return ok(plainRecords(owner, rrset));
    this.router ??= new Router(this.ctx);
    const got = this.router.answer(owner, rrset);
    if (!got.ok) return got;
    this.tailored ||= got.value.tailored;
    if (got.value.scope !== null) this.scope = Math.max(this.scope, got.value.scope);
    return ok(got.value.records);
  }
}

const positiveAnswer = (answer: ResourceRecord[], d: Decisions) => ({
  rcode: RCODE.NOERROR,
  aa: true,
  answer,
  tailored: d.tailored,
  scope: d.scope,
});

/** Negative answers carry SCOPE 0 (RFC 7871 §7.4), but stay private when a policy decided them. */
const negativeAnswer = (rcode: number, answer: ResourceRecord[], d: Decisions, zone: ZoneData) => ({
  rcode,
  aa: true,
  answer,
  authority: [zone.negativeSoa],
  tailored: d.tailored,
  scope: 0,
});

/** The authoritative answer, or undefined when QNAME is in no hosted zone. */
export function answerAuthoritative(ctx: QueryContext): Resolution | undefined {
  const qtype = ctx.query.question!.type;
  let name = ctx.query.question!.name;
  let zone = findZone(ctx.zones, name);
  if (zone === null) return undefined;

  const d = new Decisions(ctx);
  const answer: ResourceRecord[] = [];
  // The names a CNAME chain went through: made on the first CNAME, most answers have none.
  let visited: Set<string> | undefined;
  for (;;) {
    const outcome = lookup(zone, name, qtype);
    switch (outcome.kind) {
      case 'answer': {
        const got = d.records(name, outcome.rrset);
        if (!got.ok) return reply(ctx, SERVFAIL); // an alias nested too deep
        const records = got.value;
        if (records.length === 0) return reply(ctx, negativeAnswer(RCODE.NOERROR, answer, d, zone)); // a policy said NODATA
        answer.push(...records);
        return reply(ctx, positiveAnswer(answer, d));
      }
      case 'any':
        answer.push({ name, type: RRTYPE.HINFO, ttl: ANY_HINFO_TTL, rdata: ANY_HINFO_RDATA });
        return reply(ctx, positiveAnswer(answer, d));
      case 'nodata':
        return reply(ctx, negativeAnswer(RCODE.NOERROR, answer, d, zone));
      case 'nxdomain':
        return reply(ctx, negativeAnswer(RCODE.NXDOMAIN, answer, d, zone));
      case 'delegation': {
        // RD=1 with forwarding: resolved upstream instead of referred (§14.6).
        if (mayRecurse(ctx)) return handOff(ctx, name, positiveAnswer(answer, d));
        // A chain that leaves our authority ends with what we hold; a direct hit is a referral.
        if (answer.length > 0) return reply(ctx, positiveAnswer(answer, d));
        return reply(ctx, {
          rcode: RCODE.NOERROR,
          aa: false,
          authority: plainRecords(outcome.cut, outcome.ns),
          additional: outcome.glue,
        });
      }
      case 'cname': {
        const got = d.records(name, outcome.rrset);
        if (!got.ok) return reply(ctx, SERVFAIL); // an alias nested too deep (docs/routing-semantics.md §4.9)
        const records = got.value;
        if (records.length === 0) return reply(ctx, negativeAnswer(RCODE.NOERROR, answer, d, zone));
        answer.push(records[0]!);
        visited ??= new Set();
        visited.add(name);
        const target = nameFromWire(records[0]!.rdata, 0);
        if (!target.ok) throw new Error(`stored CNAME RDATA is not a name: ${target.error}`);
        if (answer.length > MAX_CNAME_CHAIN || visited.has(target.value.name)) return reply(ctx, SERVFAIL);
        name = target.value.name;
        zone = findZone(ctx.zones, name);
        // Target outside every hosted zone: resolved upstream when RD=1 and forwarding is on,
        // else the chain as far as hosted data goes (§14.5).
        if (zone === null)
          return mayRecurse(ctx)
            ? handOff(ctx, name, positiveAnswer(answer, d))
            : reply(ctx, positiveAnswer(answer, d));
        break;
      }
      default:
        return assertNever(outcome);
    }
  }
}
