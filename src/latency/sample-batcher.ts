/**
 * The buffer between an isolate's samplers and LatencyState (issue 11): samples wait in memory (at
 * most `maxBuffered`) and go to the Durable Object in one call per `batchSize` samples or per
 * `flushMs`, one call in flight; a failed call keeps its samples (space permitting) for the next.
 * The edge sampler (edge-sampler.ts) and the client beacon (client-beacons.ts) each own one, so a
 * burst of traffic costs a bounded number of DO calls, not one per sample.
 */
import { MAX_SAMPLE_BATCH } from './sampled';

export const BATCH_SIZE = 50;
export const MAX_BUFFERED = MAX_SAMPLE_BATCH;

export interface BatchCounters {
  /** Samples buffered. */
  sampled: number;
  /** Samples lost: the buffer was full. */
  dropped: number;
  /** DO calls made, and how many failed. */
  batches: number;
  batchFailures: number;
}

export class SampleBatcher<T> {
  private buffer: T[] = [];
  private bufferedSince = 0;
  private sending = false;

  constructor(
    private readonly send: (batch: readonly T[]) => Promise<unknown>,
    private readonly now: () => number,
    private readonly flushMs: number,
    readonly counters: BatchCounters,
  ) {}

  /** Samples buffered and not yet sent. */
  get buffered(): number {
    return this.buffer.length;
  }

  add(sample: T): void {
    if (this.buffer.length >= MAX_BUFFERED) {
      this.counters.dropped++;
      return;
    }
    if (this.buffer.length === 0) this.bufferedSince = this.now();
    this.buffer.push(sample);
    this.counters.sampled++;
  }

  /**
   * Whether a call is due at `now` (default: the batcher's clock, which stamped the samples; a
   * time read before they were added would make them look younger than they are).
   */
  due(now: number = this.now()): boolean {
    if (this.sending || this.buffer.length === 0) return false;
    return this.buffer.length >= BATCH_SIZE || now - this.bufferedSince >= this.flushMs;
  }

  /** Sends the buffered samples now (one call; none if one is in flight or nothing is buffered). */
  async flush(): Promise<void> {
    if (this.sending || this.buffer.length === 0) return;
    const batch = this.buffer.slice(0, MAX_SAMPLE_BATCH);
    this.buffer = this.buffer.slice(batch.length);
    this.bufferedSince = this.buffer.length > 0 ? this.now() : 0;
    this.sending = true;
    this.counters.batches++;
    try {
      await this.send(batch);
    } catch {
      this.counters.batchFailures++;
      // Kept for the next call while there is room.
      const room = MAX_BUFFERED - this.buffer.length;
      if (room > 0) this.buffer = [...batch.slice(0, room), ...this.buffer];
      this.counters.dropped += Math.max(0, batch.length - room);
      if (this.buffer.length > 0) this.bufferedSince = this.now();
    } finally {
      this.sending = false;
    }
  }
}

/**
 * Records `key` → `at` in an insertion-ordered map kept to `max` keys: past it, the oldest half is
 * forgotten (a forgotten key is only sampled or accepted again sooner than its interval).
 */
export function rememberBounded(map: Map<string, number>, key: string, at: number, max: number): void {
  map.delete(key);
  map.set(key, at);
  if (map.size <= max) return;
  const forget = [...map.keys()].slice(0, max / 2);
  for (const old of forget) map.delete(old);
}
