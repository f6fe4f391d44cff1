/**
 * Which upstreams are asked, in what order and with how much time (docs/doh-protocol.md §15):
 * `fallback` asks them one after another, each getting an equal share of what is left of the
 * budget; `race` asks all at once and takes the first usable answer. Pure apart from the injected
 * `attempt` and clock.
 */
import type { UpstreamReply } from '../dns/codec/decode-reply';
import { err, ok, type Result } from '../result';
import type { ForwardMode, Upstream } from './config';
import type { UpstreamFailure } from './failure';

export type Attempt = (
  upstream: Upstream,
  timeoutMs: number,
  cancel: AbortSignal,
) => Promise<Result<UpstreamReply, UpstreamFailure>>;

export interface Exchange {
  readonly upstreams: readonly Upstream[];
  readonly mode: ForwardMode;
  readonly budgetMs: number;
  readonly now: () => number;
  /** The asking client went away: stop (no further upstream is tried). */
  readonly cancel?: AbortSignal;
}

export type ExchangeResult = Result<UpstreamReply, readonly UpstreamFailure[]>;

async function fallback(x: Exchange, attempt: Attempt): Promise<ExchangeResult> {
  const start = x.now();
  const failures: UpstreamFailure[] = [];
  const cancel = x.cancel ?? new AbortController().signal;
  // The first upstream's share is computed from the whole budget, not from a clock read that
  // may already have moved on a loaded machine; later shares from what is really left.
  let left = x.budgetMs;
  for (const [i, upstream] of x.upstreams.entries()) {
    if (left <= 0 || cancel.aborted) break;
    const share = Math.max(1, Math.floor(left / (x.upstreams.length - i)));
    const r = await attempt(upstream, share, cancel);
    if (r.ok) return r;
    failures.push(r.error);
    left = x.budgetMs - (x.now() - start);
  }
  return err(failures);
}

function race(x: Exchange, attempt: Attempt): Promise<ExchangeResult> {
  const controller = new AbortController();
  x.cancel?.addEventListener('abort', () => controller.abort(), { once: true });
  const failures: (UpstreamFailure | undefined)[] = x.upstreams.map(() => undefined);
  let left = x.upstreams.length;
  return new Promise((done) => {
    for (const [i, upstream] of x.upstreams.entries()) {
      void attempt(upstream, x.budgetMs, controller.signal).then((r) => {
        if (r.ok) {
          controller.abort();
          done(ok(r.value));
          return;
        }
        failures[i] = r.error;
        if (--left === 0) done(err(failures.filter((f) => f !== undefined)));
      });
    }
  });
}

export function exchange(x: Exchange, attempt: Attempt): Promise<ExchangeResult> {
  return x.mode === 'race' ? race(x, attempt) : fallback(x, attempt);
}
