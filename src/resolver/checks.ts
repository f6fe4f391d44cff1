/**
 * Protocol checks, in the order of docs/doh-protocol.md §10. Each returns a final reply, or undefined to
 * let the next step run.
 */
import { CLASS, EDNS_OPTION, OPCODE, RCODE, RRTYPE } from '../dns/constants';
import { parseClientSubnet } from '../dns/ecs';
import { type QueryContext, type Resolution, reply } from './context';

/** OPCODE ≠ QUERY → NOTIMP, no records, AA=0 (RFC 8906 §8.1.4). */
export function checkOpcode(ctx: QueryContext): Resolution | undefined {
  if (ctx.query.opcode !== OPCODE.QUERY) return reply(ctx, { rcode: RCODE.NOTIMP, aa: false });
  return undefined;
}

/** QDCOUNT must be 1 (RFC 9619 §4); the FORMERR carries no question. */
export function checkQuestionCount(ctx: QueryContext): Resolution | undefined {
  if (ctx.query.qdcount !== 1) return reply(ctx, { rcode: RCODE.FORMERR, aa: false, noQuestion: true });
  return undefined;
}

/** One OPT, owned by the root, version 0 (RFC 6891 §6.1.1–§6.1.3). */
export function checkEdns(ctx: QueryContext): Resolution | undefined {
  const { query } = ctx;
  if (query.optCount > 1 || (query.edns !== null && !query.edns.ownerIsRoot)) {
    return reply(ctx, { rcode: RCODE.FORMERR, aa: false });
  }
  if (query.edns !== null && query.edns.version !== 0) return reply(ctx, { rcode: RCODE.BADVERS, aa: false });
  return undefined;
}

/** ECS validated from raw bytes (RFC 7871 §6, §7.2.1); Padding noted (RFC 7830 §4). */
export function checkClientSubnet(ctx: QueryContext): Resolution | undefined {
  const edns = ctx.query.edns;
  if (edns === null) {
    ctx.ednsChecked = true;
    return undefined;
  }
  let seen = false;
  for (const option of edns.options) {
    if (option.code === EDNS_OPTION.PADDING) ctx.padding = true;
    if (option.code !== EDNS_OPTION.ECS) continue;
    if (seen) return reply(ctx, { rcode: RCODE.FORMERR, aa: false });
    seen = true;
    const subnet = parseClientSubnet(option.data);
    if (!subnet.ok) return reply(ctx, { rcode: RCODE.FORMERR, aa: false });
    ctx.clientSubnet = subnet.value;
  }
  ctx.ednsChecked = true;
  return undefined;
}

/** Only class IN is served (CH, HS, NONE, ANY → REFUSED). */
export function checkClass(ctx: QueryContext): Resolution | undefined {
  if (ctx.query.question!.qclass !== CLASS.IN) return reply(ctx, { rcode: RCODE.REFUSED, aa: false });
  return undefined;
}

const NOT_IMPLEMENTED_TYPES: ReadonlySet<number> = new Set([
  RRTYPE.OPT,
  RRTYPE.TKEY,
  RRTYPE.TSIG,
  RRTYPE.MAILB,
  RRTYPE.MAILA,
]);

/** No zone transfers over DoH; meta-types that make no sense as a question → NOTIMP. */
export function checkType(ctx: QueryContext): Resolution | undefined {
  const type = ctx.query.question!.type;
  if (type === RRTYPE.AXFR || type === RRTYPE.IXFR) return reply(ctx, { rcode: RCODE.REFUSED, aa: false });
  if (NOT_IMPLEMENTED_TYPES.has(type)) return reply(ctx, { rcode: RCODE.NOTIMP, aa: false });
  return undefined;
}
