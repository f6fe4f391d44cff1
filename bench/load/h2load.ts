/**
 * A cross-check of wrk's latencies: nghttp2's h2load over HTTP/1.1 (`--h1`), pinned like wrk, one
 * GET URL, with its per-request log (start µs, status, µs to the end of the response) read back;
 * as fast as the server answers, or paced at a fixed rate per connection (`rps`).
 * h2load applies no coordinated-omission correction: every row is one measured request.
 */
import { readFileSync, rmSync } from 'node:fs';
import { runOnCore } from './procfs';
import type { Histogram } from './wrk-histogram';

export interface H2loadRun {
  readonly url: string;
  readonly seconds: number;
  readonly connections: number;
  readonly core: number;
  readonly logPath: string;
  /** Requests a second per connection (h2load --rps): paced load instead of as fast as it goes. */
  readonly rps?: number;
}

export interface H2loadResult {
  readonly requests: number;
  readonly seconds: number;
  /** Requests that did not end with HTTP 200. */
  readonly errors: number;
  readonly measured: Histogram;
}

export async function runH2load(run: H2loadRun): Promise<H2loadResult> {
  const args = ['--h1', '--threads', '1', '--clients', String(run.connections)];
  args.push('--duration', String(run.seconds), '--header', 'accept: application/dns-message');
  if (run.rps !== undefined) args.push(`--rps=${run.rps}`);
  // h2load appends to its log: without this a run would count the requests of the runs before it.
  rmSync(run.logPath, { force: true });
  await runOnCore(run.core, 'h2load', [...args, `--log-file=${run.logPath}`, run.url], run.seconds + 30);
  const measured = new Map<number, number>();
  let requests = 0;
  let failed = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const line of readFileSync(run.logPath, 'utf8').split('\n')) {
    const [start, status, micros] = line.split('\t').map(Number);
    if (start === undefined || status === undefined || micros === undefined || Number.isNaN(micros)) continue;
    requests++;
    if (status !== 200) failed++;
    measured.set(micros, (measured.get(micros) ?? 0) + 1);
    first = Math.min(first, start);
    last = Math.max(last, start + micros);
  }
  return { requests, seconds: requests > 0 ? (last - first) / 1e6 : 0, errors: failed, measured };
}
