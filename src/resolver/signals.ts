/**
 * What the policies read besides the zones: health, measured latency and the client's request
 * properties. Built from isolate-memory snapshots; nothing here does I/O.
 */
import type { LatencyIndex } from '../latency/latency-index';
import type { HealthView } from '../policy/health';

export { type HealthView, healthViewOf } from '../policy/health';

export interface Signals {
  readonly health: HealthView;
  readonly latency: LatencyIndex;
  readonly latencyVersion: number;
}

/** What the transport knows about the connecting client (request.cf, CF-Connecting-IP). */
export type { ClientFacts as ClientInputs } from '../policy/client-locator';
