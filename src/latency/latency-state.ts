/**
 * Measured latency: one Durable Object (named "primary") holds colo × region and network × region
 * round-trip times in SQLite, imported through the management API now (probes later), and publishes
 * `latency/current` (snapshot.ts) to KV from its alarm after a change: 5 s after the first change
 * (imports within those seconds share one write), at most LATENCY_PACING allows (≤ 110 writes in
 * any 24 hours). The table is kept in memory too, so reads and publishes do not re-read SQLite.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import { err, ok, type Result } from '../result';
import type { PublishPacing } from '../signals/publish-pacing';
import type { SignalError } from '../signals/signal-error';
import { migrateSignal } from '../signals/signal-meta';
import { SignalPublisher, type SignalVersions } from '../signals/signal-publisher';
import { invalid } from '../validation/problem';
import type { LatencyImport } from './latency-api-parse';
import {
  deleteMeasurements,
  LATENCY_SCHEMA,
  latencySnapshotText,
  readMaxAge,
  readMeasurements,
  sortedMeasurements,
  upsertMeasurements,
  writeMaxAge,
} from './latency-store';
import { DEFAULT_MAX_AGE_SECONDS, MAX_MEASUREMENTS } from './latency-store-limits';
import { applyDiff, mergeDiff, replaceDiff, sizeAfter, type TableDiff } from './latency-store-merge';
import { LATENCY_KEY, type LatencyMeasurement } from './snapshot';

/** Published 5 s after a change; bursts of 10, then one write every 864 s: ≤ 110 a day. */
export const LATENCY_PACING: PublishPacing = { coalesceMs: 5_000, burst: 10, perDay: 100 };

export interface LatencyWriteResult {
  /** Latency version after the write. */
  readonly version: number;
  /** False when the write matched what was stored (nothing written, nothing to publish). */
  readonly changed: boolean;
  readonly maxAgeSeconds: number;
  readonly count: number;
}

export interface LatencyTable {
  readonly version: number;
  /** Time of the last change; null before any. */
  readonly updatedAt: string | null;
  readonly maxAgeSeconds: number;
  readonly measurements: readonly LatencyMeasurement[];
}

export class LatencyState extends DurableObject<Env> {
  /** The clock (injectable for tests). */
  now: () => number = () => Date.now();
  /** Where snapshots go (tests wrap it to count or fail writes). */
  kv: KVNamespace;
  private readonly publisher: SignalPublisher;
  private cached: Map<string, LatencyMeasurement> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.kv = env.SNAPSHOTS;
    this.publisher = new SignalPublisher(ctx.storage, LATENCY_KEY, LATENCY_PACING);
    void ctx.blockConcurrencyWhile(async () => {
      migrateSignal(ctx.storage.sql, 'latency-state', LATENCY_SCHEMA);
      await this.publisher.resume(this.now());
    });
  }

  /** The table becomes exactly `input`; MaxAgeSeconds defaults to 86,400. */
  async replace(input: LatencyImport): Promise<Result<LatencyWriteResult, SignalError>> {
    const table = this.table();
    return this.write(replaceDiff(table, input.measurements), input.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS);
  }

  /** Adds `input` to the table, the newest MeasuredAt winning per place and region. */
  async merge(input: LatencyImport): Promise<Result<LatencyWriteResult, SignalError>> {
    const table = this.table();
    const maxAge = input.maxAgeSeconds ?? readMaxAge(this.ctx.storage.sql);
    return this.write(mergeDiff(table, input.measurements), maxAge);
  }

  /** Empties the table and resets MaxAgeSeconds. */
  async clear(): Promise<LatencyWriteResult> {
    const result = await this.replace({ measurements: [] });
    if (!result.ok) throw new Error('clearing cannot break a limit');
    return result.value;
  }

  async read(): Promise<LatencyTable> {
    const meta = this.publisher.meta();
    return {
      version: meta.version,
      updatedAt: meta.version === 0 ? null : new Date(meta.changedAt).toISOString(),
      maxAgeSeconds: readMaxAge(this.ctx.storage.sql),
      measurements: sortedMeasurements(this.table()),
    };
  }

  async versions(): Promise<SignalVersions> {
    await this.publisher.resume(this.now());
    return this.publisher.versions();
  }

  /** Publishes the newest table if KV does not hold it yet (publish pacing permitting). */
  override async alarm(): Promise<void> {
    const sql = this.ctx.storage.sql;
    await this.publisher.publish(this.kv, this.now(), (meta) =>
      latencySnapshotText(this.table(), readMaxAge(sql), meta),
    );
  }

  private table(): Map<string, LatencyMeasurement> {
    this.cached ??= readMeasurements(this.ctx.storage.sql);
    return this.cached;
  }

  private async write(
    diff: TableDiff,
    maxAgeSeconds: number,
  ): Promise<Result<LatencyWriteResult, SignalError>> {
    const table = this.table();
    const sql = this.ctx.storage.sql;
    const size = sizeAfter(table, diff);
    if (size > MAX_MEASUREMENTS) {
      return err(
        invalid([
          {
            path: '/Measurements',
            message: `the table would hold ${size} measurements; at most ${MAX_MEASUREMENTS}`,
          },
        ]),
      );
    }
    const changed = diff.upserts.length > 0 || diff.deletes.length > 0 || maxAgeSeconds !== readMaxAge(sql);
    if (!changed) {
      return ok({ version: this.publisher.meta().version, changed, maxAgeSeconds, count: table.size });
    }
    const now = this.now();
    const version = this.ctx.storage.transactionSync(() => {
      deleteMeasurements(sql, diff.deletes);
      upsertMeasurements(sql, diff.upserts);
      writeMaxAge(sql, maxAgeSeconds);
      return this.publisher.recordChange(now);
    });
    // Only after the transaction committed; a failed one leaves the cache as it was.
    applyDiff(table, diff);
    await this.publisher.schedule(now);
    return ok({ version, changed, maxAgeSeconds, count: table.size });
  }
}
