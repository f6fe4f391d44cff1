/**
 * What goes upstream for a handoff, and the cache key that names its answer: lowercased name,
 * type, class, DO and CD (docs/doh-protocol.md §15), plus the sent subnet when ECS forwarding is on.
 */
import { encodeQuery, lowercaseQuestion } from '../dns/codec/encode-query';
import type { ClientSubnet } from '../dns/message';
import { nameToWire } from '../dns/name';
import type { Handoff } from '../resolver/context';

/** RFC 8467 §4.1: queries are padded to a multiple of 128 octets. */
export const QUERY_PADDING_BLOCK = 128;

/** ECS sent upstream is cut to these prefix lengths (RFC 7871 §11.1 recommends /24 and /56). */
const ECS_MAX_PREFIX = { 1: 24, 2: 56 } as const;

export interface UpstreamQuery {
  readonly key: string;
  /** The question asked, name lowercased: what the reply must echo. */
  readonly question: Uint8Array;
  readonly dnssecOk: boolean;
  readonly checkingDisabled: boolean;
  readonly clientSubnet: ClientSubnet | null;
}

/** The client's subnet cut to /24 or /56, bits past the prefix cleared. */
export function truncateSubnet(s: ClientSubnet): ClientSubnet {
  const prefix = Math.min(s.sourcePrefix, ECS_MAX_PREFIX[s.family]);
  const octets = Math.ceil(prefix / 8);
  const address = s.address.slice(0, octets);
  if (prefix % 8 !== 0) address[octets - 1]! &= (0xff << (8 - (prefix % 8))) & 0xff;
  return { family: s.family, sourcePrefix: prefix, scopePrefix: 0, address };
}

function questionOf(h: Handoff): Uint8Array {
  const q = h.ctx.query.question!;
  if (h.name === q.name) return lowercaseQuestion(q.wire);
  // An out-of-zone CNAME target or a delegated name inside a chain: same type and class.
  const name = nameToWire(h.name);
  const out = new Uint8Array(name.length + 4);
  out.set(name);
  out.set(q.wire.subarray(q.wire.length - 4), name.length);
  return out;
}

/** `|type|class|DO|CD` of cache keys, by those four; at most SUFFIX_LIMIT kept (types are chosen by clients). */
const suffixes = new Map<number, string>();
export const SUFFIX_LIMIT = 4096;

/** How many key suffixes are kept (tests check the bound). */
export const keptSuffixes = (): number => suffixes.size;

function suffixOf(type: number, qclass: number, dnssecOk: boolean, cd: boolean): string {
  const code = (type * 0x10000 + qclass) * 4 + (dnssecOk ? 2 : 0) + (cd ? 1 : 0);
  let suffix = suffixes.get(code);
  if (suffix === undefined) {
    suffix = `|${type}|${qclass}|${dnssecOk ? 1 : 0}|${cd ? 1 : 0}`;
    if (suffixes.size < SUFFIX_LIMIT) suffixes.set(code, suffix);
  }
  return suffix;
}

/** The cache and coalescing key: `name|type|class|DO|CD`, then the subnet sent upstream, if any. */
function keyOf(h: Handoff, subnet: ClientSubnet | null): string {
  const { query } = h.ctx;
  const q = query.question!;
  const key = h.name + suffixOf(q.type, q.qclass, query.edns?.dnssecOk ?? false, query.cd);
  return subnet === null ? key : `${key}|${subnet.family}/${subnet.sourcePrefix}/${subnet.address.join('.')}`;
}

const subnetToSend = (h: Handoff, forwardEcs: boolean) =>
  forwardEcs && h.ctx.clientSubnet !== null ? truncateSubnet(h.ctx.clientSubnet) : null;

/** The cache key alone: what a cache hit needs (cheaper than the whole upstream query). */
export function cacheKeyOf(h: Handoff, forwardEcs: boolean): string {
  return keyOf(h, subnetToSend(h, forwardEcs));
}

export function upstreamQueryOf(h: Handoff, forwardEcs: boolean): UpstreamQuery {
  const { query } = h.ctx;
  const subnet = subnetToSend(h, forwardEcs);
  return {
    key: keyOf(h, subnet),
    question: questionOf(h),
    dnssecOk: query.edns?.dnssecOk ?? false,
    checkingDisabled: query.cd,
    clientSubnet: subnet,
  };
}

export function upstreamBody(q: UpstreamQuery): Uint8Array {
  return encodeQuery({
    question: q.question,
    dnssecOk: q.dnssecOk,
    checkingDisabled: q.checkingDisabled,
    clientSubnet: q.clientSubnet,
    paddingBlock: QUERY_PADDING_BLOCK,
  });
}
