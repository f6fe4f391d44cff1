/**
 * The control plane's RPC surface: what the management API (http/api) asks the ControlPlane
 * Durable Object to do, and the tagged errors it can answer with. The HTTP layer maps each error
 * kind to a status in one exhaustive switch.
 */

import type { HealthCheckConfig } from '../health/check-config';
import type { Result } from '../result';
import type { Conflict, Invalid, NotFound, VersionConflict } from '../validation/problem';
import type { ZoneFormat } from '../zones/import';
import type { RecordSet, Zone } from '../zones/model';
import type { HealthCheckWriteResult } from './changes/health-check-writes';
import type { ZoneImportError } from './changes/zone-import';
import type { DeletableName, ResourceName, ResourceValues, WritableName } from './resources/table';

export type ChangeStatus = 'PENDING' | 'INSYNC';

/** Route 53's ChangeInfo, plus the config version the change produced. */
export interface ChangeInfo {
  readonly Id: string;
  readonly Status: ChangeStatus;
  readonly SubmittedAt: string;
  readonly Comment?: string;
  readonly Version: number;
}

export type ChangeAction = 'CREATE' | 'DELETE' | 'UPSERT';

/** One parsed change of a Route 53 ChangeBatch; `path` locates it in the request for problems. */
export interface Change {
  readonly action: ChangeAction;
  readonly recordSet: RecordSet;
  readonly path: string;
}

export interface ZoneSummary {
  readonly name: string;
  readonly recordSetCount: number;
  /** Config version of the last change to this zone. */
  readonly version: number;
  readonly updatedAt: string;
}

/** What the control plane refuses, from the one set of error kinds (src/validation/problem.ts). */
export type ControlError = Invalid | NotFound | VersionConflict | Conflict;

/** What a whole-zone write produced; `created` tells a new zone (HTTP 201) from a replaced one. */
export interface ZoneWriteResult {
  readonly changeInfo: ChangeInfo;
  readonly created: boolean;
}

/** What a CIDR-collection or region write produced (created: HTTP 201). */
export type ResourceWriteResult = ZoneWriteResult;

/** A stored config resource with the config version of its last change. */
export interface Versioned<T> {
  readonly value: T;
  readonly version: number;
  readonly updatedAt: string;
}

export interface WriteOptions {
  /** Refuse the write unless the current config version equals this (optimistic concurrency). */
  readonly expectedVersion?: number;
  readonly comment?: string;
}

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
