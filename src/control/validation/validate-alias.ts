/**
 * Alias records (docs/routing-semantics.md §4.9): the target must be a record group of the alias's type
 * in a hosted zone (this one or another), an alias at the apex cannot point to a CNAME, and chains
 * through aliases and CNAMEs must not loop.
 *
 * Loops are found by walking what a resolver would do for a query type Q: at a name, the group of
 * the looked-up type answers (an alias member goes on to its target, a CNAME member to its value
 * with Q again); without one, a CNAME group there is followed. Loops made of simple CNAMEs alone
 * are cname-loops.ts's; here a loop is reported when it takes an alias or a routed CNAME member and
 * passes through a record set of this zone. Names are exact (no wildcard synthesis here).
 */
import { RRTYPE, typeToString } from '../../dns/constants';
import { parentName } from '../../dns/name';
import type { RecordSet } from '../../zones/model';
import { isAwsAliasTarget } from '../../zones/routing-rules';
import type { CnameMaps } from './cname-loops';
import { refOf } from './validate-groups';
import type { SetRef, ZoneProblem } from './zone-problem';

export interface AliasContext {
  /** Hosted zones other than this one (their apexes are the keys). */
  readonly otherZones: CnameMaps;
  /** The record sets at `name` in the other hosted zone `apex`. */
  readonly otherSets: (apex: string, name: string) => readonly RecordSet[];
  /** Whether any other zone has an alias or a routed CNAME. */
  readonly othersHaveIndirection: boolean;
  /** Types of the aliases in other zones. */
  readonly otherAliasTypes: ReadonlySet<number>;
}

/** A query for `query` has reached `name`, looking up `type` (the query type, or CNAME). */
interface State {
  readonly name: string;
  readonly type: number;
  readonly query: number;
}

interface Edge {
  readonly to: State;
  /** The record set taken, or null for the step from "no data of this type" to the CNAME. */
  readonly via: RecordSet | null;
  readonly special: boolean;
  readonly inZone: boolean;
}

/** A query type no group has: following CNAMEs alone. */
const ANY_DATA = 0;

const keyOf = (s: State): string => `${s.type}|${s.query}|${s.name}`;

/** The record sets at a name of the zone being written, as the write leaves it; null: not hosted. */
export type ZoneView = ((name: string) => readonly RecordSet[]) | null;

function makeWorld(apex: string, view: ZoneView, context: AliasContext) {
  const apexes = new Set<string>(context.otherZones.keys());
  if (view !== null) apexes.add(apex);
  const zoneOf = (name: string): string | null => {
    for (let at: string | null = name; at !== null; at = parentName(at)) if (apexes.has(at)) return at;
    return null;
  };
  const cache = new Map<string, readonly RecordSet[]>();
  const setsAt = (name: string): { zone: string | null; sets: readonly RecordSet[] } => {
    const zone = zoneOf(name);
    if (zone === null) return { zone, sets: [] };
    if (zone === apex && view !== null) return { zone, sets: view(name) };
    let sets = cache.get(name);
    if (sets === undefined) {
      sets = context.otherSets(zone, name);
      cache.set(name, sets);
    }
    return { zone, sets };
  };
  const edges = (state: State): Edge[] => {
    const { zone, sets } = setsAt(state.name);
    const inZone = zone === apex;
    const group = sets.filter((rs) => rs.type === state.type);
    const out: Edge[] = [];
    for (const rs of group) {
      const special = rs.alias !== undefined || rs.setIdentifier !== undefined;
      if (rs.alias !== undefined) {
        out.push({ to: { ...state, name: rs.alias.dnsName }, via: rs, special, inZone });
      } else if (state.type === RRTYPE.CNAME && state.query !== RRTYPE.CNAME) {
        for (const value of rs.values) {
          out.push({ to: { name: value, type: state.query, query: state.query }, via: rs, special, inZone });
        }
      }
    }
    if (group.length === 0 && state.type !== RRTYPE.CNAME && sets.some((rs) => rs.type === RRTYPE.CNAME)) {
      out.push({ to: { ...state, type: RRTYPE.CNAME }, via: null, special: false, inZone });
    }
    return out;
  };
  return { zoneOf, setsAt, edges };
}

type World = ReturnType<typeof makeWorld>;

/** Why the alias `rs` of the hosted zone `apex` has no target in `world`; undefined when it has one. */
function targetProblem(rs: RecordSet, apex: string, world: World): string | undefined {
  const target = rs.alias?.dnsName;
  // AWS resources are refused by routing-rules.ts already.
  if (target === undefined || isAwsAliasTarget(target)) return undefined;
  const type = typeToString(rs.type);
  const { zone, sets } = world.setsAt(target);
  if (zone === null) return `alias target ${target} is not in a hosted zone`;
  if (sets.some((s) => s.type === rs.type)) return undefined;
  if (rs.type !== RRTYPE.CNAME && sets.some((s) => s.type === RRTYPE.CNAME)) {
    return rs.name === apex
      ? `an alias at the zone apex cannot point to a CNAME (${target} is a CNAME)`
      : `alias target ${target} is a CNAME, not ${type} records; an alias points to a record group of its own type`;
  }
  const where = zone === apex ? '' : ` in the hosted zone ${zone}`;
  return `alias target ${target} has no ${type} record set${where}`;
}

function describeLoop(cycle: readonly Edge[]): string {
  const steps = cycle.filter((e) => e.via !== null).map((e) => `${e.via!.name} ${typeToString(e.via!.type)}`);
  const kind = cycle.some((e) => e.via?.alias !== undefined) ? 'alias loop' : 'CNAME loop';
  return `${kind}: ${[...steps, steps[0] ?? ''].join(' → ')}`;
}

/** Depth-first search from `starts`; calls `found` with the edges of every loop reached. */
function findLoops(starts: readonly State[], world: World, found: (cycle: Edge[]) => void): void {
  const state = new Map<string, 'active' | 'done'>();
  for (const start of starts) {
    if (state.has(keyOf(start))) continue;
    const frames: { state: State; edges: Edge[]; next: number; taken?: Edge }[] = [];
    const push = (s: State) => {
      state.set(keyOf(s), 'active');
      frames.push({ state: s, edges: world.edges(s), next: 0 });
    };
    push(start);
    while (frames.length > 0) {
      const top = frames[frames.length - 1]!;
      const edge = top.edges[top.next++];
      if (edge === undefined) {
        state.set(keyOf(top.state), 'done');
        frames.pop();
        continue;
      }
      const seen = state.get(keyOf(edge.to));
      if (seen === 'done') continue;
      if (seen === 'active') {
        const from = frames.findIndex((f) => keyOf(f.state) === keyOf(edge.to));
        found([...frames.slice(from, -1).map((f) => f.taken!), edge]);
        continue;
      }
      top.taken = edge;
      push(edge.to);
    }
  }
}

/**
 * Checks aliases of other hosted zones against the zone `apex` as `view` shows it: for an alias
 * of the zone `aliasZone`, why it has no target, or undefined when it has one.
 */
export function aliasTargetChecker(
  apex: string,
  view: ZoneView,
  context: AliasContext,
): (rs: RecordSet, aliasZone: string) => string | undefined {
  const world = makeWorld(apex, view, context);
  return (rs, aliasZone) => targetProblem(rs, aliasZone, world);
}

/** Alias targets and loops through aliases and routed CNAMEs. */
export function checkAliases(
  apex: string,
  byName: ReadonlyMap<string, readonly RecordSet[]>,
  context: AliasContext,
  out: ZoneProblem[],
): void {
  const world = makeWorld(apex, (name) => byName.get(name) ?? [], context);
  const aliases: RecordSet[] = [];
  const cnames: RecordSet[] = [];
  let indirection = context.othersHaveIndirection;
  for (const sets of byName.values()) {
    for (const rs of sets) {
      if (rs.alias !== undefined) aliases.push(rs);
      if (rs.type === RRTYPE.CNAME) cnames.push(rs);
      if (rs.alias !== undefined || (rs.type === RRTYPE.CNAME && rs.setIdentifier !== undefined))
        indirection = true;
    }
  }
  for (const rs of aliases) {
    const problem = targetProblem(rs, apex, world);
    // The target takes part: a batch that only removed it is pointed at the change that did.
    const target = { name: rs.alias?.dnsName ?? rs.name, type: rs.type };
    if (problem !== undefined)
      out.push({ subject: refOf(rs), related: [target], message: problem, field: 'AliasTarget/DNSName' });
  }
  if (!indirection) return;
  const queries = new Set<number>([ANY_DATA, ...context.otherAliasTypes]);
  for (const rs of aliases) queries.add(rs.type);
  queries.delete(RRTYPE.CNAME);
  const starts: State[] = [];
  for (const rs of aliases)
    if (rs.type !== RRTYPE.CNAME) starts.push({ name: rs.name, type: rs.type, query: rs.type });
  for (const rs of cnames)
    for (const query of queries) starts.push({ name: rs.name, type: RRTYPE.CNAME, query });
  const reported = new Set<string>();
  findLoops(starts, world, (cycle) => {
    if (!cycle.some((e) => e.special)) return;
    const inZone = cycle.filter((e) => e.inZone && e.via !== null).map((e) => e.via!);
    const subject =
      inZone.find((rs) => rs.alias !== undefined || rs.setIdentifier !== undefined) ?? inZone[0];
    if (subject === undefined) return;
    const key = cycle
      .filter((e) => e.via !== null)
      .map((e) => `${e.via!.name}/${e.via!.type}/${e.via!.setIdentifier ?? ''}`)
      .sort()
      .join(' ');
    if (reported.has(key)) return;
    reported.add(key);
    const related: SetRef[] = inZone.filter((rs) => rs !== subject).map(refOf);
    const message = describeLoop(cycle);
    out.push({
      subject: refOf(subject),
      related,
      message,
      ...(subject.alias === undefined ? {} : { field: 'AliasTarget/DNSName' }),
    });
  });
}
