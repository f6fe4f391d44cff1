/**
 * Resolves an origin's `originName` the way a DoH query for it would be answered, in memory, from
 * the edge's own position: the pipeline's `resolve` (CNAMEs, aliases, routing policies) with the
 * colo as the client (never the end client's IP or ECS), A first and AAAA only when there is no A.
 * Failover does not need an ordered list: the caller re-runs this with the failed members marked
 * down through the health view (`memberDown`), so the next choice is what the policy picks without
 * them.
 */
import { CLASS, RCODE, RRTYPE } from '../dns/constants';
import type { Query, ResourceRecord } from '../dns/message';
import { nameToWire } from '../dns/name';
import { formatIPv4, formatIPv6 } from '../dns/rdata/addresses';
import { nameFromWire } from '../dns/wire-name';
import { bytesToHex } from '../encoding/hex';
import type { Member } from '../policy/group';
import { resolve, settingsOf } from '../resolver/pipeline';
import type { Signals } from '../resolver/signals';
import { newTrace, type TraceStep } from '../resolver/trace';
import { err, ok, type Result } from '../result';
import { findZone, type ZoneIndex } from '../zones/zone-index';

/**
 * Where one attempt goes: an address from an A/AAAA record, or the hostname a CNAME chain leaves
 * hosted data for. `key` is the RDATA (hex) that produced it: the same bytes a member carries, so
 * the health view can mark exactly the members that lead to it.
 */
export type OriginTarget =
  | { readonly kind: 'ip'; readonly address: string; readonly family: 4 | 6; readonly key: string }
  | { readonly kind: 'host'; readonly hostname: string; readonly key: string };

export interface OriginChoice {
  readonly target: OriginTarget;
  /** SetIdentifier the last routed decision chose, when one did. */
  readonly setId: string | null;
  /** The policy's decisions, as the explain trace records them. */
  readonly steps: readonly TraceStep[];
}

/** What the resolution read besides the name: the snapshots, the edge's cf, who is down. */
export interface ResolveInputs {
  readonly zones: ZoneIndex;
  readonly signals: Signals;
  /** colo, and latitude/longitude/country when present: the edge's location, not the client's. */
  readonly edgeCf: Readonly<Record<string, unknown>>;
  /** Keys (RDATA hex) already tried in this request: never chosen again. */
  readonly tried: ReadonlySet<string>;
  /** Members down for the proxy (failed in this request or passively marked). */
  readonly memberDown: (m: Member) => boolean;
}

/** The `request.cf` fields that describe where the edge is; everything about the client dropped. */
export function edgeCfOf(cf: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const edge: Record<string, unknown> = {};
  for (const field of ['colo', 'latitude', 'longitude', 'country']) {
    if (cf?.[field] !== undefined) edge[field] = cf[field];
  }
  return edge;
}

function queryFor(name: string, type: number): Query {
  const owner = nameToWire(name);
  const wire = new Uint8Array(owner.length + 4);
  wire.set(owner);
  wire.set([type >> 8, type & 0xff, 0, CLASS.IN], owner.length);
  return {
    id: 0,
    opcode: 0,
    rd: false, // hosted data only: a chain that leaves it ends at the hostname to fetch
    cd: false,
    qdcount: 1,
    question: { name, nameAsSent: name, type, qclass: CLASS.IN, wire },
    optCount: 0,
    edns: null,
  };
}

function targetOf(record: ResourceRecord): OriginTarget {
  const key = bytesToHex(record.rdata);
  return record.type === RRTYPE.A
    ? { kind: 'ip', address: formatIPv4(record.rdata), family: 4, key }
    : { kind: 'ip', address: formatIPv6(record.rdata), family: 6, key };
}

/** The hostname a CNAME chain ends at when it leaves hosted data, else null. */
function exitHost(zones: ZoneIndex, answer: readonly ResourceRecord[]): OriginTarget | null {
  const last = answer.at(-1);
  if (last === undefined || last.type !== RRTYPE.CNAME) return null;
  const target = nameFromWire(last.rdata, 0);
  if (!target.ok || findZone(zones, target.value.name) !== null) return null;
  return { kind: 'host', hostname: target.value.name.replace(/\.$/, ''), key: bytesToHex(last.rdata) };
}

type Outcome = 'no-address' | 'exhausted';

/** One type: the first target not tried yet, `exhausted` when all were, `no-address` for none. */
function answerFor(
  name: string,
  type: number,
  inputs: ResolveInputs,
): { readonly choice: Result<OriginChoice, Outcome>; readonly rcode: number } {
  const trace = newTrace();
  const resolution = resolve(queryFor(name, type), inputs.zones, settingsOf(false), {
    signals: inputs.signals,
    client: { cf: inputs.edgeCf },
    trace,
    memberDown: inputs.memberDown,
  });
  const { rcode, answer } = resolution.response;
  const last = trace.steps.at(-1);
  const setId = last?.chosen[0] ?? null;
  const targets = answer.filter((r) => r.type === type).map(targetOf);
  const exit = targets.length === 0 ? exitHost(inputs.zones, answer) : null;
  if (exit !== null) targets.push(exit);
  if (targets.length === 0) return { choice: err('no-address'), rcode };
  const fresh = targets.find((t) => !inputs.tried.has(t.key));
  if (fresh === undefined) return { choice: err('exhausted'), rcode };
  return { choice: ok({ target: fresh, setId, steps: trace.steps }), rcode };
}

/**
 * The member the policy picks now for `originName`; `exhausted` once every choice it still
 * makes was tried (e.g. a fail-open group answering with members already failed), `no-address`
 * when the name has no A or AAAA (the reason says the RCODE).
 */
export function resolveOrigin(originName: string, inputs: ResolveInputs): Result<OriginChoice, string> {
  const a = answerFor(originName, RRTYPE.A, inputs);
  if (a.choice.ok || a.choice.error === 'exhausted') return a.choice;
  const aaaa = answerFor(originName, RRTYPE.AAAA, inputs);
  if (aaaa.choice.ok || aaaa.choice.error === 'exhausted') return aaaa.choice;
  const rcode = Object.entries(RCODE).find(([, v]) => v === a.rcode)?.[0] ?? String(a.rcode);
  return err(`${originName} has no A or AAAA (${rcode})`);
}
