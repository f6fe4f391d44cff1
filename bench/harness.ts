/** A small, honest timing harness: warm-up, then the median of several timed batches. */

export interface Measurement {
  readonly name: string;
  /** Median cost of one call over the batches, in microseconds. */
  readonly micros: number;
  /** Fastest batch: the least disturbed by GC and the rest of the machine. */
  readonly bestMicros: number;
}

export function measure(name: string, fn: () => unknown, { batches = 7, minMs = 200 } = {}): Measurement {
  // Warm up until the JIT has settled, and size a batch to take about minMs.
  let n = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms >= minMs / 4) {
      n = Math.max(1, Math.round((n * minMs) / Math.max(ms, 0.001)));
      break;
    }
    n *= 2;
  }
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e3 / n);
  }
  samples.sort((a, b) => a - b);
  return { name, micros: samples[Math.floor(samples.length / 2)]!, bestMicros: samples[0]! };
}

export function timeOnce<T>(fn: () => T): { value: T; ms: number } {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

export interface Target {
  readonly what: string;
  readonly met: boolean;
  readonly detail: string;
}

export function report(
  title: string,
  rows: readonly (readonly string[])[],
  targets: readonly Target[],
): boolean {
  console.log(`\n## ${title}\n`);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const [i, row] of rows.entries()) {
    console.log(`| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`);
    if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  }
  console.log('');
  for (const t of targets) console.log(`${t.met ? 'MET   ' : 'MISSED'} ${t.what}: ${t.detail}`);
  return targets.every((t) => t.met);
}

/**
 * Bytes the heap allocates per call of `fn`, garbage included: V8's sampling heap profiler (one
 * sample per `interval` bytes on average, objects that later died counted too) over `calls` calls
 * after a warm-up. Steadier than time on a shared machine, and what the garbage collector pays for.
 */
export async function allocatedBytesPerCall(
  fn: () => unknown,
  calls = 100_000,
  interval = 512,
): Promise<number> {
  const { Session } = await import('node:inspector/promises');
  for (let i = 0; i < calls; i++) fn();
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: interval,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    for (let i = 0; i < calls; i++) fn();
    const { profile } = await session.post('HeapProfiler.stopSampling');
    let total = 0;
    const walk = (node: typeof profile.head) => {
      total += node.selfSize;
      for (const child of node.children) walk(child);
    };
    walk(profile.head);
    return total / calls;
  } finally {
    session.disconnect();
  }
}
