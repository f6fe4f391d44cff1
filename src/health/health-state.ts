/**
 * Health statuses: one Durable Object (named "primary") holds every check's status in SQLite and
 * publishes `health/current` (snapshot.ts) to KV from its alarm, only after a status changed and
 * at most HEALTH_PACING allows (≤ 330 writes in any 24 hours).
 *
 * Statuses come from the probes (prober shards report each round; probe-ledger.ts turns rounds into
 * verdicts) or are set by hand through the management API, which overrides the probes until
 * cleared. Every flip of a published status is recorded (the status API shows the last ones) and
 * handed to webhooks without holding up the probes.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import { err, ok, type Result } from '../result';
import type { PublishPacing } from '../signals/publish-pacing';
import type { SignalError } from '../signals/signal-error';
import { migrateSignal } from '../signals/signal-meta';
import { SignalPublisher, type SignalVersions } from '../signals/signal-publisher';
import { invalid } from '../validation/problem';
import { healthWebhooks } from '../webhooks/client';
import { checkIdProblem, nextCheckState, type Observation, reasonProblem } from './check-status';
import {
  countChecks,
  deleteCheck,
  HEALTH_SCHEMA,
  healthSnapshotText,
  listChecks,
  readCheck,
  writeCheck,
} from './health-store';
import type { DefinedCheck } from './probe-jobs';
import { ProbeLedger, type ProbeObservation, type ShardSeen } from './probe-ledger';
import {
  type Definition,
  insertTransition,
  markNotified,
  recentTransitions,
  type TransitionRow,
  unnotifiedTransitions,
} from './probe-store';
import type { RoundReport } from './round-report';
import { type CheckState, HEALTH_KEY } from './snapshot';
import type { CheckerState } from './state-machine';
import type { DerivedState } from './state-machine-aggregate';
import type { StatusInput } from './status-input';
import type { CheckerRegion } from './vantages';
import type { HealthEvent } from './webhook-event';

/** Published 1 s after a change; bursts of 30, then one write every 288 s: ≤ 330 a day. */
export const HEALTH_PACING: PublishPacing = { coalesceMs: 1_000, burst: 30, perDay: 300 };

/** Checks with a result; keeps the snapshot small (≈ 100 bytes each). */
export const MAX_CHECKS = 10_000;

export interface CheckStatus extends CheckState {
  readonly id: string;
}

/** A check's status with the health version current after the call. */
export interface CheckStatusResult extends CheckStatus {
  readonly version: number;
}

export interface HealthList {
  readonly version: number;
  readonly checks: readonly CheckStatus[];
}

/** Everything the status API shows about one check. */
export interface CheckDetail {
  readonly id: string;
  readonly version: number;
  readonly status: CheckState | null;
  readonly definition: Definition | null;
  readonly verdict: DerivedState | null;
  readonly checkers: readonly {
    readonly region: string;
    readonly state: CheckerState | null;
    readonly observation: ProbeObservation | null;
  }[];
  readonly transitions: readonly TransitionRow[];
}

/** Transitions handed to webhooks per attempt. */
const NOTIFY_BATCH = 100;
/** After a failed hand-over, the alarm tries again this much later. */
export const NOTIFY_RETRY_MS = 30_000;

const iso = (ms: number): string => new Date(ms).toISOString();

function eventOf(row: TransitionRow): HealthEvent {
  return {
    id: `hc-${row.seq}`,
    type: 'health-check.status-changed',
    healthCheckId: row.checkId,
    healthy: row.healthy,
    previousHealthy: row.previous,
    at: iso(row.at),
    reason: row.reason,
    source: row.source,
  };
}

export class HealthState extends DurableObject<Env> {
  /** The clock (injectable for tests). */
  now: () => number = () => Date.now();
  /** Where snapshots go (tests wrap it to count or fail writes). */
  kv: KVNamespace;
  /** Where status changes go: the webhooks object stores them durably and delivers them. */
  notify: (events: HealthEvent[]) => Promise<void> = async (events) => {
    await healthWebhooks(this.env).enqueue(events);
  };
  private readonly publisher: SignalPublisher;
  private ledger!: ProbeLedger;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.kv = env.SNAPSHOTS;
    this.publisher = new SignalPublisher(ctx.storage, HEALTH_KEY, HEALTH_PACING);
    void ctx.blockConcurrencyWhile(async () => {
      migrateSignal(ctx.storage.sql, 'health-state', HEALTH_SCHEMA);
      this.ledger = new ProbeLedger(ctx.storage.sql);
      await this.publisher.resume(this.now());
    });
  }

  /** Sets a check's status by hand (source 'manual'). */
  async setStatus(id: string, input: StatusInput): Promise<Result<CheckStatusResult, SignalError>> {
    return this.observe(id, { ...input, source: 'manual' });
  }

  /** Back to "no result yet" (counts healthy). */
  async clearStatus(id: string): Promise<Result<{ cleared: boolean; version: number }, SignalError>> {
    const problem = checkIdProblem(id, 'id');
    if (problem !== null) return err(invalid([problem]));
    const now = this.now();
    const sql = this.ctx.storage.sql;
    const before = readCheck(sql, id);
    if (before?.source !== 'manual') return ok({ cleared: false, version: this.publisher.meta().version });
    const version = this.change(() => {
      deleteCheck(sql, id);
      if (this.ledger.restore(id, now)) {
        const after = readCheck(sql, id);
        if (after !== null && after.healthy !== before.healthy) this.recordFlip(id, after, before, now);
      }
      return true;
    });
    await this.afterChange(now);
    return ok({ cleared: true, version: version ?? this.publisher.meta().version });
  }

  async getStatus(id: string): Promise<CheckStatusResult | null> {
    const state = readCheck(this.ctx.storage.sql, id);
    return state === null ? null : { id, ...state, version: this.publisher.meta().version };
  }

  async list(): Promise<HealthList> {
    const sql = this.ctx.storage.sql;
    const checks = listChecks(sql).map((row) => ({ id: row.id, ...row.state }));
    return { version: this.publisher.meta().version, checks };
  }

  async versions(): Promise<SignalVersions> {
    await this.publisher.resume(this.now());
    return this.publisher.versions();
  }

  /** The scheduler's definitions (every minute, and after each health-check write). */
  async sync(
    checks: readonly DefinedCheck[],
    defaults: readonly CheckerRegion[],
  ): Promise<{ version: number }> {
    const now = this.now();
    const version = this.change(() => this.ledger.sync(checks, defaults, now));
    await this.afterChange(now);
    return { version: version ?? this.publisher.meta().version };
  }

  /** One round of a prober shard. */
  async report(round: RoundReport): Promise<void> {
    const now = this.now();
    this.change(() => this.ledger.record(round, now));
    await this.afterChange(now);
  }

  /** A check's status, definition as synced, checkers with their last probe, and last flips. */
  async detail(id: string): Promise<CheckDetail> {
    const sql = this.ctx.storage.sql;
    const definition = this.ledger.definition(id) ?? null;
    const states = this.ledger.checkersOf(id);
    const regions = new Set<string>([...(definition?.regions ?? []), ...states.keys()]);
    return {
      id,
      version: this.publisher.meta().version,
      status: readCheck(sql, id),
      definition,
      verdict: this.ledger.verdict(id) ?? null,
      checkers: [...regions].map((region) => ({
        region,
        state: states.get(region) ?? null,
        observation: this.ledger.observation(id, region) ?? null,
      })),
      transitions: recentTransitions(sql, id),
    };
  }

  /** The prober shards that reported since this object started, with their last round. */
  async shards(): Promise<Record<string, ShardSeen>> {
    return Object.fromEntries(this.ledger.shards);
  }

  /** Publishes the newest statuses if KV does not hold them yet, and retries webhook hand-overs. */
  override async alarm(): Promise<void> {
    const sql = this.ctx.storage.sql;
    await this.publisher.publish(this.kv, this.now(), (meta) => healthSnapshotText(sql, meta));
    await this.notifyPending();
  }

  /** Runs a write in one transaction; bumps the version when it says something published moved. */
  private change(write: () => boolean): number | null {
    try {
      return this.ctx.storage.transactionSync(() =>
        write() ? this.publisher.recordChange(this.now()) : null,
      );
    } catch (error) {
      this.ledger.reload();
      throw error;
    }
  }

  private async afterChange(now: number): Promise<void> {
    await this.publisher.schedule(now);
    if (unnotifiedTransitions(this.ctx.storage.sql, 1).length > 0) this.ctx.waitUntil(this.notifyPending());
  }

  private recordFlip(id: string, after: CheckState, before: CheckState, now: number): void {
    insertTransition(this.ctx.storage.sql, {
      checkId: id,
      at: now,
      healthy: after.healthy,
      previous: before.healthy,
      source: after.source,
      reason: after.reason ?? '',
    });
  }

  /** Hands recorded flips to webhooks; a failure leaves them for the alarm to retry. */
  private async notifyPending(): Promise<void> {
    const sql = this.ctx.storage.sql;
    for (;;) {
      const rows = unnotifiedTransitions(sql, NOTIFY_BATCH);
      const last = rows[rows.length - 1];
      if (last === undefined) return;
      try {
        await this.notify(rows.map(eventOf));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        console.error(`health: handing ${rows.length} status changes to webhooks failed: ${message}`);
        const retryAt = this.now() + NOTIFY_RETRY_MS;
        const alarm = await this.ctx.storage.getAlarm();
        if (alarm === null || alarm > retryAt) await this.ctx.storage.setAlarm(retryAt);
        return;
      }
      markNotified(sql, last.seq);
      if (rows.length < NOTIFY_BATCH) return;
    }
  }

  private async observe(
    id: string,
    observation: Observation,
  ): Promise<Result<CheckStatusResult, SignalError>> {
    const problems = [checkIdProblem(id, 'id'), reasonProblem(observation.reason, '/Reason')].filter(
      (p) => p !== null,
    );
    if (problems.length > 0) return err(invalid(problems));
    const sql = this.ctx.storage.sql;
    const current = readCheck(sql, id);
    if (current === null && countChecks(sql) >= MAX_CHECKS) {
      return err(invalid([{ path: 'id', message: `at most ${MAX_CHECKS} checks can have a status` }]));
    }
    const now = this.now();
    const { state, changed } = nextCheckState(current, observation, iso(now));
    if (!changed) return ok({ id, ...state, version: this.publisher.meta().version });
    const version = this.change(() => {
      writeCheck(sql, id, state);
      if (current !== null && current.healthy !== state.healthy) this.recordFlip(id, state, current, now);
      return true;
    });
    await this.afterChange(now);
    return ok({ id, ...state, version: version ?? this.publisher.meta().version });
  }
}
