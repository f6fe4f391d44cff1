/**
 * Passive health and per-member counters, in isolate memory. An isolate serves one colo, so this
 * is "as this colo sees the member", ahead of the probes: 3 consecutive failed attempts mark a
 * member down (the policy then skips it through the health view). It comes back when the health
 * snapshot has a newer version than the one it was marked under and that version says its check is
 * healthy, or, after 30 s, for a single trial request (which clears it on success, or restarts
 * the 30 s on failure or if the policy did not pick it).
 *
 * Keyed by the RDATA that leads to the member (an address, or a CNAME's hostname), so the state
 * survives config versions. At most `limit` entries (1,024 by default): the least recently used
 * entry is dropped to make room.
 */
import type { HealthView } from '../policy/health';

export const FAILURES_TO_MARK_DOWN = 3;
export const TRIAL_AFTER_MS = 30_000;
export const PASSIVE_HEALTH_LIMIT = 1_024;

interface Entry {
  /** The address or hostname, for the debug header. */
  label: string;
  requests: number;
  failures: number;
  consecutive: number;
  /** When marked down (or when its last trial was granted); null while up. */
  downAt: number | null;
  /** The health snapshot version when it was marked down. */
  healthVersion: number;
}

export interface MemberCounters {
  readonly requests: number;
  readonly failures: number;
  readonly down: boolean;
}

export class PassiveHealth {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number = Date.now,
    readonly limit = PASSIVE_HEALTH_LIMIT,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** One attempt's outcome; the entry becomes the most recently used. */
  record(key: string, label: string, succeeded: boolean, healthVersion: number): void {
    const e = this.entries.get(key) ?? {
      label,
      requests: 0,
      failures: 0,
      consecutive: 0,
      downAt: null,
      healthVersion: 0,
    };
    this.entries.delete(key);
    e.requests++;
    if (succeeded) {
      e.consecutive = 0;
      e.downAt = null;
    } else {
      e.failures++;
      e.consecutive++;
      if (e.consecutive >= FAILURES_TO_MARK_DOWN) {
        e.downAt = this.now();
        e.healthVersion = healthVersion;
      }
    }
    if (this.entries.size >= this.limit) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, e);
  }

  /**
   * Whether the member behind `key` is down for this request. Call once per key per request (the
   * caller memoises): a granted trial restarts the 30 s, so a second call would say down again.
   */
  isDown(key: string, checkId: string | null, view: HealthView): boolean {
    const e = this.entries.get(key);
    if (e === undefined || e.downAt === null) return false;
    if (checkId !== null && view.version > e.healthVersion && view.isHealthy(checkId)) {
      e.downAt = null;
      e.consecutive = 0;
      return false;
    }
    const now = this.now();
    if (now - e.downAt < TRIAL_AFTER_MS) return true;
    e.downAt = now; // this request is the trial; others wait another 30 s
    return false;
  }

  /** Forgets everything (tests start each case from a fresh isolate's state). */
  clear(): void {
    this.entries.clear();
  }

  counters(key: string): MemberCounters | undefined {
    const e = this.entries.get(key);
    return e === undefined
      ? undefined
      : { requests: e.requests, failures: e.failures, down: e.downAt !== null };
  }
}

/** The isolate's one instance. */
export const passiveHealth = new PassiveHealth();
