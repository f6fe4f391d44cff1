/**
 * Concurrent identical misses share one upstream exchange: the first caller starts it, later
 * callers with the same key join it until it settles (isolate memory only). When the caller that
 * started it is cancelled (its client went away), the callers still waiting do not inherit its
 * failure: they start again, the first of them as the new starter, the others joining it.
 */
interface Flight<T> {
  readonly promise: Promise<T>;
  /** The starter's cancellation signal: when it aborts, the waiters take over. */
  readonly owner: AbortSignal | undefined;
}

const ABANDONED: unique symbol = Symbol('abandoned');

function abandonment(owner: AbortSignal): Promise<typeof ABANDONED> {
  return new Promise((resolve) => {
    if (owner.aborted) resolve(ABANDONED);
    else owner.addEventListener('abort', () => resolve(ABANDONED), { once: true });
  });
}

export class Coalescer<T> {
  private readonly inflight = new Map<string, Flight<T>>();
  /** Waiters that started again because their starter was cancelled (tests and diagnostics). */
  retries = 0;

  /** Requests currently in flight, for tests and diagnostics. */
  get pending(): number {
    return this.inflight.size;
  }

  /** `cancel` is this caller's own signal; it owns the exchange if it is the one to start it. */
  run(key: string, start: () => Promise<T>, cancel?: AbortSignal): Promise<T> {
    const flight = this.inflight.get(key);
    return flight === undefined ? this.begin(key, start, cancel) : this.join(key, flight, start, cancel);
  }

  private begin(key: string, start: () => Promise<T>, owner: AbortSignal | undefined): Promise<T> {
    const promise = start().finally(() => {
      if (this.inflight.get(key) === flight) this.inflight.delete(key);
    });
    const flight: Flight<T> = { promise, owner };
    this.inflight.set(key, flight);
    return promise;
  }

  private async join(
    key: string,
    flight: Flight<T>,
    start: () => Promise<T>,
    cancel: AbortSignal | undefined,
  ): Promise<T> {
    if (flight.owner === undefined) return flight.promise;
    const settled = await Promise.race([flight.promise, abandonment(flight.owner)]);
    if (settled !== ABANDONED || cancel?.aborted) return settled === ABANDONED ? flight.promise : settled;
    if (this.inflight.get(key) === flight) this.inflight.delete(key);
    this.retries++;
    return this.run(key, start, cancel);
  }
}
