/**
 * The control plane's RPC surface: what the management API (http/api) asks the ControlPlane
 * Durable Object to do (values and errors in types.ts).
 */
import type { HealthCheckConfig } from '../health/check-config';
import type { Result } from '../result';
import type { ZoneFormat } from '../zones/import';
import type { Zone } from '../zones/model';
import type { HealthCheckWriteResult } from './changes/health-check-writes';
import type { ZoneImportError } from './changes/zone-import';
import type { DeletableName, ResourceName, ResourceValues, WritableName } from './resources/table';
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

/** Methods the ControlPlane Durable Object exposes over RPC. */
export interface ControlPlaneApi {
  listZones(): Promise<ZoneSummary[]>;
  getZone(name: string): Promise<Zone | null>;
  /** Create or replace a zone's whole content. */
  putZone(zone: Zone, options: WriteOptions): Promise<Result<ZoneWriteResult, ControlError>>;
  /** Create or replace a zone from an uploaded BIND file or Route 53 JSON, parsed in the object. */
  importZone(
    name: string,
    format: ZoneFormat,
    body: ReadableStream<Uint8Array> | null,
    options: WriteOptions,
  ): Promise<Result<ZoneWriteResult, ZoneImportError>>;
  /** Apply a change batch to an existing zone, all or nothing. */
  applyChanges(
    zone: string,
    changes: readonly Change[],
    options: WriteOptions,
  ): Promise<Result<ChangeInfo, ControlError>>;
  deleteZone(name: string, options: WriteOptions): Promise<Result<ChangeInfo, ControlError>>;
  getChange(id: string): Promise<ChangeInfo | null>;
  /** CIDR collections (docs/routing-semantics.md §4.8), operator regions and health checks (resources/table.ts). */
  listResources<K extends ResourceName>(name: K): Promise<Versioned<ResourceValues[K]>[]>;
  getResource<K extends ResourceName>(name: K, id: string): Promise<Versioned<ResourceValues[K]> | null>;
  /** Create or replace a resource. */
  putResource<K extends WritableName>(
    name: K,
    value: ResourceValues[K],
    options: WriteOptions,
  ): Promise<Result<ResourceWriteResult, ControlError>>;
  /** Refused (conflict) while record sets, or calculated checks, use it. */
  deleteResource(
    name: DeletableName,
    id: string,
    options: WriteOptions,
  ): Promise<Result<ChangeInfo, ControlError>>;
  /** Create a check with a new id; idempotent for a CallerReference (docs/routing-semantics.md §6.4). */
  createHealthCheck(
    callerReference: string | undefined,
    config: HealthCheckConfig,
    options: WriteOptions,
  ): Promise<Result<HealthCheckWriteResult, ControlError>>;
  /** Replace a check's config; Type, RequestInterval and MeasureLatency cannot change. */
  updateHealthCheck(
    id: string,
    config: HealthCheckConfig,
    options: WriteOptions,
  ): Promise<Result<HealthCheckWriteResult, ControlError>>;
  /** Current committed and published versions. */
  versions(): Promise<{ readonly committed: number; readonly published: number }>;
}
