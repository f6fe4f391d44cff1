/** What one query carries through the resolver's steps. */
import { RCODE } from '../dns/constants';
import type { ExtendedError } from '../dns/ede';
import type { ClientSubnet, Query, Question, ResourceRecord, Response } from '../dns/message';
import type { ClientLocation } from '../location/types';
import type { MemberDown } from '../policy/health';
import type { ZoneIndex } from '../zones/zone-index';
import type { ClientInputs, Signals } from './signals';
import type { Trace } from './trace';

export interface ResolverSettings {
  /** RA bit: set when edgesteer would recurse (forwarding enabled). */
  readonly recursionAvailable: boolean;
}

export interface QueryContext {
  readonly query: Query;
  readonly zones: ZoneIndex;
  readonly settings: ResolverSettings;
  /** Valid ECS from the query, once checkClientSubnet has run. */
  clientSubnet: ClientSubnet | null;
  /** The query carried the Padding option. */
  padding: boolean;
  /** EDNS has been validated; replies may echo ECS and padding. */
  ednsChecked: boolean;
  readonly extras: QueryExtras;
}

/** Inputs beyond the message: what routing policies read. All optional (plain zones need none). */
export interface QueryExtras {
  readonly signals?: Signals;
  readonly client?: ClientInputs;
  /** An explicit location (test-answer endpoint); replaces every other signal. */
  readonly location?: ClientLocation;
  /** Uniform in [0, 1); injected by tests. */
  readonly random?: () => number;
  /** Filled in when present (explain). */
  readonly trace?: Trace;
  /** Members to treat as unhealthy (the reverse proxy's failed and passively marked members). */
  readonly memberDown?: MemberDown;
}

/** What the resolver hands back to the transport. */
export interface Resolution {
  readonly response: Response;
  /** The answer depended on client location or randomness: `Cache-Control: private`. */
  readonly tailored: boolean;
  /**
   * The rest of the answer lies upstream (docs/doh-protocol.md §15): the pipeline's forward step
   * (pipeline.ts, step 5) completes it. Until then `response` is a SERVFAIL, so a caller that
   * cannot forward still answers.
   */
  readonly upstream?: Handoff;
}

/** A name to resolve upstream, with what hosted zones contributed before it (a CNAME chain). */
export interface Handoff {
  readonly ctx: QueryContext;
  /** Canonical name to ask upstream: QNAME, a delegated name, or an out-of-zone CNAME target. */
  readonly name: string;
  readonly answer: readonly ResourceRecord[];
  readonly tailored: boolean;
  readonly scope: number;
}

export interface ReplySections {
  readonly rcode: number;
  /** The answer was tailored to the client (location or chance): Cache-Control private. */
  readonly tailored?: boolean;
  readonly aa: boolean;
  readonly answer?: readonly ResourceRecord[];
  readonly authority?: readonly ResourceRecord[];
  readonly additional?: readonly ResourceRecord[];
  /** ECS scope for the echo (0 unless the answer depended on the client's subnet). */
  readonly scope?: number;
  /** Omit the question (FORMERR for QDCOUNT ≠ 1). */
  readonly noQuestion?: boolean;
  /** AD bit: upstream's value for forwarded answers; hosted zones are unsigned (0). */
  readonly ad?: boolean;
  /** Extended DNS Errors (RFC 8914), sent when the query had OPT. */
  readonly extendedErrors?: readonly ExtendedError[];
}

/** The query's ECS option as the reply echoes it: SCOPE PREFIX-LENGTH set, never past SOURCE. */
function echoedSubnet(ecs: ClientSubnet, scope: number | undefined): ClientSubnet {
  return {
    family: ecs.family,
    sourcePrefix: ecs.sourcePrefix,
    scopePrefix: Math.min(scope ?? 0, ecs.sourcePrefix),
    address: ecs.address,
  };
}

/** Builds the reply to `ctx.query`: header bits copied per docs/doh-protocol.md §9, OPT per §11–§13. */
export function reply(ctx: QueryContext, s: ReplySections): Resolution {
  const q = ctx.query;
  const question: Question | null = s.noQuestion ? null : q.question;
  const edns =
    q.edns === null
      ? null
      : s.rcode === 16
        ? { dnssecOk: q.edns.dnssecOk, clientSubnet: null, padding: false }
        : {
            dnssecOk: q.edns.dnssecOk,
            clientSubnet:
              ctx.ednsChecked && ctx.clientSubnet !== null ? echoedSubnet(ctx.clientSubnet, s.scope) : null,
            padding: ctx.padding,
            // Always the same fields (no conditional spread): this runs for every answer.
            extendedErrors: s.extendedErrors?.length ? s.extendedErrors : undefined,
          };
  return {
    response: {
      id: q.id,
      opcode: q.opcode,
      rcode: s.rcode,
      aa: s.aa,
      rd: q.rd,
      ra: ctx.settings.recursionAvailable,
      ad: s.ad ?? false,
      cd: q.cd,
      question,
      answer: s.answer ?? [],
      authority: s.authority ?? [],
      additional: s.additional ?? [],
      edns,
    },
    tailored: s.tailored ?? false,
  };
}

/** A handoff's Resolution: the SERVFAIL placeholder is built only if someone reads it. */
class HandedOff implements Resolution {
  readonly tailored = false;
  constructor(readonly upstream: Handoff) {}

  get response(): Response {
    return reply(this.upstream.ctx, { rcode: RCODE.SERVFAIL, aa: false }).response;
  }
}

/** Hands the query to forward/ (the transport completes it); SERVFAIL if nobody does. */
export function handOff(ctx: QueryContext, name: string, sections?: Partial<Handoff>): Resolution {
  return new HandedOff({
    ctx,
    name,
    answer: sections?.answer ?? [],
    tailored: sections?.tailored ?? false,
    scope: sections?.scope ?? 0,
  });
}

/** Forwarding applies: it is enabled and the client asked for recursion (docs/doh-protocol.md §14.5–§14.6). */
export function mayRecurse(ctx: QueryContext): boolean {
  return ctx.settings.recursionAvailable && ctx.query.rd;
}
