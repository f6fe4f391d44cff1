/**
 * The health view (docs/routing-semantics.md §2, §4.9), the one place the health rule lives: a member
 * without a check is healthy; a check with no result yet counts healthy; an alias with
 * EvaluateTargetHealth is healthy only while at least one member of its target group is.
 */
import type { HealthSnapshot } from '../health/snapshot';
import type { Member, RRset } from './group';

/** Aliases nested deeper than this answer SERVFAIL (docs/routing-semantics.md §4.9). */
export const MAX_ALIAS_DEPTH = 8;

export interface HealthView {
  readonly version: number;
  /** A check with no result yet counts healthy (docs/routing-semantics.md §2). */
  isHealthy(checkId: string): boolean;
  /** What the snapshot says, for explanations. */
  describe(checkId: string): string;
}

export function healthViewOf(snapshot: HealthSnapshot | null): HealthView {
  // A Map, not the parsed object: check ids such as "constructor" must not read the prototype.
  const checks = new Map(Object.entries(snapshot?.checks ?? {}));
  return {
    version: snapshot?.version ?? 0,
    isHealthy: (id) => checks.get(id)?.healthy ?? true,
    describe: (id) => {
      const c = checks.get(id);
      if (c === undefined) return 'no result yet (counts healthy)';
      return `${c.healthy ? 'healthy' : 'unhealthy'} since ${c.since} (${c.source}${c.reason ? `: ${c.reason}` : ''})`;
    },
  };
}

/**
 * Members the caller knows to be down whatever their checks say: the proxy's failed attempts and
 * its passive health (proxy/), so a re-run of the policy picks exactly what it would without them.
 */
export type MemberDown = (m: Member) => boolean;

/** Member health over one health view, with alias targets evaluated once per query. */
export class MemberHealth {
  private readonly targets = new Map<RRset, boolean>();

  constructor(
    readonly view: HealthView,
    private readonly down?: MemberDown,
  ) {}

  /** The member's own check (none → healthy), and for an evaluating alias its target. */
  isHealthy(m: Member): boolean {
    return this.checkHealthy(m) && this.aliasTargetHealthy(m, 0);
  }

  /** The member's health as the explain trace words it. */
  describe(m: Member): string {
    const check = m.healthCheckId
      ? `check ${m.healthCheckId}: ${this.view.describe(m.healthCheckId)}`
      : 'no health check';
    const alias = m.alias
      ? `; alias to ${m.alias.name}${m.alias.evaluateTargetHealth ? ' (evaluates target health)' : ''}`
      : '';
    return (this.down?.(m) ? 'down for the proxy (failed or passively marked); ' : '') + check + alias;
  }

  private checkHealthy(m: Member): boolean {
    if (this.down?.(m)) return false;
    return m.healthCheckId === null || this.view.isHealthy(m.healthCheckId);
  }

  /** EvaluateTargetHealth: healthy iff at least one member of the target group is (§4.9). */
  private aliasTargetHealthy(m: Member, depth: number): boolean {
    if (m.alias === null || !m.alias.evaluateTargetHealth) return true;
    if (depth > MAX_ALIAS_DEPTH) return false;
    const target = m.alias.target;
    if (target === null) return false;
    const known = this.targets.get(target);
    if (known !== undefined) return known;
    const healthy =
      target.routed === null ||
      target.routed.members.some((t) => this.checkHealthy(t) && this.aliasTargetHealthy(t, depth + 1));
    this.targets.set(target, healthy);
    return healthy;
  }
}
