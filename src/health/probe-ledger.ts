/**
 * HealthState's probe side (docs/routing-semantics.md §5.2–§5.5): the synced definitions, each checker's
 * state machine, each check's verdict, and how a verdict becomes the published status. Held in
 * memory and written through to SQLite (probe-store.ts) only when something changes; the last
 * observation of each checker (time, RTT, status code) is kept in memory only, as it changes with
 * every probe.
 *
 * A manual status (set through the API) overrides the verdict until it is cleared.
 */
import { deleteCheck, readCheck, writeCheck } from './health-store';
import type { DefinedCheck } from './probe-jobs';
import {
  type Definition,
  deleteChecker,
  forgetDefinition,
  insertTransition,
  readCheckers,
  readDefinitions,
  readVerdicts,
  writeChecker,
  writeDefinition,
  writeVerdict,
} from './probe-store';
import type { RoundReport } from './round-report';
import type { CheckState } from './snapshot';
import { applyProbeResult, type CheckerState, initialCheckerState } from './state-machine';
import { type DerivedState, settleVerdict } from './state-machine-aggregate';
import { type CheckerRegion, regionsOf } from './vantages';
import { settingsOf, verdictOf } from './verdicts';

/** Weight of the newest RTT in a checker's moving average (§5.5). */
export const RTT_EWMA_ALPHA = 0.3;

/** A checker's last probe of a check (memory only). */
export interface ProbeObservation {
  readonly at: number;
  readonly healthy: boolean;
  readonly reason: string;
  readonly statusCode: number | null;
  readonly rttMs: number | null;
  readonly connectMs: number | null;
  /** Moving average of rttMs over this checker's probes. */
  readonly averageRttMs: number | null;
  readonly shard: string;
}

export interface ShardSeen {
  readonly region: string;
  readonly intervalSeconds: number;
  readonly at: number;
  readonly checks: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const key = (id: string, region: string) => `${id} ${region}`;

export class ProbeLedger {
  private definitions = new Map<string, Definition>();
  private checkers = new Map<string, Map<string, CheckerState>>();
  private verdicts = new Map<string, DerivedState>();
  readonly observations = new Map<string, ProbeObservation>();
  readonly shards = new Map<string, ShardSeen>();

  constructor(private readonly sql: SqlStorage) {
    this.reload();
  }

  /** Reads the tables again (after a failed transaction left memory ahead of storage). */
  reload(): void {
    this.definitions = readDefinitions(this.sql);
    this.checkers = readCheckers(this.sql);
    this.verdicts = readVerdicts(this.sql);
  }

  definition(id: string): Definition | undefined {
    return this.definitions.get(id);
  }

  get size(): number {
    return this.definitions.size;
  }

  checkersOf(id: string): ReadonlyMap<string, CheckerState> {
    return this.checkers.get(id) ?? new Map();
  }

  verdict(id: string): DerivedState | undefined {
    return this.verdicts.get(id);
  }

  observation(id: string, region: string): ProbeObservation | undefined {
    return this.observations.get(key(id, region));
  }

  /**
   * Takes the current definitions: new and changed ones are stored, removed ones forgotten (with
   * their probe status), and every verdict is settled again. True when a published status moved.
   */
  sync(checks: readonly DefinedCheck[], defaults: readonly CheckerRegion[], now: number): boolean {
    let published = false;
    const seen = new Set<string>();
    for (const { id, config } of checks) {
      seen.add(id);
      const definition: Definition = { id, config, regions: regionsOf(config.Regions, defaults) };
      const before = this.definitions.get(id);
      if (before !== undefined && JSON.stringify(before) === JSON.stringify(definition)) continue;
      this.definitions.set(id, definition);
      writeDefinition(this.sql, definition);
      this.dropStaleCheckers(definition);
    }
    for (const id of [...this.definitions.keys()]) {
      if (seen.has(id)) continue;
      this.definitions.delete(id);
      this.checkers.delete(id);
      this.verdicts.delete(id);
      for (const k of [...this.observations.keys()]) if (k.startsWith(`${id} `)) this.observations.delete(k);
      forgetDefinition(this.sql, id);
      if (readCheck(this.sql, id)?.source === 'probe') published = deleteCheck(this.sql, id) || published;
    }
    return this.settle([...this.definitions.keys()], now) || published;
  }

  /** Counts one round of a shard's probes. True when a published status moved. */
  record(round: RoundReport, now: number): boolean {
    this.shards.set(round.shard, {
      region: round.region,
      intervalSeconds: round.intervalSeconds,
      at: now,
      checks: round.results.length,
    });
    const touched: string[] = [];
    for (const result of round.results) {
      const definition = this.definitions.get(result.id);
      if (definition === undefined || !definition.regions.includes(round.region as CheckerRegion)) continue;
      const settings = settingsOf(definition.config);
      const regions = this.checkers.get(result.id) ?? new Map<string, CheckerState>();
      this.checkers.set(result.id, regions);
      const current = regions.get(round.region) ?? initialCheckerState(settings, result.at);
      const { state } = applyProbeResult(current, settings, result, result.at);
      if (JSON.stringify(state) !== JSON.stringify(regions.get(round.region))) {
        regions.set(round.region, state);
        writeChecker(this.sql, result.id, round.region, state);
      }
      const before = this.observations.get(key(result.id, round.region));
      this.observations.set(key(result.id, round.region), {
        at: result.at,
        healthy: result.healthy,
        reason: result.reason,
        statusCode: result.statusCode,
        rttMs: result.rttMs,
        connectMs: result.connectMs,
        averageRttMs: average(before?.averageRttMs ?? null, result.rttMs),
        shard: round.shard,
      });
      touched.push(result.id);
    }
    return touched.length > 0 && this.settle(touched, now);
  }

  /** Puts the verdict back as the published status (after a manual status was cleared). */
  restore(id: string, now: number): boolean {
    const verdict = this.verdicts.get(id);
    return verdict !== undefined && this.publish(id, verdict, now);
  }

  /** Settles the verdicts of `ids`, then of every calculated check. */
  private settle(ids: readonly string[], now: number): boolean {
    let published = false;
    const calculated: string[] = [];
    for (const definition of this.definitions.values()) {
      if (definition.config.Type === 'CALCULATED') calculated.push(definition.id);
    }
    const probed = ids.filter((id) => this.definitions.get(id)?.config.Type !== 'CALCULATED');
    for (const id of [...probed, ...calculated]) published = this.settleOne(id, now) || published;
    return published;
  }

  private settleOne(id: string, now: number): boolean {
    const definition = this.definitions.get(id);
    if (definition === undefined) return false;
    const verdict = verdictOf(definition, this.checkers.get(id), (child) => this.childStatus(child));
    const current = this.verdicts.get(id) ?? null;
    const { state } = settleVerdict(current, verdict, now);
    if (current === null || current.healthy !== state.healthy) {
      writeVerdict(this.sql, id, state);
    }
    this.verdicts.set(id, state);
    return this.publish(id, state, now);
  }

  private childStatus(id: string): { healthy: boolean; disabled?: boolean } {
    const disabled = this.definitions.get(id)?.config.Disabled === true;
    const published = readCheck(this.sql, id);
    return { healthy: published?.healthy ?? true, disabled };
  }

  /** Writes a verdict as the published status unless a manual one holds; records a flip. */
  private publish(id: string, verdict: DerivedState, now: number): boolean {
    const current = readCheck(this.sql, id);
    if (current?.source === 'manual') return false;
    if (current !== null && current.healthy === verdict.healthy) return false;
    const state: CheckState = {
      healthy: verdict.healthy,
      since: iso(verdict.since),
      source: 'probe',
      reason: verdict.reason.slice(0, 256),
    };
    writeCheck(this.sql, id, state);
    if (current !== null) {
      insertTransition(this.sql, {
        checkId: id,
        at: now,
        healthy: verdict.healthy,
        previous: current.healthy,
        source: 'probe',
        reason: state.reason ?? '',
      });
    }
    return true;
  }

  /** Checkers of regions a check no longer uses stop counting. */
  private dropStaleCheckers(definition: Definition): void {
    const regions = this.checkers.get(definition.id);
    if (regions === undefined) return;
    for (const region of [...regions.keys()]) {
      if (definition.regions.includes(region as CheckerRegion)) continue;
      regions.delete(region);
      this.observations.delete(key(definition.id, region));
      deleteChecker(this.sql, definition.id, region);
    }
  }
}

function average(previous: number | null, sample: number | null): number | null {
  if (sample === null) return previous;
  if (previous === null) return sample;
  return Math.round((previous + RTT_EWMA_ALPHA * (sample - previous)) * 10) / 10;
}
