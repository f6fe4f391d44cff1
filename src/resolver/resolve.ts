/**
 * The query pipeline. This list is the table of contents of what edgesteer does with a query, in
 * order (doh-protocol.md §10); each step answers or passes to the next.
 */
import { RCODE } from '../dns/constants';
import type { Query } from '../dns/message';
import { EMPTY_INDEX, inUnloadedZone, type ZoneIndex } from '../zones/zone-index';
import { answerAuthoritative } from './authoritative';
import {
  checkClass,
  checkClientSubnet,
  checkEdns,
  checkOpcode,
  checkQuestionCount,
  checkType,
} from './checks';
import {
  handOff,
  type QueryContext,
  type QueryExtras,
  type Resolution,
  type ResolverSettings,
  reply,
} from './context';

type Step = (ctx: QueryContext) => Resolution | undefined;

/** Names outside every hosted zone: upstream when forwarding is enabled, else REFUSED, AA=0. */
function forwardOutsideZones(ctx: QueryContext): Resolution {
  if (ctx.settings.recursionAvailable) return handOff(ctx, ctx.query.question!.name);
  return reply(ctx, { rcode: RCODE.REFUSED, aa: false });
}

/**
 * A name in a zone that is hosted but whose data this isolate could not load: SERVFAIL (not cached,
 * so the client retries), never an upstream answer that would claim the name for someone else.
 */
function failUnloadedZones(ctx: QueryContext): Resolution | undefined {
  if (!inUnloadedZone(ctx.zones, ctx.query.question!.name)) return undefined;
  return reply(ctx, { rcode: RCODE.SERVFAIL, aa: false });
}

const STEPS: readonly Step[] = [
  checkOpcode, //          OPCODE ≠ QUERY        → NOTIMP   (RFC 8906 §8.1.4)
  checkQuestionCount, //   QDCOUNT ≠ 1           → FORMERR  (RFC 9619 §4)
  checkEdns, //            2+ OPT / version ≠ 0  → FORMERR / BADVERS (RFC 6891)
  checkClientSubnet, //    malformed ECS         → FORMERR  (RFC 7871 §6)
  checkClass, //           QCLASS ≠ IN           → REFUSED
  checkType, //            AXFR/IXFR, meta types → REFUSED / NOTIMP
  failUnloadedZones, //    hosted, not loaded    → SERVFAIL (config unreadable in this isolate)
  answerAuthoritative, //  hosted zones          → answer, NODATA, NXDOMAIN, referral;
  //                         RD=1: delegated names and out-of-zone CNAME targets → upstream
  forwardOutsideZones, //  everything else       → upstream (forward/), or REFUSED when off
];

function contextFor(
  query: Query,
  zones: ZoneIndex,
  settings: ResolverSettings,
  extras: QueryExtras,
): QueryContext {
  return { query, zones, settings, clientSubnet: null, padding: false, ednsChecked: false, extras };
}

/**
 * Resolves one decoded query against a zone snapshot. Any query content gets a reply; an exception
 * from a step is a bug and becomes SERVFAIL.
 */
export function resolve(
  query: Query,
  zones: ZoneIndex,
  settings: ResolverSettings,
  extras: QueryExtras = {},
): Resolution {
  const ctx = contextFor(query, zones, settings, extras);
  try {
    for (const step of STEPS) {
      const done = step(ctx);
      if (done !== undefined) return done;
    }
  } catch (e) {
    console.error('resolver step failed', e);
  }
  return reply(ctx, { rcode: RCODE.SERVFAIL, aa: false });
}

/** SERVFAIL for a query whose answer could not be sent (e.g. over 65,535 octets, RFC 8484 §6). */
export function serverFailure(query: Query, settings: ResolverSettings): Resolution {
  const ctx = contextFor(query, EMPTY_INDEX, settings, {});
  // Validate EDNS as a normal reply would, so ECS and padding are echoed the same way.
  for (const step of [checkOpcode, checkQuestionCount, checkEdns, checkClientSubnet]) {
    if (step(ctx) !== undefined) break;
  }
  return reply(ctx, { rcode: RCODE.SERVFAIL, aa: false });
}
