/**
 * The query pipeline: everything edgesteer does with a DNS query, in order, in this one file.
 *
 *   handleQuery(bytes, deps) → { bytes, cacheControl }
 *     1. decode         wire bytes → Query, or an error the transport turns into HTTP 400
 *     2. snapshot       the isolate's zones and signals (deps.snapshots); SERVFAIL while none loaded
 *     3. checks         opcode, QDCOUNT, EDNS, ECS, class, type (STEPS below, docs/doh-protocol.md §10)
 *     4. authoritative  hosted zones answer; names outside them, delegated names and out-of-zone
 *                       CNAME targets (RD=1) become a hand-off
 *     5. forward        a hand-off goes to the injected forwarder (deps.forwarder: forward/ in the
 *                       Worker); REFUSED when forwarding is off
 *     6. encode         Response → wire; an answer over 65,535 octets becomes SERVFAIL
 *     7. cache policy   Cache-Control from the TTLs that govern the answer (cache-control.ts)
 *
 * The transports only translate: http/doh maps HTTP ↔ bytes (and the JSON API ↔ Query through
 * answerQuery, steps 2–5). Once a query has decoded it always gets a DNS answer: an exception in a
 * step is a bug and becomes SERVFAIL.
 */
import { decodeQuery } from '../dns/codec/decode';
import { encodeResponse } from '../dns/codec/encode';
import { RCODE } from '../dns/constants';
import type { Query } from '../dns/message';
import { err, ok, type Result } from '../result';
import { EMPTY_INDEX, inUnloadedZone, type ZoneIndex } from '../zones/zone-index';
import { answerAuthoritative } from './authoritative';
import { cacheControlOf } from './cache-control';
import {
  checkClass,
  checkClientSubnet,
  checkEdns,
  checkOpcode,
  checkQuestionCount,
  checkType,
} from './checks';
import {
  type Handoff,
  handOff,
  type QueryContext,
  type QueryExtras,
  type Resolution,
  type ResolverSettings,
  reply,
} from './context';
import type { ClientInputs, Signals } from './signals';
import type { Trace } from './trace';

/** What the Worker (or a test) provides the pipeline. */
export interface QueryDeps {
  /** Step 2: the isolate's snapshots; `zones` is null while no config could be loaded yet. */
  readonly snapshots: () => Promise<Snapshots> | Snapshots;
  /**
   * Step 5: what completes hand-offs upstream, looked up once the query has decoded; null when
   * forwarding is off (RA=0, REFUSED outside zones).
   */
  readonly forwarder: () => Forwarder | null;
  /** Who asked: request.cf and CF-Connecting-IP (docs/DESIGN.md, Client location). */
  readonly client?: ClientInputs;
  /** Filled in when present (explain=1). */
  readonly trace?: Trace;
}

export interface Snapshots {
  readonly zones: ZoneIndex | null;
  readonly signals: Signals;
}

/** The forward step's upstream: forward/service.ts in the Worker, a fake in tests. */
export interface Forwarder {
  /** Resolves `handoff.name` upstream and merges what hosted zones contributed (a CNAME chain). */
  forward(handoff: Handoff): Resolution | Promise<Resolution>;
}

/** An answered query: the reply's bytes and its Cache-Control, with what produced them. */
export interface Answered {
  readonly query: Query;
  readonly resolution: Resolution;
  readonly bytes: Uint8Array;
  readonly cacheControl: string;
}

const AUTHORITATIVE_ONLY: ResolverSettings = { recursionAvailable: false };
const RECURSION_AVAILABLE: ResolverSettings = { recursionAvailable: true };

/** The RA bit of every answer: set when names outside hosted zones are forwarded. */
export const settingsOf = (forwarding: boolean): ResolverSettings =>
  forwarding ? RECURSION_AVAILABLE : AUTHORITATIVE_ONLY;

/** Steps 1–7 for one wire-format query; an error (the reason) when the bytes do not decode. */
export async function handleQuery(bytes: Uint8Array, deps: QueryDeps): Promise<Result<Answered, string>> {
  const decoded = decodeQuery(bytes); //                           1. decode
  if (!decoded.ok) return err(decoded.error);
  const query = decoded.value;
  const resolution = await answerQuery(query, deps); //            2–5
  try {
    return ok(encodeAnswer(query, resolution)); //                 6–7
  } catch (e) {
    console.error('encoding the answer failed:', e instanceof Error ? e.message : String(e));
    return ok(encodeAnswer(query, serverFailure(query, settingsOf(resolution.response.ra))));
  }
}

/** Steps 2–5 for a decoded query (the JSON API builds its Query from URL parameters). */
export async function answerQuery(query: Query, deps: QueryDeps): Promise<Resolution> {
  let settings = AUTHORITATIVE_ONLY;
  try {
    const forwarder = deps.forwarder();
    settings = settingsOf(forwarder !== null);
    const { zones, signals } = await deps.snapshots(); //            2. snapshot
    if (zones === null) return serverFailure(query, settings);
    if (deps.trace)
      deps.trace.versions = {
        config: zones.version,
        health: signals.health.version,
        latency: signals.latencyVersion,
      };
    const extras: QueryExtras = deps.trace
      ? { signals, client: deps.client, trace: deps.trace }
      : { signals, client: deps.client };
    const local = resolve(query, zones, settings, extras); //      3–4. checks, authoritative
    if (local.upstream === undefined || forwarder === null) return local;
    return await forwarder.forward(local.upstream); //               5. forward
  } catch (e) {
    console.error('query pipeline failed:', e instanceof Error ? e.message : String(e));
    return serverFailure(query, settings);
  }
}

/** Steps 6–7: wire bytes (SERVFAIL when the reply would not fit in 65,535 octets) and Cache-Control. */
export function encodeAnswer(query: Query, resolution: Resolution): Answered {
  let res = resolution;
  let bytes = encodeResponse(res.response); //                      6. encode
  if (bytes === null) {
    res = serverFailure(query, res.response.ra ? RECURSION_AVAILABLE : AUTHORITATIVE_ONLY);
    bytes = encodeResponse(res.response)!;
  }
  return { query, resolution: res, bytes, cacheControl: cacheControlOf(res) }; // 7. cache policy
}

type Step = (ctx: QueryContext) => Resolution | undefined;

/**
 * Names outside every hosted zone: a hand-off to the forward step (5) when forwarding is enabled,
 * else REFUSED, AA=0.
 */
function handOffOutsideZones(ctx: QueryContext): Resolution {
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
  handOffOutsideZones, //  everything else       → hand-off to step 5, or REFUSED when off
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
 * Steps 3–4 for one decoded query against a zone snapshot, synchronously: an answer, or a hand-off
 * (`upstream`) for step 5. Any query content gets a reply; an exception from a step is a bug and
 * becomes SERVFAIL.
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
