/**
 * The selection loop most policies share (docs/routing-semantics.md §2): walk an ordered candidate chain,
 * answer with the first healthy member; when none is healthy the group's failure mode decides.
 */
import type { FailureMode, Member } from './group';
import type { CandidateView, PolicyContext, Selection } from './types';

export interface ChainOptions<M extends Member> {
  readonly byLocation: boolean;
  /** Facts about a candidate for the explain trace. */
  readonly facts: (m: M) => CandidateView['facts'];
  /** Words for the rule that fired with this member. */
  readonly rule: (m: M) => string;
  /** Member answered when fail-open fires (default: the chain's first). */
  readonly failOpenPick?: M | undefined;
  /** What an empty chain means (e.g. "no geolocation matches the client"). */
  readonly emptyRule?: string;
  readonly scope?: number;
}

export function viewOf(m: Member, healthy: boolean, facts: CandidateView['facts']): CandidateView {
  return { setId: m.setId, healthy, facts };
}

export function firstHealthy<M extends Member>(
  chain: readonly M[],
  group: { readonly failureMode: FailureMode },
  ctx: PolicyContext,
  o: ChainOptions<M>,
): Selection {
  const candidates: CandidateView[] = [];
  let chosen: M | undefined;
  for (const m of chain) {
    // Without explain, stop at the first healthy member: nothing else is looked at.
    const healthy = ctx.isHealthy(m);
    if (ctx.explain) candidates.push(viewOf(m, healthy, o.facts(m)));
    if (healthy && chosen === undefined) {
      chosen = m;
      if (!ctx.explain) break;
    }
  }
  const words = (f: () => string) => (ctx.explain ? f() : '');
  const selection = (members: Member[], failure: Selection['failure'], rule: string): Selection => ({
    members,
    byLocation: o.byLocation,
    byChance: false,
    failure,
    rule,
    candidates,
    ...(o.scope === undefined ? {} : { scope: o.scope }),
  });
  if (chosen !== undefined)
    return selection(
      [chosen],
      'none',
      words(() => o.rule(chosen)),
    );
  if (chain.length === 0)
    return selection(
      [],
      'none',
      words(() => o.emptyRule ?? 'no member applies: NODATA'),
    );
  if (group.failureMode === 'closed') {
    return selection(
      [],
      'closed',
      words(() => 'no candidate is healthy and the group fails closed: NODATA'),
    );
  }
  const pick = o.failOpenPick ?? chain[0]!;
  return selection(
    [pick],
    'open',
    words(() => `no candidate is healthy; fail-open answers as if all were: ${o.rule(pick)}`),
  );
}
