/**
 * Measured latency: one Durable Object (named "primary") holds colo × region and network × region
 * round-trip times in SQLite, imported through the management API and sampled by the edge itself
 * (recordSamples, sampled.ts), and publishes
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
  deleteSampled,
  LATENCY_SCHEMA,
  latencySnapshotText,
  readMaxAge,
  readMeasurements,
  readSampled,
  sortedMeasurements,
  upsertMeasurements,
  upsertSampled,
  writeMaxAge,
} from './latency-store';
import { DEFAULT_MAX_AGE_SECONDS, MAX_MEASUREMENTS } from './latency-store-limits';
import { applyDiff, mergeDiff, replaceDiff, sizeAfter, type TableDiff } from './latency-store-merge';
import {
  addSample,
  cellKey,
  type LatencySample,
  MAX_SAMPLE_BATCH,
  MAX_SAMPLED_CELLS,
  type SampledCell,
  sampleProblem,
} from './sampled';
import { LATENCY_KEY, type LatencyMeasurement } from './snapshot';

/** Sampled cells whose newest sample is older than this are deleted (a day of silence). */
const SAMPLED_RETENTION_MS = 24 * 3_600_000;

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

export interface SampleBatchResult {
  /** Samples folded into the table. */
  readonly recorded: number;
  /** Samples refused: bad colo, region, RTT or time (the first reasons are listed). */
  readonly invalid: number;
  readonly reasons: readonly string[];
  /** Samples for new cells while the table held MAX_SAMPLED_CELLS. */
  readonly full: number;
  /** Beyond MAX_SAMPLE_BATCH in one call. */
  readonly overflow: number;
  readonly cells: number;
  readonly version: number;
}

export interface LatencyTable {
  readonly version: number;
  /** Time of the last change; null before any. */
  readonly updatedAt: string | null;
  readonly maxAgeSeconds: number;
  readonly measurements: readonly LatencyMeasurement[];
  /** The edge's own samples, sorted by colo then region. */
  readonly sampled: readonly SampledCell[];
}

export class LatencyState extends DurableObject<Env> {
  /** The clock (injectable for tests). */
  now: () => number = () => Date.now();
  /** Where snapshots go (tests wrap it to count or fail writes). */
  kv: KVNamespace;
  private readonly publisher: SignalPublisher;
  private cached: Map<string, LatencyMeasurement> | null = null;
  private cachedSampled: Map<string, SampledCell> | null = null;
  /** Sample batches received since this object started (tests count DO calls with it). */
  batches = 0;

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

  /**
   * Folds a batch of edge samples (edge-sampler.ts) into the sampled cells: one EWMA step per
   * sample, one transaction, one publish scheduled (paced like every other change).
   */
  async recordSamples(samples: readonly LatencySample[]): Promise<SampleBatchResult> {
    this.batches++;
    const now = this.now();
    const cells = this.sampledCells();
    const batch = samples.slice(0, MAX_SAMPLE_BATCH);
    const changed = new Map<string, SampledCell>();
    const reasons: string[] = [];
    let invalidCount = 0;
    let full = 0;
    for (const sample of batch) {
      const problem = sampleProblem(sample, now);
      if (problem !== null) {
        invalidCount++;
        if (reasons.length < 5) reasons.push(problem);
        continue;
      }
      const key = cellKey(sample.colo, sample.region);
      const before = changed.get(key) ?? cells.get(key);
      if (before === undefined && cells.size + changed.size >= MAX_SAMPLED_CELLS && !changed.has(key)) {
        full++;
        continue;
      }
      changed.set(key, addSample(before, sample));
    }
    const expired = [...cells.values()].filter(
      (c) => now - c.updatedAt > SAMPLED_RETENTION_MS && !changed.has(cellKey(c.colo, c.region)),
    );
    let version = this.publisher.meta().version;
    if (changed.size > 0 || expired.length > 0) {
      const sql = this.ctx.storage.sql;
      version = this.ctx.storage.transactionSync(() => {
        upsertSampled(sql, changed.values());
        deleteSampled(sql, expired);
        return this.publisher.recordChange(now);
      });
      for (const [key, cell] of changed) cells.set(key, cell);
      for (const cell of expired) cells.delete(cellKey(cell.colo, cell.region));
      await this.publisher.schedule(now);
    }
    return {
      recorded: batch.length - invalidCount - full,
      invalid: invalidCount,
      reasons,
      full,
      overflow: samples.length - batch.length,
      cells: cells.size,
      version,
    };
  }

  /** Forgets every sampled cell (after a network change, or in tests). */
  async clearSampled(): Promise<{ readonly version: number; readonly cleared: number }> {
    const cells = this.sampledCells();
    if (cells.size === 0) return { version: this.publisher.meta().version, cleared: 0 };
    const now = this.now();
    const cleared = cells.size;
    const version = this.ctx.storage.transactionSync(() => {
      this.ctx.storage.sql.exec('DELETE FROM sampled');
      return this.publisher.recordChange(now);
    });
    cells.clear();
    await this.publisher.schedule(now);
    return { version, cleared };
  }

  async read(): Promise<LatencyTable> {
    const meta = this.publisher.meta();
    const cells = this.sampledCells();
    return {
      version: meta.version,
      updatedAt: meta.version === 0 ? null : new Date(meta.changedAt).toISOString(),
      maxAgeSeconds: readMaxAge(this.ctx.storage.sql),
      measurements: sortedMeasurements(this.table()),
      sampled: [...cells.keys()].sort().map((key) => cells.get(key) as SampledCell),
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
      latencySnapshotText(this.table(), this.sampledCells(), readMaxAge(sql), meta),
    );
  }

  private table(): Map<string, LatencyMeasurement> {
    this.cached ??= readMeasurements(this.ctx.storage.sql);
    return this.cached;
  }

  private sampledCells(): Map<string, SampledCell> {
    this.cachedSampled ??= readSampled(this.ctx.storage.sql);
    return this.cachedSampled;
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
