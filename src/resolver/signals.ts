/**
 * What the policies read besides the zones: health, measured latency and the client's request
 * properties. Built from isolate-memory snapshots; nothing here does I/O.
 */
import type { HealthSnapshot } from '../health/snapshot';
import type { LatencyIndex } from '../latency/model';

export interface HealthView {
  readonly version: number;
  /** A check with no result yet counts healthy (routing-semantics.md §2). */
  isHealthy(checkId: string): boolean;
  /** What the snapshot says, for explanations. */
  describe(checkId: string): string;
}

export function healthViewOf(snapshot: HealthSnapshot | null): HealthView {
  // A Map, not the parsed object: check ids such as "constructor" must not read the prototype.
  const checks = new Map(Object.entries(snapshot?.checks ?? {}));
  return {
    version: snapshot?.version ?? 0,
    isHealthy: (id) => checks.get(id)?.healthy ?? true,
    describe: (id) => {
      const c = checks.get(id);
      if (c === undefined) return 'no result yet (counts healthy)';
      return `${c.healthy ? 'healthy' : 'unhealthy'} since ${c.since} (${c.source}${c.reason ? `: ${c.reason}` : ''})`;
    },
  };
}

export interface Signals {
  readonly health: HealthView;
  readonly latency: LatencyIndex;
  readonly latencyVersion: number;
}

/** What the transport knows about the connecting client (request.cf, CF-Connecting-IP). */
export interface ClientInputs {
  readonly cf?: Readonly<Record<string, unknown>>;
  readonly connectingIp?: string | null;
}
