/**
 * The values the control plane's RPC surface (api.ts) is made of: changes, change info, write
 * options and results, and the tagged errors it can answer with. The HTTP layer maps each error
 * kind to a status in one exhaustive switch. Kept apart from api.ts because the modules behind
 * that surface use these too, and api.ts names their results.
 */

import type { Conflict, Invalid, NotFound, VersionConflict } from '../validation/problem';
import type { RecordSet } from '../zones/model';

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
