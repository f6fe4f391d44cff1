/** One deadline per probe and the failure a thrown error stands for (docs/routing-semantics.md §5.2). */
import type { ProbeDeps, ProbeFailure } from './probe-types';

export class DeadlineExceeded extends Error {
  constructor(readonly deadlineMs: number) {
    super(`timeout after ${deadlineMs} ms`);
  }
}

export function deadlineSignal(deps: ProbeDeps, ms: number): AbortSignal {
  return (deps.deadline ?? ((after: number) => AbortSignal.timeout(after)))(ms);
}

/** Resolves like `work`, or rejects with DeadlineExceeded once `signal` aborts. */
export function beforeDeadline<T>(work: Promise<T>, signal: AbortSignal, deadlineMs: number): Promise<T> {
  if (signal.aborted) return Promise.reject(new DeadlineExceeded(deadlineMs));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new DeadlineExceeded(deadlineMs));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export interface ClassifiedError {
  readonly failure: ProbeFailure;
  readonly reason: string;
}

/** Maps what fetch()/connect() throw to a failure kind and a short reason. */
export function classifyError(error: unknown, deadlineMs: number, signal: AbortSignal): ClassifiedError {
  if (error instanceof DeadlineExceeded || signal.aborted) {
    return { failure: 'timeout', reason: `timeout after ${deadlineMs} ms` };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/refused|cannot connect|ECONNREFUSED/i.test(message))
    return { failure: 'refused', reason: 'connection refused' };
  if (/dns|resolv|ENOTFOUND|no such host|name not/i.test(message)) {
    return { failure: 'dns', reason: 'DNS resolution failed' };
  }
  return { failure: 'network', reason: `connection failed: ${message.slice(0, 160)}` };
}
