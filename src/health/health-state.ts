/**
 * Health statuses: one Durable Object (named "primary") holds every check's status in SQLite and
 * publishes `health/current` (snapshot.ts) to KV from its alarm, only after a status changed and
 * at most HEALTH_PACING allows (≤ 330 writes in any 24 hours). Statuses are set through the
 * management API until the probes arrive; both go through `nextCheckState`.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import { err, ok, type Result } from '../result';
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
import type { PublishPacing } from './publish-pacing';
import { invalidSignal, type SignalError } from './signal-error';
import { migrateSignal } from './signal-meta';
import { SignalPublisher, type SignalVersions } from './signal-publisher';
import { type CheckState, HEALTH_KEY } from './snapshot';
import type { StatusInput } from './status-input';

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

const iso = (ms: number): string => new Date(ms).toISOString();

export class HealthState extends DurableObject<Env> {
  /** The clock (injectable for tests). */
  now: () => number = () => Date.now();
  /** Where snapshots go (tests wrap it to count or fail writes). */
  kv: KVNamespace;
  private readonly publisher: SignalPublisher;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.kv = env.SNAPSHOTS;
    this.publisher = new SignalPublisher(ctx.storage, HEALTH_KEY, HEALTH_PACING);
    void ctx.blockConcurrencyWhile(async () => {
      migrateSignal(ctx.storage.sql, 'health-state', HEALTH_SCHEMA);
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
    if (problem !== null) return err(invalidSignal([problem]));
    const now = this.now();
    const sql = this.ctx.storage.sql;
    const version = this.ctx.storage.transactionSync(() =>
      deleteCheck(sql, id) ? this.publisher.recordChange(now) : null,
    );
    if (version === null) return ok({ cleared: false, version: this.publisher.meta().version });
    await this.publisher.schedule(now);
    return ok({ cleared: true, version });
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

  /** Publishes the newest statuses if KV does not hold them yet (publish pacing permitting). */
  override async alarm(): Promise<void> {
    const sql = this.ctx.storage.sql;
    await this.publisher.publish(this.kv, this.now(), (meta) => healthSnapshotText(sql, meta));
  }

  private async observe(
    id: string,
    observation: Observation,
  ): Promise<Result<CheckStatusResult, SignalError>> {
    const problems = [checkIdProblem(id, 'id'), reasonProblem(observation.reason, '/Reason')].filter(
      (p) => p !== null,
    );
    if (problems.length > 0) return err(invalidSignal(problems));
    const sql = this.ctx.storage.sql;
    const current = readCheck(sql, id);
    if (current === null && countChecks(sql) >= MAX_CHECKS) {
      return err(invalidSignal([{ path: 'id', message: `at most ${MAX_CHECKS} checks can have a status` }]));
    }
    const now = this.now();
    const { state, changed } = nextCheckState(current, observation, iso(now));
    if (!changed) return ok({ id, ...state, version: this.publisher.meta().version });
    const version = this.ctx.storage.transactionSync(() => {
      writeCheck(sql, id, state);
      return this.publisher.recordChange(now);
    });
    await this.publisher.schedule(now);
    return ok({ id, ...state, version });
  }
}
