/**
 * Concurrent identical misses share one upstream exchange: the first caller starts it, later
 * callers with the same key join it until it settles (isolate memory only).
 */
export class Coalescer<T> {
  private readonly inflight = new Map<string, Promise<T>>();

  /** Requests currently in flight, for tests and diagnostics. */
  get pending(): number {
    return this.inflight.size;
  }

  run(key: string, start: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key);
    if (running !== undefined) return running;
    const promise = start().finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }
}
