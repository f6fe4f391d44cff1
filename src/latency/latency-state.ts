/**
 * Measured latency: one Durable Object (named "primary") holds colo × region and network × region
 * round-trip times in SQLite, imported through the management API, sampled by the edge itself
 * (recordSamples), by the health probes (recordProbes) and by browsers through the client beacon
 * (recordNetworkSamples; cell-kinds.ts), and publishes
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
import {
  type CellKind,
  cellKeyOf,
  EDGE_CELLS,
  NETWORK_CELLS,
  type NetworkCell,
  type NetworkSample,
  PROBE_CELLS,
  type ProbedCell,
  type ProbeSample,
} from './cell-kinds';
import type { LatencyImport } from './latency-api-parse';
import {
  deleteCells,
  deleteMeasurements,
  LATENCY_SCHEMA,
  latencySnapshotText,
  readCells,
  readMaxAge,
  readMeasurements,
  sortedMeasurements,
  upsertCells,
  upsertMeasurements,
  writeMaxAge,
} from './latency-store';
import { DEFAULT_MAX_AGE_SECONDS, MAX_MEASUREMENTS } from './latency-store-limits';
import { applyDiff, mergeDiff, replaceDiff, sizeAfter, type TableDiff } from './latency-store-merge';
import { planFold } from './sample-fold';
import type { Ewma, LatencySample, SampledCell } from './sampled';
import { LATENCY_KEY, type LatencyMeasurement } from './snapshot';

/** Client-beacon cells read() lists (the table may hold MAX_NETWORK_CELLS). */
export const MAX_LISTED_NETWORKS = 1_000;

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
  /** Samples for new cells while the table held its kind's maxCells (cell-kinds.ts). */
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
  /** Probe RTTs, sorted by checker then check. */
  readonly probed: readonly ProbedCell[];
  /** The most recently updated client-beacon cells (at most MAX_LISTED_NETWORKS), newest first… */
  readonly networks: readonly NetworkCell[];
  /** …of this many. */
  readonly networkCount: number;
}

export class LatencyState extends DurableObject<Env> {
  /** The clock (injectable for tests). */
  now: () => number = () => Date.now();
  /** Where snapshots go (tests wrap it to count or fail writes). */
  kv: KVNamespace;
  private readonly publisher: SignalPublisher;
  private cached: Map<string, LatencyMeasurement> | null = null;
  private readonly cachedCells = new Map<string, Map<string, Ewma>>();
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
    return this.fold(EDGE_CELLS, samples);
  }

  /** Folds probe RTTs from checker regions (probe-feed.ts), as recordSamples does. */
  async recordProbes(samples: readonly ProbeSample[]): Promise<SampleBatchResult> {
    this.batches++;
    return this.fold(PROBE_CELLS, samples);
  }

  /** Folds RTTs browsers reported through the client beacon (client-beacons.ts), as recordSamples does. */
  async recordNetworkSamples(samples: readonly NetworkSample[]): Promise<SampleBatchResult> {
    this.batches++;
    return this.fold(NETWORK_CELLS, samples);
  }

  /** Forgets every cell the edge, the probes and the client beacons sampled (after a network change, or in tests). */
  async clearSampled(): Promise<{ readonly version: number; readonly cleared: number }> {
    const tables = [this.cells(EDGE_CELLS), this.cells(PROBE_CELLS), this.cells(NETWORK_CELLS)] as const;
    const cleared = tables.reduce((n, t) => n + t.size, 0);
    if (cleared === 0) return { version: this.publisher.meta().version, cleared: 0 };
    const now = this.now();
    const version = this.ctx.storage.transactionSync(() => {
      for (const kind of [EDGE_CELLS, PROBE_CELLS, NETWORK_CELLS]) {
        this.ctx.storage.sql.exec(`DELETE FROM ${kind.table}`);
      }
      return this.publisher.recordChange(now);
    });
    for (const t of tables) t.clear();
    await this.publisher.schedule(now);
    return { version, cleared };
  }

  /**
   * One batch of `kind` into its cells: invalid samples are counted with their first reasons, a
   * sample that would start a cell past `kind.maxCells` is dropped, cells silent for a day are
   * deleted; one transaction, one publish scheduled.
   */
  private async fold<S extends { rttMs: number; at: number }, C extends Ewma>(
    kind: CellKind<S, C>,
    samples: readonly S[],
  ): Promise<SampleBatchResult> {
    const now = this.now();
    const cells = this.cells(kind);
    const plan = planFold(kind, cells, samples, now);
    const { changed, expired } = plan;
    let version = this.publisher.meta().version;
    if (changed.size > 0 || expired.length > 0) {
      const sql = this.ctx.storage.sql;
      version = this.ctx.storage.transactionSync(() => {
        upsertCells(sql, kind, changed.values());
        deleteCells(sql, kind, expired);
        return this.publisher.recordChange(now);
      });
      // Only after the transaction committed; a failed one leaves the cells as they were.
      for (const [key, cell] of changed) cells.set(key, cell);
      for (const cell of expired) cells.delete(cellKeyOf(kind, cell));
      await this.publisher.schedule(now);
    }
    return {
      recorded: plan.considered - plan.invalid - plan.full,
      invalid: plan.invalid,
      reasons: plan.reasons,
      full: plan.full,
      overflow: samples.length - plan.considered,
      cells: cells.size,
      version,
    };
  }

  async read(): Promise<LatencyTable> {
    const meta = this.publisher.meta();
    const sorted = <C extends Ewma>(cells: ReadonlyMap<string, C>): C[] =>
      [...cells.keys()].sort().map((key) => cells.get(key) as C);
    return {
      version: meta.version,
      updatedAt: meta.version === 0 ? null : new Date(meta.changedAt).toISOString(),
      maxAgeSeconds: readMaxAge(this.ctx.storage.sql),
      measurements: sortedMeasurements(this.table()),
      sampled: sorted(this.cells(EDGE_CELLS)),
      probed: sorted(this.cells(PROBE_CELLS)),
      networks: [...this.cells(NETWORK_CELLS).values()]
        .sort((a, b) => b.updatedAt - a.updatedAt)
        .slice(0, MAX_LISTED_NETWORKS),
      networkCount: this.cells(NETWORK_CELLS).size,
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
      latencySnapshotText(
        this.table(),
        { edge: this.cells(EDGE_CELLS), probe: this.cells(PROBE_CELLS), network: this.cells(NETWORK_CELLS) },
        readMaxAge(sql),
        meta,
        this.now(),
      ),
    );
  }

  private table(): Map<string, LatencyMeasurement> {
    this.cached ??= readMeasurements(this.ctx.storage.sql);
    return this.cached;
  }

  /** The cells of `kind`, read from SQLite once. */
  private cells<S extends { rttMs: number; at: number }, C extends Ewma>(
    kind: CellKind<S, C>,
  ): Map<string, C> {
    let cells = this.cachedCells.get(kind.name) as Map<string, C> | undefined;
    if (cells === undefined) {
      cells = readCells(this.ctx.storage.sql, kind);
      this.cachedCells.set(kind.name, cells as Map<string, Ewma>);
    }
    return cells;
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
