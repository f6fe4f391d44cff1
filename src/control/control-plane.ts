/**
 * The control plane: one Durable Object (named "primary") that owns every hosted zone, CIDR
 * collection and operator region in SQLite, serialises writes, numbers them with one config
 * version, and publishes the compiled config to KV from its alarm (so a KV failure is retried by
 * the runtime). RPC surface: ControlPlaneApi (api.ts).
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import type { HealthCheckConfig } from '../health/check-config';
import { outboundPolicy } from '../outbound/targets';
import type { Result } from '../result';
import type { PublishPacing } from '../signals/publish-pacing';
import type { ZoneFormat } from '../zones/import';
import type { Zone } from '../zones/model';
import type { ControlPlaneApi } from './api';
import { newChangeId, parseChangeId, toChangeInfo } from './changes/change-info';
import * as healthChecks from './changes/health-check-writes';
import * as resources from './changes/resource-writes';
import { applyChanges, deleteZone, putZone, type WriteDeps } from './changes/writes';
import { importZone, type ZoneImportError } from './changes/zone-import';
import { snapshotText, sortRecordSets, zoneFragmentFromRows } from './publish/compile';
import { CONFIG_PACING, nextPublishAt, publishConfig } from './publish/config-publisher';
import {
  type DeletableName,
  type ResourceName,
  type ResourceValues,
  STORED,
  type WritableName,
} from './resources/table';
import { readZoneRRsets, readZoneSets } from './store/record-store';
import { snapshotResources } from './store/resource-store';
import { listResources, readResource } from './store/rows';
import { migrate } from './store/schema';
import { listZoneRows, type Meta, readChange, readMeta, readZoneRow } from './store/store';
import { ZoneCache } from './store/zone-cache';
import type {
  Change,
  ChangeInfo,
  ControlError,
  ResourceWriteResult,
  Versioned,
  WriteOptions,
  ZoneSummary,
  ZoneWriteResult,
} from './types';

const iso = (ms: number): string => new Date(ms).toISOString();

export class ControlPlane extends DurableObject<Env> implements ControlPlaneApi {
  /** Delay between a commit and its publication (writes within it share one). Tests raise it to see PENDING. */
  publishDelayMs = CONFIG_PACING.coalesceMs;
  /** Ids of new health checks (injectable for tests). */
  newHealthCheckId: () => string = () => crypto.randomUUID();
  /** The clock (injectable for tests). */
  now: () => number = () => Date.now();
  private readonly cache = new ZoneCache();
  /** The import being read and parsed; the next waits for it (zone-import.ts, importZone). */
  private importing: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      ctx.storage.transactionSync(() => migrate(ctx.storage.sql));
      await this.resumePublishing(readMeta(ctx.storage.sql));
    });
  }

  private get deps(): WriteDeps {
    return {
      storage: this.ctx.storage,
      now: () => this.now(),
      newChangeId: () => newChangeId(),
      cache: this.cache,
    };
  }

  /** The write deps, and the outbound targets this Worker's vars allow (checked again here). */
  private get healthCheckDeps(): healthChecks.HealthCheckDeps {
    return { ...this.deps, outbound: outboundPolicy(this.env) };
  }

  async listZones(): Promise<ZoneSummary[]> {
    return listZoneRows(this.ctx.storage.sql).map((row) => ({
      name: row.name,
      recordSetCount: row.recordSetCount,
      version: row.version,
      updatedAt: row.updatedAt,
    }));
  }

  async getZone(name: string): Promise<Zone | null> {
    const sql = this.ctx.storage.sql;
    const row = readZoneRow(sql, name);
    if (row === null) return null;
    const sets = this.cache.sets(name, row.version, () => readZoneSets(sql, name));
    return { name, recordSets: sortRecordSets(name, [...sets.values()]) };
  }

  async putZone(zone: Zone, options: WriteOptions): Promise<Result<ZoneWriteResult, ControlError>> {
    const result = putZone(this.deps, zone, options);
    if (result.ok) await this.schedulePublish();
    return result;
  }

  /**
   * Reads, parses and commits an uploaded zone. Imports run one at a time, so the object holds at
   * most one zone document (up to 32 MiB of text and its parse) however many are sent at once;
   * other calls are answered meanwhile.
   */
  async importZone(
    name: string,
    format: ZoneFormat,
    body: ReadableStream<Uint8Array> | null,
    options: WriteOptions,
  ): Promise<Result<ZoneWriteResult, ZoneImportError>> {
    const run = this.importing.then(() => importZone(this.deps, name, format, body, options));
    this.importing = run.catch(() => undefined);
    const result = await run;
    if (result.ok) await this.schedulePublish();
    return result;
  }

  async applyChanges(
    zone: string,
    changes: readonly Change[],
    options: WriteOptions,
  ): Promise<Result<ChangeInfo, ControlError>> {
    const result = applyChanges(this.deps, zone, changes, options);
    if (result.ok) await this.schedulePublish();
    return result;
  }

  async deleteZone(name: string, options: WriteOptions): Promise<Result<ChangeInfo, ControlError>> {
    const result = deleteZone(this.deps, name, options);
    if (result.ok) await this.schedulePublish();
    return result;
  }

  async getChange(id: string): Promise<ChangeInfo | null> {
    const bare = parseChangeId(id);
    const sql = this.ctx.storage.sql;
    const row = bare === null ? null : readChange(sql, bare);
    const meta = readMeta(sql);
    await this.resumePublishing(meta);
    return row === null ? null : toChangeInfo(row, meta.published);
  }

  async listResources<K extends ResourceName>(name: K): Promise<Versioned<ResourceValues[K]>[]> {
    return listResources(this.ctx.storage.sql, STORED[name]);
  }

  async getResource<K extends ResourceName>(
    name: K,
    id: string,
  ): Promise<Versioned<ResourceValues[K]> | null> {
    return readResource(this.ctx.storage.sql, STORED[name], id);
  }

  async putResource<K extends WritableName>(
    name: K,
    value: ResourceValues[K],
    options: WriteOptions,
  ): Promise<Result<ResourceWriteResult, ControlError>> {
    return this.published(resources.putResource(this.healthCheckDeps, name, value, options));
  }

  async deleteResource(
    name: DeletableName,
    id: string,
    options: WriteOptions,
  ): Promise<Result<ChangeInfo, ControlError>> {
    return this.published(resources.deleteResource(this.deps, name, id, options));
  }

  async createHealthCheck(
    callerReference: string | undefined,
    config: HealthCheckConfig,
    options: WriteOptions,
  ): Promise<Result<healthChecks.HealthCheckWriteResult, ControlError>> {
    const id = this.newHealthCheckId();
    return this.published(
      healthChecks.createHealthCheck(this.healthCheckDeps, id, callerReference, config, options),
    );
  }

  async updateHealthCheck(
    id: string,
    config: HealthCheckConfig,
    options: WriteOptions,
  ): Promise<Result<healthChecks.HealthCheckWriteResult, ControlError>> {
    return this.published(healthChecks.updateHealthCheck(this.healthCheckDeps, id, config, options));
  }

  async versions(): Promise<{ readonly committed: number; readonly published: number }> {
    const meta = readMeta(this.ctx.storage.sql);
    await this.resumePublishing(meta);
    return { committed: meta.committed, published: meta.published };
  }

  /** Publishes the committed config when due (config-publisher.ts), then prunes replaced blobs. */
  override async alarm(): Promise<void> {
    const next = await publishConfig({
      storage: this.ctx.storage,
      kv: this.env.SNAPSHOTS,
      now: () => this.now(),
      pacing: this.pacing,
      compile: (meta) => this.compileSnapshot(meta),
    });
    if (next !== null) await this.alarmNoLaterThan(next);
  }

  /** The ConfigSnapshot JSON of the committed config (all zones, from cache where unchanged). */
  compileSnapshot(meta: Pick<Meta, 'committed' | 'committedAt' | 'published'>): string {
    const sql = this.ctx.storage.sql;
    const fragments = listZoneRows(sql).map((row) =>
      this.cache.fragment(row.name, row.version, () =>
        zoneFragmentFromRows(row.name, readZoneRRsets(sql, row.name)),
      ),
    );
    return snapshotText(meta.committed, iso(meta.committedAt), fragments, snapshotResources(sql));
  }

  /** Schedules the publication of a committed write. */
  private async published<T>(result: Result<T, ControlError>): Promise<Result<T, ControlError>> {
    if (result.ok) await this.schedulePublish();
    return result;
  }

  /**
   * A publish whose alarm gave up (the runtime retries a failing alarm a few times) is scheduled
   * again on restart and whenever someone asks about versions or changes, e.g. a client polling
   * for INSYNC.
   */
  private async resumePublishing(meta: Meta): Promise<void> {
    const at = nextPublishAt(meta, this.now(), this.pacing);
    if (at !== null) await this.alarmNoLaterThan(at);
  }

  private async schedulePublish(): Promise<void> {
    const at = nextPublishAt(readMeta(this.ctx.storage.sql), this.now(), this.pacing);
    if (at !== null) await this.alarmNoLaterThan(at);
  }

  private async alarmNoLaterThan(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  private get pacing(): PublishPacing {
    return { ...CONFIG_PACING, coalesceMs: this.publishDelayMs };
  }
}
